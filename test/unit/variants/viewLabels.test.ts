/** The mistake view names each correction's variant: the original one by run.json's prompt file, an added one by its variants.jsonl row. */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRun, runStages } from '../../../src/core/pipeline';
import { mistakeData } from '../../../src/core/review/mistakeData';
import { loadRun } from '../../../src/core/runs/loadRun';
import { KEY, makeFixture, type Fixture } from '../pipeline/fixture';

describe('correction variants in the mistake view data', function () {
  this.timeout(30_000);
  let fx: Fixture;
  afterEach(async () => fx.close());

  it('each correction carries its variant and a label with the prompt file', async () => {
    fx = await makeFixture({ questions: 6, reasoner: { wrongRate: 0.5 } });
    const runId = await createRun(fx.config());
    const options = { apiKeys: { reasoner: KEY, corrector: KEY }, retry: { baseDelayMs: 1, maxDelayMs: 5 } };
    await runStages(fx.dir, runId, ['sample', 'correct'], options);
    const brief = join(fx.dir, 'prompts-brief.fewshot.txt');
    writeFileSync(brief, `${readFileSync(fx.prompt, 'utf8').split('\n\nQuestion:').slice(0, 2).join('\n\nQuestion:')}\n`);
    const made = await runStages(fx.dir, runId, ['correct'], { ...options, variant: { prompt: { text: readFileSync(brief, 'utf8'), file: brief } } });
    assert.equal(made.stages.correct?.state, 'done');

    const run = await loadRun(fx.dir, runId);
    const data = mistakeData(run, 0);
    assert.equal(data.corrections.length, 2);
    const [own, added] = data.corrections;
    assert.ok(own?.variant !== undefined && added?.variant !== undefined && own.variant !== added.variant);
    assert.equal(own.variantLabel, `corrector · gsm8k.fewshot.txt · ${own.variant}`);
    assert.equal(added.variantLabel, `corrector · prompts-brief.fewshot.txt · ${added.variant}`);
  });
});
