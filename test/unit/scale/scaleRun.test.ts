import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeScaleRun, SCALE_DATASET, type ScaleRunSummary } from '../../../scripts/makeScaleRun';
import { readDataset } from '../../../src/core/dataset';
import { exportFineTuningData } from '../../../src/core/export';
import { runStages, type CorrectionRecord, type PathRecord } from '../../../src/core/pipeline';
import { loadStats } from '../../../src/core/stats';
import { tallyRun } from '../../../src/core/stats/runTally';
import { runDir } from '../../../src/core/store/layout';
import type { Rating } from '../../../src/core/store/ratings';
import { taskById } from '../../../src/core/task';
import { useTempDir } from '../store/workspace';

function rows<R>(file: string): R[] {
  return readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as R);
}

describe('scripts/makeScaleRun: a LEMA-size run in the pipeline\'s own layout', function () {
  this.timeout(60_000);
  const t = useTempDir();
  let made: ScaleRunSummary;
  const table = <R>(name: string): R[] => rows<R>(join(runDir(t.dir(), made.runId), `${name}.jsonl`));

  beforeEach(async () => {
    made = await makeScaleRun({ out: t.dir(), questions: 400 });
  });

  it('writes N questions × 8 paths, GSM8K and MATH mixed, a correction per mistake and ratings on about 5%', () => {
    assert.deepEqual([made.questions, made.paths], [400, 3200]);
    const paths = table<PathRecord>('paths');
    assert.equal(paths.length, 3200);
    assert.ok(paths.some((p) => p.question.includes('boxes')) && paths.some((p) => p.question.startsWith('Solve for $x$')));
    const mistakes = paths.filter((p) => !p.correct);
    assert.equal(made.mistakes, mistakes.length);
    assert.ok(mistakes.length > 0.2 * 3200 && mistakes.length < 0.4 * 3200);
    const corrections = table<CorrectionRecord>('corrections');
    assert.deepEqual(corrections.map((c) => c.pathId), mistakes.map((p) => p.id));
    const ratings = table<Rating>('ratings');
    const corrected = new Set(corrections.map((c) => c.id));
    assert.ok(ratings.every((r) => corrected.has(r.correctionId)));
    assert.ok(ratings.length > 0.02 * corrections.length && ratings.length < 0.09 * corrections.length, `${ratings.length} ratings`);
  });

  it('is seeded: the same seed writes the same tables', async () => {
    const again = await makeScaleRun({ out: join(t.dir(), 'again'), questions: 400 });
    // Record times come from the seed's clock, not the wall clock, so whole files compare equal.
    for (const name of ['paths', 'corrections', 'ratings']) {
      assert.equal(readFileSync(join(runDir(again.workspace, again.runId), `${name}.jsonl`), 'utf8'), readFileSync(join(runDir(t.dir(), made.runId), `${name}.jsonl`), 'utf8'), name);
    }
  });

  it('judges like the MATH task: every stored answer and verdict is what the task itself finds', () => {
    const task = taskById('math');
    for (const p of table<PathRecord>('paths').slice(0, 400)) {
      assert.deepEqual(task.judge(p.completion, p.goldAnswer), { answer: p.answer, correct: p.correct }, p.completion);
      assert.deepEqual(p.steps, task.splitSteps(p.completion));
    }
  });

  it('uses the question ids the dataset reader gives, so every reader and a resumed stage agree', async () => {
    const ids = new Set<string>();
    for await (const r of readDataset(join(t.dir(), SCALE_DATASET))) if (r.kind === 'question') ids.add(r.question.id);
    assert.equal(ids.size, 400, 'no question is repeated');
    assert.deepEqual(new Set(table<PathRecord>('paths').map((p) => p.questionId)), ids);
    // Every path and correction is where the stages look for it: resuming them asks nothing
    // (a request would go to the run's loopback endpoint and come back as a failure).
    const resumed = await runStages(t.dir(), made.runId, ['sample', 'correct'], { apiKeys: { reasoner: 'none', corrector: 'none' }, cacheDir: join(t.dir(), 'cache') });
    assert.deepEqual([resumed.stages.sample?.state, resumed.stages.correct?.state], ['done', 'done']);
    assert.equal(table<PathRecord>('paths').length, 3200);
    const tally = await tallyRun(t.dir(), made.runId);
    assert.deepEqual([tally.corrections, tally.errors], [made.corrections, 0], 'nothing was asked, nothing failed');
  });

  it('reads back through stats and export', async () => {
    const stats = await loadStats(t.dir(), { runs: [], models: [] });
    assert.equal(stats.accuracy[0]?.paths, 3200);
    assert.equal(stats.verifyRate[0]?.corrections, made.corrections);
    const exported = await exportFineTuningData({ workspaceDir: t.dir(), output: 'train.jsonl', format: 'prompt-completion', content: 'both', filters: { verifiedOnly: true }, seed: 1, toolVersion: 'test' });
    assert.equal(exported.manifest.written.gold, 400);
    assert.equal(exported.manifest.sources.correction.read, made.corrections);
  });
});
