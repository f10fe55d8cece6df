/** Issue 19: fine-tuning prices in the price table, and the experiment's estimate from them, against hand computations. */
import { strict as assert } from 'node:assert';
import { describeExperimentEstimate, estimateExperiment } from '../../../src/core/experiment/estimate';
import { costUsd, DEFAULT_PRICES, parsePriceTable, priceFor } from '../../../src/core/llm/usage';

describe('fine-tuning prices (issue 19)', () => {
  it('prices a fine-tuned model at its base’s fine-tuned price, dated snapshot or not', () => {
    assert.deepEqual(priceFor('ft:gpt-4o-mini-2024-07-18:my-org:mb-lema:abc123', DEFAULT_PRICES), { inputPerMillion: 0.3, outputPerMillion: 1.2 });
    assert.equal(costUsd('ft:gpt-4.1-mini-2025-04-14:org::x', { promptTokens: 1_000_000, completionTokens: 1_000_000 }, DEFAULT_PRICES), 0.8 + 3.2);
    assert.equal(priceFor('ft:gpt-4:org::x', DEFAULT_PRICES), undefined, 'no fine-tuned price listed: unknown, not the base price');
    assert.equal(priceFor('ft:llama-3:org::x', DEFAULT_PRICES), undefined);
  });

  it('reads training and fine-tuned prices from a user table, and names a bad one', () => {
    const ok = parsePriceTable('{ "m": { "inputPerMillion": 1, "outputPerMillion": 2, "trainingPerMillion": 8, "fineTunedInputPerMillion": 3, "fineTunedOutputPerMillion": 6 } }', 'p.json');
    assert.deepEqual(ok.diagnostics, []);
    assert.deepEqual(ok.prices['m'], { inputPerMillion: 1, outputPerMillion: 2, trainingPerMillion: 8, fineTunedInputPerMillion: 3, fineTunedOutputPerMillion: 6 });
    const bad = parsePriceTable('{\n  "m": { "inputPerMillion": 1, "outputPerMillion": 2, "trainingPerMillion": "8" }\n}', 'p.json');
    assert.equal(bad.prices['m'], undefined);
    assert.deepEqual(bad.diagnostics.map((d) => [d.line, d.message]), [[2, 'price of "m": "trainingPerMillion" must be a non-negative number (USD per 1M tokens)']]);
  });

  it('estimates training and evaluation as computed by hand', () => {
    // gpt-4o-mini: training $3/1M; base $0.15 in / $0.60 out; fine-tuned $0.30 / $1.20.
    const e = estimateExperiment({
      experimentId: 'exp-x',
      baseModel: 'gpt-4o-mini-2024-07-18',
      sets: { cot: { tokens: 100_000, examples: 100 }, lema: { tokens: 300_000, examples: 200 } },
      started: new Set(),
      epochs: undefined,
      test: { questions: 100, promptTokens: 10_000, samplesPerQuestion: 4, maxTokens: 500 },
      prices: DEFAULT_PRICES,
    });
    const costs = e.lines.map((l) => Number((l.costUsd ?? NaN).toFixed(6)));
    // training: 100k × 3 epochs × $3/1M = $0.90; 300k × 3 × 3/1M = $2.70.
    // base: 10k × 0.15/1M + 200k × 0.60/1M = 0.0015 + 0.12; fine-tuned: 10k × 0.30/1M + 200k × 1.20/1M = 0.003 + 0.24.
    assert.deepEqual(costs, [0.9, 2.7, 0.1215, 0.243, 0.243]);
    assert.ok(Math.abs(e.totalUsd - 4.2075) < 1e-9);
    assert.match(describeExperimentEstimate(e, 'gpt-4o-mini-2024-07-18'), /^Experiment exp-x: estimated cost ≈ \$4\.21\n {2}train CoT-only on 100 examples: \$0\.90 \(100k tokens × 3 epochs, assumed: the engine chooses\)/);
    const resumed = estimateExperiment({ ...{ experimentId: 'exp-x', baseModel: 'llama-3', sets: { cot: { tokens: 1, examples: 1 }, lema: { tokens: 1, examples: 1 } }, epochs: 2, test: { questions: 1, promptTokens: 1, samplesPerQuestion: 1, maxTokens: 1 }, prices: DEFAULT_PRICES }, started: new Set(['cot'] as const) });
    assert.equal(resumed.lines[0]?.costUsd, 0);
    assert.deepEqual(resumed.unpriced.length, 4, 'an unpriced model is named, not counted as free');
  });
});
