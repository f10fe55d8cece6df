import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRun, runStages } from '../../../src/core/pipeline';
import type { CritiqueRecord } from '../../../src/core/pipeline/critique';
import { loadRun } from '../../../src/core/runs/loadRun';
import { loadStats, type StatsReport } from '../../../src/core/stats';
import { saveErrorType } from '../../../src/core/truth/save';
import { KEY as KEY_FIXTURE, makeFixture } from '../pipeline/fixture';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import { run } from '../cli/capture';

const SAMPLES = join(__dirname, '../../../samples');
const KEY = 'sk-critique-SECRET-0a1b2c3d4e5f';

/**
 * The demo corrector as a critic on samples/datasets/processbench-sample.jsonl (10 solutions in
 * ProcessBench's layout): it checks each step's arithmetic, so it finds the three miscalculated
 * steps, misses the two errors of reasoning (a wrong operation, a misread relation), says "None" for
 * four of the five right solutions, and flags the fifth, whose rounded 33.33 it takes for a slip.
 * By hand: erroneous 3/5 = 0.6, correct 4/5 = 0.8, F1 = 2·0.6·0.8 / 1.4 = 0.685714…
 */
describe('mistakebook run critique (the corrector names the first wrong step)', function () {
  this.timeout(60_000);
  let fake: FakeOpenAI;
  let dir: string;
  const saved = process.env['MISTAKEBOOK_API_KEY'];

  beforeEach(async () => {
    fake = await startFakeOpenAI({ apiKey: KEY });
    dir = mkdtempSync(join(tmpdir(), 'mb-critique-'));
    mkdirSync(join(dir, 'data'));
    copyFileSync(join(SAMPLES, 'datasets/processbench-sample.jsonl'), join(dir, 'data/pb.jsonl'));
    copyFileSync(join(SAMPLES, 'prompts/critic.fewshot.txt'), join(dir, 'critic.fewshot.txt'));
    process.env['MISTAKEBOOK_API_KEY'] = KEY;
  });
  afterEach(async () => {
    await fake.close();
    if (saved === undefined) delete process.env['MISTAKEBOOK_API_KEY'];
    else process.env['MISTAKEBOOK_API_KEY'] = saved;
  });

  const create = async (): Promise<string> => {
    const created = await run('run', 'create', '--workspace', dir, '--dataset', join(dir, 'data/pb.jsonl'), '--base-url', fake.url, '--model', 'corrector', '--corrector-model', 'corrector', '--prompt', join(dir, 'critic.fewshot.txt'), '--id', 'critic');
    assert.equal(created.code, 0, created.stderr);
    return created.stdout.trim();
  };

  it('asks for each solution once, stores the step named beside the label, and stats scores it', async () => {
    const id = await create();
    const critiqued = await run('run', 'critique', '--run', id, '--workspace', dir);
    assert.equal(critiqued.code, 0, critiqued.stderr);
    assert.match(critiqued.stderr, /critique: done, 10 of 10 solutions/);
    assert.equal(fake.requests.length, 10);
    const rows = readFileSync(join(dir, '.mistakebook/runs', id, 'critiques.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CritiqueRecord);
    const byId = new Map(rows.map((r) => [r.questionId, r]));
    // ProcessBench's label k is Step k + 1; -1 is null.
    assert.deepEqual([byId.get('pb-sample-1')?.labelStep, byId.get('pb-sample-1')?.predictedStep], [2, 2]);
    assert.deepEqual([byId.get('pb-sample-0')?.labelStep, byId.get('pb-sample-0')?.predictedStep], [null, null]);
    assert.deepEqual([byId.get('pb-sample-3')?.labelStep, byId.get('pb-sample-3')?.predictedStep], [2, null]);
    assert.deepEqual([byId.get('pb-sample-9')?.labelStep, byId.get('pb-sample-9')?.predictedStep], [null, 1]);
    assert.ok(rows.every((r) => r.outcome === 'parsed'));

    // A rerun asks nothing: every solution has its row.
    const again = await run('run', 'critique', '--run', id, '--workspace', dir);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(fake.requests.length, 10);
    assert.equal(readFileSync(join(dir, '.mistakebook/runs', id, 'critiques.jsonl'), 'utf8').trim().split('\n').length, 10);

    const stats = await run('stats', '--json', '--workspace', dir);
    assert.equal(stats.code, 0, stats.stderr);
    const report = JSON.parse(stats.stdout) as StatsReport;
    assert.equal(report.critic.length, 1);
    const c = report.critic[0];
    assert.equal(c?.against, 'dataset');
    assert.equal(c?.dataset, 'pb.jsonl');
    assert.equal(c?.model, 'corrector');
    assert.equal(c?.solutions, 10);
    assert.equal(c?.erroneousAccuracy, 0.6);
    assert.equal(c?.correctAccuracy, 0.8);
    assert.ok(Math.abs((c?.f1 ?? 0) - 0.6857142857) < 1e-9, String(c?.f1));
    assert.match(c?.erroneous.text ?? '', /^60\.0% \(n = 5, 95% CI/);
    const sampled = await run('run', 'sample', '--run', id, '--workspace', dir);
    assert.equal(sampled.code, 1);
    assert.match(sampled.stderr, /holds solutions in ProcessBench's layout, not questions to solve: a run over it skips sampling\. Use 'mistakebook run critique'/);
    assert.equal(fake.requests.length, 10);
    const text = await run('stats', '--workspace', dir);
    assert.match(text.stdout, /corrector · [0-9a-f]{8} against pb\.jsonl's labels {2}F1 68\.6% {2}\(10 solutions\)/);

    // A second dataset is a row of its own, as ProcessBench reports each subset apart.
    copyFileSync(join(SAMPLES, 'datasets/processbench-sample.jsonl'), join(dir, 'data/pb2.jsonl'));
    const second = await run('run', 'create', '--workspace', dir, '--dataset', join(dir, 'data/pb2.jsonl'), '--base-url', fake.url, '--model', 'corrector', '--corrector-model', 'corrector', '--prompt', join(dir, 'critic.fewshot.txt'), '--id', 'critic-2');
    assert.equal(second.code, 0, second.stderr);
    assert.equal((await run('run', 'critique', '--run', 'critic-2', '--workspace', dir)).code, 0);
    const both = JSON.parse((await run('stats', '--json', '--workspace', dir)).stdout) as StatsReport;
    assert.deepEqual(both.critic.map((r) => [r.dataset, r.solutions, r.f1.toFixed(4)]), [['pb.jsonl', 10, '0.6857'], ['pb2.jsonl', 10, '0.6857']]);
  });

  it('refuses a run over a dataset that is not in ProcessBench’s layout, naming what to do', async () => {
    const created = await run('run', 'create', '--workspace', dir, '--dataset', join(SAMPLES, 'datasets/gsm8k-sample.jsonl'), '--base-url', fake.url, '--model', 'corrector', '--corrector-model', 'corrector', '--prompt', join(dir, 'critic.fewshot.txt'), '--id', 'not-pb');
    assert.equal(created.code, 0, created.stderr);
    const critiqued = await run('run', 'critique', '--run', 'not-pb', '--workspace', dir);
    assert.equal(critiqued.code, 1);
    assert.match(critiqued.stderr, /is a gsm8k dataset; run critique needs solutions in ProcessBench's layout/);
    assert.equal(fake.requests.length, 0);
  });
});

describe('mistakebook run classify (the corrector files each error under a type)', function () {
  this.timeout(60_000);

  it('asks once per parsed correction, stores the model’s type, and a type set by hand still wins', async () => {
    const fx = await makeFixture({ questions: 8, reasoner: { wrongRate: 0.5 } });
    try {
      const runId = await createRun(fx.config());
      const apiKeys = { reasoner: KEY_FIXTURE, corrector: KEY_FIXTURE };
      await runStages(fx.dir, runId, ['sample', 'correct'], { apiKeys });
      const mistakes = (await loadRun(fx.dir, runId)).mistakes;
      const parsed = mistakes.flatMap((m) => m.corrections).filter((c) => c.outcome === 'parsed');
      assert.ok(parsed.length > 0);
      // Two corrections of one step with one explanation make one request: the second is the cache's answer.
      const distinct = new Set(mistakes.flatMap((m) => m.corrections.filter((c) => c.outcome === 'parsed').map((c) => `${m.path.question}\u0000${m.path.steps[(c.incorrectStep ?? 1) - 1] ?? ''}\u0000${c.explanation ?? ''}`))).size;
      const before = fx.fake.requests.length;
      const first = await runStages(fx.dir, runId, ['classify'], { apiKeys });
      assert.equal(first.stages.classify?.state, 'done', first.stages.classify?.message);
      assert.equal(fx.fake.requests.length - before, distinct);
      const again = await runStages(fx.dir, runId, ['classify'], { apiKeys });
      assert.equal(again.stages.classify?.state, 'done');
      assert.equal(fx.fake.requests.length - before, distinct, 'a rerun asks nothing');
      const rows = readFileSync(join(fx.dir, '.mistakebook/runs', runId, 'errortypes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { source: string; errorType: string; who: string });
      assert.equal(rows.length, parsed.length);
      assert.ok(rows.every((r) => r.source === 'model' && r.who === 'corrector' && r.errorType === 'calculation'), JSON.stringify(rows[0]));
      const s = await loadStats(fx.dir, { runs: [], models: [] });
      assert.deepEqual([s.errorTypeSources.model, s.errorTypes.calculation], [parsed.length, parsed.length]);
      const target = parsed[0]?.id ?? assert.fail('no parsed correction');
      await saveErrorType(await loadRun(fx.dir, runId), target, 'logic', () => undefined);
      const after = await loadStats(fx.dir, { runs: [], models: [] });
      assert.deepEqual([after.errorTypeSources.human, after.errorTypeSources.model, after.errorTypes.logic], [1, parsed.length - 1, 1]);
    } finally {
      await fx.close();
    }
  });

  it('an answer that names no type stores nothing: the rules\' type stays in force, and a rerun sends no request', async () => {
    const fx = await makeFixture({ questions: 8, reasoner: { wrongRate: 0.5 } });
    try {
      const runId = await createRun(fx.config());
      const apiKeys = { reasoner: KEY_FIXTURE, corrector: KEY_FIXTURE };
      await runStages(fx.dir, runId, ['sample', 'correct'], { apiKeys });
      const rules = await loadStats(fx.dir, { runs: [], models: [] });
      const parsed = rules.errorTypeSources.rules;
      assert.ok(parsed > 0);
      fx.fake.setScript('corrector', () => 'Hard to say, really.');
      const before = fx.fake.requests.length;
      const first = await runStages(fx.dir, runId, ['classify'], { apiKeys });
      assert.equal(first.stages.classify?.state, 'done', first.stages.classify?.message);
      const asked = fx.fake.requests.length - before;
      assert.ok(asked > 0);
      assert.equal(existsSync(join(fx.dir, '.mistakebook/runs', runId, 'errortypes.jsonl')) ? readFileSync(join(fx.dir, '.mistakebook/runs', runId, 'errortypes.jsonl'), 'utf8').trim() : '', '', 'no "other" stored');
      const after = await loadStats(fx.dir, { runs: [], models: [] });
      assert.deepEqual(after.errorTypes, rules.errorTypes, 'the rules decide, as before');
      assert.equal(after.errorTypeSources.model, 0);
      await runStages(fx.dir, runId, ['classify'], { apiKeys });
      assert.equal(fx.fake.requests.length - before, asked, 'the rerun is answered from the response cache');
    } finally {
      await fx.close();
    }
  });
});
