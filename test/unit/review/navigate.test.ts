import { strict as assert } from 'node:assert';
import { navigate, reviewProgress } from '../../../src/core/review/navigate';
import type { CorrectionRecord, PathRecord } from '../../../src/core/pipeline/records';
import type { LoadedRun } from '../../../src/core/runs/loadRun';
import type { Rating } from '../../../src/core/store/ratings';
import type { RunInfo } from '../../../src/core/store/runInfo';

/**
 * A run in memory, one letter per mistake: R all corrections rated, U none rated, P one of two rated,
 * - no correction. Navigation reads only the mistakes, their correction ids and the ratings in force.
 */
function reviewOf(pattern: string): LoadedRun {
  const ratings = new Map<string, Rating>();
  const mistakes = [...pattern].map((kind, i) => {
    const ids = kind === '-' ? [] : kind === 'P' ? [`c${i}a`, `c${i}b`] : [`c${i}`];
    const rated = kind === 'R' ? ids : kind === 'P' ? ids.slice(0, 1) : [];
    for (const id of rated) ratings.set(id, { id: `r-${id}`, correctionId: id, rating: 'good', at: '2026-01-01T00:00:00.000Z' });
    return { path: { id: `p${i}` } as PathRecord, corrections: ids.map((id) => ({ id }) as CorrectionRecord) };
  });
  return { workspaceDir: '/nowhere', run: { id: 'mem' } as RunInfo, mistakes, ratings };
}

describe('review: moving through mistakes and how much is left', () => {
  it('next unrated and previous unrated find the nearest mistake with an unrated correction, either way', () => {
    //                      0    1    2    3    4    5
    const review = reviewOf('R' + 'U' + '-' + 'P' + 'R' + 'U');
    assert.equal(navigate(review, 0, 'nextUnrated'), 1);
    assert.equal(navigate(review, 1, 'nextUnrated'), 3, 'skips the mistake without corrections; a half-rated one counts');
    assert.equal(navigate(review, 3, 'nextUnrated'), 5);
    assert.equal(navigate(review, 5, 'previousUnrated'), 3);
    assert.equal(navigate(review, 3, 'previousUnrated'), 1);
    assert.equal(navigate(review, 4, 'previousUnrated'), 3, 'from a rated mistake too');
  });

  it('both unrated directions wrap around the ends', () => {
    const review = reviewOf('URRU');
    assert.equal(navigate(review, 3, 'nextUnrated'), 0);
    assert.equal(navigate(review, 0, 'previousUnrated'), 3);
    assert.equal(navigate(review, 1, 'previousUnrated'), 0);
    assert.equal(navigate(review, 2, 'nextUnrated'), 3);
  });

  it('stays put when nothing else is unrated, and in a run of one mistake', () => {
    assert.equal(navigate(reviewOf('RUR-'), 1, 'nextUnrated'), 1);
    assert.equal(navigate(reviewOf('RUR-'), 1, 'previousUnrated'), 1);
    assert.equal(navigate(reviewOf('RRR'), 2, 'previousUnrated'), 2);
    assert.equal(navigate(reviewOf('U'), 0, 'previousUnrated'), 0);
    assert.equal(navigate(reviewOf('U'), 0, 'nextUnrated'), 0);
  });

  it('counts corrections rated out of corrections, ignoring ratings of corrections the run does not have', () => {
    const review = reviewOf('RU-PR');
    assert.deepEqual(reviewProgress(review), { rated: 3, total: 5 });
    review.ratings.set('gone', { id: 'r-gone', correctionId: 'gone', rating: 'poor', at: '2026-01-01T00:00:00.000Z' });
    assert.deepEqual(reviewProgress(review), { rated: 3, total: 5 });
    assert.deepEqual(reviewProgress(reviewOf('--')), { rated: 0, total: 0 });
  });

  it('finds the one unrated mistake across a run of 200,000, both ways', () => {
    const review = reviewOf(`${'R'.repeat(100_000)}U${'R'.repeat(99_999)}`);
    assert.equal(navigate(review, 199_999, 'nextUnrated'), 100_000);
    assert.equal(navigate(review, 0, 'previousUnrated'), 100_000);
    assert.deepEqual(reviewProgress(review), { rated: 199_999, total: 200_000 });
  });
});
