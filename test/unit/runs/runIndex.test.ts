import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorrectionRecord, PathRecord } from '../../../src/core/pipeline/records';
import { newRating } from '../../../src/core/store/ratings';
import { RunStore } from '../../../src/core/store/runStore';
import { RunIndex, type RunPath } from '../../../src/core/runs/runIndex';
import { runUsage } from '../../../src/core/runs/runUsage';
import { indexedRun } from '../../../src/core/runs/indexedRun';
import { indexOfPath, loadRun, mistakeOfCorrection } from '../../../src/core/runs/loadRun';
import { navigate, reviewProgress } from '../../../src/core/review/navigate';

function path(id: string, questionId: string, correct: boolean, extra: Partial<PathRecord> = {}): PathRecord {
  return {
    id,
    questionId,
    task: 'gsm8k',
    question: `question ${questionId}`,
    goldAnswer: '4',
    model: 'm-r',
    sampleIndex: 0,
    completion: '',
    steps: ['Step'],
    answer: correct ? '4' : '5',
    correct,
    createdAt: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

function correction(id: string, pathId: string, verified: boolean, extra: Partial<CorrectionRecord> = {}): CorrectionRecord {
  return { id, pathId, questionId: 'q', model: 'm-c', promptSha256: 'x', correctionIndex: 0, raw: '', outcome: 'parsed', answer: verified ? '4' : '6', verified, createdAt: '2026-01-01T00:00:00Z', ...extra };
}

/** A workspace with one run over datasets/train.jsonl: q1 has a right and a wrong path (corrected, verified, rated), q2 one wrong path. */
async function workspace(): Promise<{ dir: string; dataset: string; runId: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-runindex-'));
  const dataset = join(dir, 'train.jsonl');
  writeFileSync(dataset, '{"question":"q","answer":"#### 4"}\n');
  const store = await RunStore.create(dir, { toolVersion: '0', task: 'gsm8k', dataset: { path: dataset, sha256: 'h' }, models: {} }, { onDiagnostic: () => undefined });
  const paths = await store.table<PathRecord>('paths');
  await paths.append(path('p1', 'q1', true, { usage: { promptTokens: 100, completionTokens: 50 } }));
  await paths.append(path('p2', 'q1', false, { usage: { promptTokens: 100, completionTokens: 50 }, cached: true }));
  await paths.append(path('p3', 'q2', false));
  const corrections = await store.table<CorrectionRecord>('corrections');
  await corrections.append(correction('c1', 'p2', true, { usage: { promptTokens: 1000, completionTokens: 0 } }));
  await corrections.append(correction('c2', 'p3', false));
  const ratings = await store.table('ratings');
  await ratings.append(newRating('c1', 'poor', '', new Date('2026-01-01T00:00:00Z')));
  await ratings.append(newRating('c1', 'excellent', '', new Date('2026-01-02T00:00:00Z')));
  await store.close();
  return { dir, dataset, runId: store.id };
}

describe('RunIndex (the Datasets tree’s view of the runs)', () => {
  it('indexes paths by dataset and question, corrections by path, and the last rating of each', async () => {
    const { dir, dataset, runId } = await workspace();
    const index = await RunIndex.load(dir, () => undefined);
    assert.deepEqual(index.paths(dataset, 'q1').map((p) => p.record.id), ['p1', 'p2']);
    assert.deepEqual([...index.questions(dataset).keys()], ['q1', 'q2']);
    assert.deepEqual(index.corrections(runId, 'p2').map((c) => [c.record.id, c.rating?.rating]), [['c1', 'excellent']]);
    assert.equal(index.corrections(runId, 'p3')[0]?.rating, undefined);
    assert.equal(index.findPath(runId, 'p3')?.path.record.questionId, 'q2');
    assert.equal(index.findPath(runId, 'nope'), undefined);
  });

  it('tallies paths, wrong paths and wrong paths with a verified correction', async () => {
    const { dir, dataset } = await workspace();
    const index = await RunIndex.load(dir, () => undefined);
    assert.deepEqual(index.tally(index.paths(dataset, 'q1')), { paths: 2, wrong: 1, corrected: 1, runs: 1 });
    assert.deepEqual(index.datasetTally(dataset), { paths: 3, wrong: 2, corrected: 1, runs: 1 });
    assert.deepEqual(index.datasetTally(join(dataset, '..', 'other.jsonl')), { paths: 0, wrong: 0, corrected: 0, runs: 0 });
  });

  it('a workspace without runs gives an empty index', async () => {
    const index = await RunIndex.load(mkdtempSync(join(tmpdir(), 'mb-runindex-')), () => undefined);
    assert.deepEqual(index.paths('/x.jsonl', 'q'), []);
  });
});

describe('runUsage', () => {
  it('sums the tokens rows paid for (cached rows cost nothing) and prices them by model', async () => {
    const { dir, runId } = await workspace();
    const usage = await runUsage(join(dir, '.mistakebook', 'runs', runId), { 'm-r': { inputPerMillion: 10, outputPerMillion: 20 } });
    assert.equal(usage.promptTokens, 1100);
    assert.equal(usage.completionTokens, 50);
    assert.equal(usage.cacheHits, 1);
    assert.ok(Math.abs(usage.costUsd - (100 * 10 + 50 * 20) / 1e6) < 1e-12);
    assert.deepEqual(usage.unpricedModels, ['m-c']);
  });
});

describe('RunIndex with several runs of one dataset', () => {
  it('groups a question’s paths by run, counts each run apart, and names runs by reasoner and start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-runindex-runs-'));
    const dataset = join(dir, 'train.jsonl');
    writeFileSync(dataset, '{"question":"q","answer":"#### 4"}\n');
    const ids: string[] = [];
    for (const [n, model] of [[1, 'llama'], [2, 'mistral']] as const) {
      const store = await RunStore.create(
        dir,
        { toolVersion: '0', task: 'gsm8k', dataset: { path: dataset, sha256: 'h' }, models: { reasoner: { endpoint: 'http://127.0.0.1:1/v1', model, api: 'chat', sampling: {} } }, runId: `run-${n}` },
        { onDiagnostic: () => undefined },
      );
      const paths = await store.table<PathRecord>('paths');
      await paths.append(path(`p${n}a`, 'q1', true));
      await paths.append(path(`p${n}b`, 'q1', n === 1));
      ids.push(store.info.id);
      await store.close();
    }
    const index = await RunIndex.load(dir, () => undefined);
    const all = index.paths(dataset, 'q1');
    assert.equal(index.tally(all).runs, 2);
    const groups = index.byRun(all);
    assert.deepEqual([...groups.keys()].sort(), ids.slice().sort());
    assert.deepEqual(
      [...groups].map(([id, list]) => [id, index.tally(list).wrong]).sort(),
      [[ids[0], 0], [ids[1], 1]].sort(),
    );
    assert.match(index.runLabel(ids[1] ?? ''), /^mistral · \d\d-\d\d \d\d:\d\d$/);
  });
});

