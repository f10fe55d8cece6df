/** A cell of the comparison lists exactly its mistakes in the Datasets tree: the tree filter's pathIds. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PathRecord } from '../../../src/core/pipeline/records';
import { RunIndex } from '../../../src/core/runs/runIndex';
import { NO_FILTERS, pathPasses, questionPasses } from '../../../src/core/runs/treeFilters';
import { RunStore } from '../../../src/core/store/runStore';

function path(id: string, questionId: string, correct: boolean): PathRecord {
  return { id, questionId, task: 'gsm8k', question: `question ${questionId}`, goldAnswer: '4', model: 'm', sampleIndex: 0, completion: '', steps: ['s'], answer: correct ? '4' : '5', correct, createdAt: '2026-01-01T00:00:00Z' };
}

describe('the Datasets tree filter of a comparison cell (pathIds)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the listed paths of its run only, and their questions', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-cellfilter-'));
    const dataset = join(dir, 'train.jsonl');
    writeFileSync(dataset, '{"question":"q","answer":"#### 4"}\n');
    const store = await RunStore.create(dir, { toolVersion: '0', task: 'gsm8k', dataset: { path: dataset, sha256: 'h' }, models: {} }, { onDiagnostic: () => undefined });
    const paths = await store.table<PathRecord>('paths');
    for (const p of [path('p1', 'q1', false), path('p2', 'q1', false), path('p3', 'q2', false), path('p4', 'q3', true)]) await paths.append(p);
    await store.close();
    const index = await RunIndex.load(dir, () => undefined);
    const filters = { ...NO_FILTERS, chart: { label: 'A vs B: only A verified (2)', runs: [store.id], questionIds: ['q1', 'q2'], pathIds: ['p2', 'p3'] } };
    const passing = index.runPaths(store.id).filter((p) => pathPasses(filters, index, p)).map((p) => p.record.id);
    assert.deepEqual(passing, ['p2', 'p3'], 'p1 shares a question with p2 but is not in the cell');
    const question = (id: string) => ({ id, question: `question ${id}` }) as Parameters<typeof questionPasses>[3];
    assert.deepEqual(['q1', 'q2', 'q3'].filter((q) => questionPasses(filters, index, dataset, question(q))), ['q1', 'q2']);
    const otherRun = { ...filters, chart: { ...filters.chart, runs: ['another-run'] } };
    assert.equal(index.runPaths(store.id).some((p) => pathPasses(otherRun, index, p)), false);
  });
});
