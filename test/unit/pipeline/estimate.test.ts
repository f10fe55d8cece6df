import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRun, describeEstimate, overThreshold, runStages, type StageEstimate } from '../../../src/core/pipeline';
import { KEY, makeFixture, rows, runJson, type Fixture } from './fixture';

describe('pipeline: cost estimate before a stage sends (issue 14, point 5)', function () {
  this.timeout(20_000);
  let fx: Fixture | undefined;
  afterEach(async () => fx?.close());
  const keys = { apiKeys: { reasoner: KEY, corrector: KEY } };

  it('estimates requests, tokens and dollars from the prompt and the data, and sends nothing unless confirmed', async () => {
    fx = await makeFixture({ questions: 6, reasoner: { wrongRate: 1 } });
    // A prompt 50 times the sample's: every correction request carries all of it.
    const sample = readFileSync(fx.prompt, 'utf8');
    const [instruction, ...examples] = sample.split('\n\nQuestion:');
    writeFileSync(join(fx.dir, 'big.fewshot.txt'), [instruction, ...Array.from({ length: 50 }, () => examples).flat()].join('\n\nQuestion:'));
    const runId = await createRun(fx.config({ promptFile: join(fx.dir, 'big.fewshot.txt'), corrector: fx.model('corrector', { sampling: { maxTokens: 300 } }) }));
    await runStages(fx.dir, runId, ['sample'], keys);
    const mistakes = rows(fx.dir, runId, 'paths').length;
    assert.ok(mistakes > 0);

    const seen: StageEstimate[] = [];
    const before = fx.fake.requests.length;
    const prices = { corrector: { inputPerMillion: 1, outputPerMillion: 2 } };
    const declined = await runStages(fx.dir, runId, ['correct'], { ...keys, prices, confirmCost: (e) => (seen.push(e), false) });
    assert.equal(fx.fake.requests.length, before, 'a request went out before the estimate was confirmed');
    assert.equal(declined.stages.correct?.state, 'cancelled');
    assert.match(declined.stages.correct?.message ?? '', /not started: its cost estimate .* was not confirmed, so nothing was sent/);
    assert.equal(runJson(fx.dir, runId).stages['correct']?.state, 'cancelled');

    const e = seen[0] as StageEstimate;
    assert.equal(e.requests, mistakes);
    assert.equal(e.completionTokens, mistakes * 300);
    assert.equal(e.completionBasis, 'maxTokens');
    const promptChars = readFileSync(join(fx.dir, 'big.fewshot.txt'), 'utf8').length;
    assert.ok(e.largestPromptTokens > promptChars / 4 && e.largestPromptTokens < promptChars / 3, `${e.largestPromptTokens} tokens for ${promptChars} characters`);
    assert.ok(Math.abs((e.costUsd ?? 0) - (e.promptTokens * 1 + e.completionTokens * 2) / 1e6) < 1e-9);
    assert.match(describeEstimate(e), new RegExp(`^correct: ${mistakes} requests to corrector, ≈ .* prompt \\+ ${mistakes * 300} completion tokens`));
    assert.match(overThreshold(e, { maxUsd: 0, maxTokens: 1e12 }) ?? '', /the estimate \(\$\d+\.\d\d\) is above \$0\.00/);
    assert.equal(overThreshold(e, { maxUsd: 100, maxTokens: 1e12 }), undefined);
    assert.match(overThreshold({ ...e, costUsd: undefined }, { maxUsd: 0, maxTokens: 10 }) ?? '', /tokens\) is above 10 tokens/);

    const sent = await runStages(fx.dir, runId, ['correct'], { ...keys, prices, confirmCost: () => true });
    assert.equal(sent.stages.correct?.state, 'done');
    const usage = rows<{ usage?: { promptTokens: number } }>(fx.dir, runId, 'corrections').reduce((sum, c) => sum + (c.usage?.promptTokens ?? 0), 0);
    // The estimate is in the right range of what the endpoint counted.
    assert.ok(e.promptTokens > usage * 0.5 && e.promptTokens < usage * 2, `estimated ${e.promptTokens}, counted ${usage}`);
  });
});