describe('RunIndex refreshes in place', () => {
  it('reads only what was appended: one new correction and one new rating cost their lines, not the tables', async () => {
    const { dir, runId } = await workspace();
    const index = await RunIndex.load(dir, () => undefined);
    const store = await RunStore.open(dir, runId, { onDiagnostic: () => undefined });
    await (await store.table<CorrectionRecord>('corrections')).append(correction('c3', 'p2', false));
    await (await store.table('ratings')).append(newRating('c2', 'good', 'fine', new Date('2026-01-03T00:00:00Z')));
    await store.close();
    const stats = await index.refresh();
    assert.equal(stats.records, 2);
    assert.equal(stats.runsReadWhole, 0);
    const tables = ['corrections', 'ratings'].map((t) => readFileSync(join(dir, '.mistakebook', 'runs', runId, `${t}.jsonl`), 'utf8').trim().split('\n').pop()?.length ?? 0);
    // The two appended lines, plus the few bytes before each that tell the table was not replaced.
    const appended = tables.reduce((s, n) => s + n + 1, 0);
    assert.ok(stats.bytesRead >= appended && stats.bytesRead <= appended + 2 * 64, `read ${stats.bytesRead} bytes for ${appended} appended`);
    assert.deepEqual(index.corrections(runId, 'p2').map((c) => c.record.id), ['c1', 'c3']);
    assert.equal(index.corrections(runId, 'p3')[0]?.rating?.rating, 'good');
    assert.deepEqual(await index.refresh(), { bytesRead: 0, records: 0, runsReadWhole: 0 }, 'nothing new, nothing read');
  });

  it('reads a run again whole when a table was replaced, and forgets a run whose folder is gone', async () => {
    const { dir, dataset, runId } = await workspace();
    const index = await RunIndex.load(dir, () => undefined);
    const file = join(dir, '.mistakebook', 'runs', runId, 'paths.jsonl');
    // A regrade renames a rewritten table over the old one: p3 is now right.
    const rewritten = readFileSync(file, 'utf8').replace('"id":"p3","questionId":"q2","task":"gsm8k","question":"question q2","goldAnswer":"4","model":"m-r","sampleIndex":0,"completion":"","steps":["Step"],"answer":"5","correct":false', '"id":"p3","questionId":"q2","task":"gsm8k","question":"question q2","goldAnswer":"4","model":"m-r","sampleIndex":0,"completion":"","steps":["Step"],"answer":"4","correct":true');
    assert.notEqual(rewritten, readFileSync(file, 'utf8'));
    writeFileSync(`${file}.new`, rewritten);
    renameSync(`${file}.new`, file);
    const stats = await index.refresh();
    assert.equal(stats.runsReadWhole, 1);
    assert.equal(index.paths(dataset, 'q2')[0]?.record.correct, true);
    assert.equal(index.paths(dataset, 'q1').length, 2, 'no path is listed twice');
    assert.equal(index.corrections(runId, 'p2').length, 1);
    assert.equal(index.fullPath(index.paths(dataset, 'q2')[0] as RunPath).answer, '4', 'the full record is read back from where the line now is');
    rmSync(join(dir, '.mistakebook', 'runs', runId), { recursive: true });
    await index.refresh();
    assert.deepEqual([...index.questions(dataset).keys()], []);
    assert.equal(index.findPath(runId, 'p1'), undefined);
  });
});

