import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { navigate, isUnrated } from '../../../src/core/review/navigate';
import { rateCorrection } from '../../../src/core/review/rate';
import { indexOfPath, loadRun } from '../../../src/core/runs/loadRun';
import type { Diagnostic } from '../../../src/core/diagnostic';
import { gsm8kRun, writeRunFixture, type WrittenRun } from '../../support/runFixture';

describe('review: a run’s mistakes with corrections and ratings', () => {
  let workspace: string;
  let run: WrittenRun;
  const diagnostics: Diagnostic[] = [];
  const collect = (d: Diagnostic): void => void diagnostics.push(d);

  beforeEach(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'mb-review-'));
    run = await writeRunFixture(workspace, gsm8kRun('review-run'));
    diagnostics.length = 0;
  });

  it('keeps the wrong paths in sampling order, each with its corrections in sample order', async () => {
    const review = await loadRun(workspace, run.runId, collect);
    assert.deepEqual(review.mistakes.map((m) => m.path.id), run.mistakeIds);
    assert.equal(review.mistakes.length, 3, 'the right path is not a mistake');
    assert.deepEqual(review.mistakes.map((m) => m.corrections.map((c) => c.correctionIndex)), [[0], [0, 1], []]);
    assert.equal(indexOfPath(review, run.mistakeIds[2] ?? ''), 2);
    assert.equal(indexOfPath(review, 'nope'), -1);
    assert.deepEqual(diagnostics, []);
  });

  it('next and previous stop at the ends', async () => {
    const review = await loadRun(workspace, run.runId, collect);
    assert.equal(navigate(review, 0, 'next'), 1);
    assert.equal(navigate(review, 2, 'next'), 2);
    assert.equal(navigate(review, 0, 'previous'), 0);
    assert.equal(navigate(review, 2, 'previous'), 1);
  });

  it('next unrated skips rated mistakes and those with nothing to rate, and wraps around', async () => {
    const review = await loadRun(workspace, run.runId, collect);
    const [first, second] = run.correctionIds;
    assert.equal(navigate(review, 0, 'nextUnrated'), 1);
    assert.equal(navigate(review, 1, 'nextUnrated'), 0, 'mistake 3 has no correction; wraps to 1');
    for (const id of second ?? []) await rateCorrection(review, id, 'good', '', collect);
    assert.equal(isUnrated(review, review.mistakes[1]!), false);
    assert.equal(navigate(review, 0, 'nextUnrated'), 0, 'nothing else is left');
    await rateCorrection(review, first?.[0] ?? '', 'poor', '', collect);
    assert.equal(navigate(review, 0, 'nextUnrated'), 0);
  });

  it('a rating lands in ratings.jsonl at once, with its note, and the last one counts', async () => {
    const review = await loadRun(workspace, run.runId, collect);
    const id = run.correctionIds[0]?.[0] ?? '';
    await rateCorrection(review, id, 'good', '  finds the step  ', collect, new Date('2026-02-01T10:00:00Z'));
    await rateCorrection(review, id, 'excellent', '', collect, new Date('2026-02-01T10:01:00Z'));
    const lines = readFileSync(join(run.dir, 'ratings.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.deepEqual([lines[0]?.['rating'], lines[0]?.['note'], lines[0]?.['correctionId']], ['good', 'finds the step', id]);
    assert.equal(lines[1]?.['rating'], 'excellent');
    assert.equal('note' in (lines[1] ?? {}), false, 'an empty note is left out');
    assert.equal(review.ratings.get(id)?.rating, 'excellent');
    const reread = await loadRun(workspace, run.runId, collect);
    assert.equal(reread.ratings.get(id)?.rating, 'excellent');
  });

  it('refuses to rate a correction the run does not have, and writes nothing', async () => {
    const review = await loadRun(workspace, run.runId, collect);
    await assert.rejects(rateCorrection(review, 'ffffffffffffffff', 'good', '', collect), /no correction ffffffffffffffff/);
    assert.throws(() => readFileSync(join(run.dir, 'ratings.jsonl')), /ENOENT/);
  });

  it('reports a damaged line and loads the rest', async () => {
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(run.dir, 'corrections.jsonl'), '{"id": broken\n');
    const review = await loadRun(workspace, run.runId, collect);
    assert.equal(review.mistakes.length, 3);
    assert.equal(diagnostics.length, 1);
  });
});
