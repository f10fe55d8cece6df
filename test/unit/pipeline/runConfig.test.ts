import { strict as assert } from 'node:assert';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRun, runStages, type EvaluationRecord, type PathRecord } from '../../../src/core/pipeline';
import type { RunInfo } from '../../../src/core/store/runInfo';
import { majorityIsRight } from '../../../src/core/pipeline/evaluate';
import { taskById } from '../../../src/core/task';
import { DEFAULT_SOLVE_TEMPLATE } from '../../../src/core/task/solvePrompt';
import { KEY, makeFixture, questions, rows, runJson, type Fixture } from './fixture';

const quick = { apiKeys: { reasoner: KEY, corrector: KEY }, retry: { baseDelayMs: 1, maxDelayMs: 5 } };

describe('pipeline: run configuration', function () {
  this.timeout(20_000);
  let fx: Fixture;
  afterEach(async () => fx.close());

  it('snapshots the task, dataset hash, models, limits and both prompts in run.json', async () => {
    fx = await makeFixture({ questions: 3 });
    const runId = await createRun(fx.config({ reasoner: fx.model('reasoner', { maxConcurrency: 3, requestsPerMinute: 600 }), correctionsPerMistake: 2, limit: 2, runId: 'snap' }));
    assert.equal(runId, 'snap');
    const info = runJson(fx.dir, runId) as unknown as RunInfo;
    assert.equal(info.task, 'gsm8k', 'detected from the dataset');
    assert.equal(info.dataset.path, 'data/train.jsonl', 'inside the workspace: stored relative to it');
    assert.match(info.dataset.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(info.models.reasoner, { endpoint: fx.fake.url, model: 'reasoner', api: 'chat', sampling: { temperature: 0.7, seed: 11, maxTokens: 400, n: 4 } });
    assert.equal(info.models.corrector?.sampling.n, 2);
    assert.equal(info.prompts.solve?.text, DEFAULT_SOLVE_TEMPLATE);
    assert.equal(info.prompts.correction?.file, 'gsm8k.fewshot.txt');
    assert.deepEqual(info.settings, { samplesPerQuestion: 4, correctionsPerMistake: 2, limit: 2, 'reasoner.maxConcurrency': 3, 'reasoner.requestsPerMinute': 600 });
  });

  it('samples only the first `limit` questions, and refuses a dataset changed since the run was made', async () => {
    fx = await makeFixture({ questions: 5 });
    const runId = await createRun(fx.config({ limit: 2, samplesPerQuestion: 1 }));
    await runStages(fx.dir, runId, ['sample'], quick);
    assert.equal(rows(fx.dir, runId, 'paths').length, 2);
    appendFileSync(fx.dataset, `${JSON.stringify({ question: 'What is 1+1?', answer: '1+1 = 2.\n#### 2' })}\n`);
    const result = await runStages(fx.dir, runId, ['sample', 'correct'], quick);
    assert.equal(result.stages.sample?.state, 'failed');
    assert.match(result.stages.sample?.message ?? '', /train\.jsonl changed since the run was created/);
    assert.equal(result.stages.correct, undefined, 'a stage that could not run ends the sequence');
    assert.equal(runJson(fx.dir, runId).stages['sample']?.state, 'failed');
  });

  it('the correct stage says what is missing when the run has no corrector', async () => {
    fx = await makeFixture({ questions: 2 });
    const config = fx.config();
    delete config.corrector;
    const runId = await createRun(config);
    const result = await runStages(fx.dir, runId, ['correct'], quick);
    assert.equal(result.stages.correct?.state, 'failed');
    assert.match(result.stages.correct?.message ?? '', /no corrector model; create a run with one/);
  });

  it('evaluates on a separate test set, once', async () => {
    fx = await makeFixture({ questions: 4, reasoner: { wrongRate: 0.5 } });
    // The fake knows these questions too: the test file repeats the first two training questions.
    const test = join(fx.dir, 'data', 'test.jsonl');
    writeFileSync(test, questions(2).map((e) => JSON.stringify({ question: e.question, answer: `${e.goldSolution}\n#### ${e.goldAnswer}` })).join('\n') + '\n');
    const runId = await createRun(fx.config({ evaluation: { datasetFile: test, samplesPerQuestion: 5 } }));
    const result = await runStages(fx.dir, runId, ['evaluate', 'evaluate'], quick);
    assert.equal(result.stages.evaluate?.state, 'done');
    const evaluations = rows<EvaluationRecord>(fx.dir, runId, 'evaluations');
    assert.equal(evaluations.length, 1);
    assert.equal(evaluations[0]?.dataset, 'data/test.jsonl');
    assert.equal(evaluations[0]?.questions, 2);
    assert.equal(evaluations[0]?.samplesPerQuestion, 5);
    assert.equal(fx.fake.requests.length, 2, 'one request (n = 5) per test question, and none for the second evaluate');
    assert.equal(rows<PathRecord>(fx.dir, runId, 'paths').length, 0, 'test-set samples are not training mistakes');
  });
});

describe('majority vote', () => {
  const gsm8k = taskById('gsm8k');
  const v = (answer: string | null, correct: boolean) => ({ answer, correct });

  it('takes the answer most samples agree on, grouping equivalent answers', () => {
    // Without grouping, "7" (two votes) would beat each spelling of 12 (one vote each).
    assert.equal(majorityIsRight(gsm8k, [v('7', false), v('12', true), v('12.0', true), v('7', false), v('12.00', true)], {}), true);
    assert.equal(majorityIsRight(gsm8k, [v('7', false), v('12', true), v('7', false)], {}), false);
  });

  it('ignores samples with no answer, and breaks a tie in favour of the answer seen first', () => {
    assert.equal(majorityIsRight(gsm8k, [v(null, false), v(null, false), v('5', true)], {}), true);
    assert.equal(majorityIsRight(gsm8k, [v('4', false), v('5', true)], {}), false);
    assert.equal(majorityIsRight(gsm8k, [v('5', true), v('4', false)], {}), true);
    assert.equal(majorityIsRight(gsm8k, [], {}), false);
  });
});