describe('indexedRun (the mistake view over the shared index)', () => {
  it('lists the run’s mistakes in sampling order, knows their ids without reading, and reads the records when shown', async () => {
    const { dir, runId } = await workspace();
    const index = await RunIndex.load(dir, () => undefined);
    const run = indexedRun(index, dir, runId);
    assert.ok(run);
    assert.deepEqual(run.mistakes.map((m) => m.pathId), ['p2', 'p3']);
    assert.deepEqual(run.mistakes.map((m) => m.correctionIds), [['c1'], ['c2']]);
    assert.equal(run.ratings.get('c1')?.rating, 'excellent');
    assert.equal(indexOfPath(run, 'p3'), 1);
    assert.equal(mistakeOfCorrection(run, 'c2')?.pathId, 'p3');
    assert.deepEqual(reviewProgress(run), { rated: 1, total: 2 });
    assert.equal(navigate(run, 0, 'nextUnrated'), 1);
    // The full records come back from the tables, as loadRun would have read them.
    const whole = await loadRun(dir, runId);
    assert.deepEqual(run.mistakes[0]?.path, whole.mistakes[0]?.path);
    assert.deepEqual(run.mistakes[1]?.corrections, whole.mistakes[1]?.corrections);
    assert.equal(indexedRun(index, dir, 'no-such-run'), undefined);
  });
});
