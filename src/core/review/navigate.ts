/** Moving through a run's mistakes (next, previous, the nearest still waiting for a rating either way) and how much is left. */
import { correctionIdsOf, type LoadedRun, type MistakeWithCorrections } from '../runs/loadRun';
import type { NavigationDirection, ReviewProgress } from './viewTypes';

/**
 * Who is reviewing, when raters are named: "unrated" then means not rated by this rater, and with an
 * assignment (Assign Review) only the corrections of their share count.
 */
export interface Reviewer {
  rater: string;
  /** Correction ids assigned to this rater; undefined = every correction. */
  share?: ReadonlySet<string>;
}

/** A correction this reviewer (or, with none, anyone) still has to rate. */
function waits(review: LoadedRun, id: string, reviewer: Reviewer | undefined): boolean {
  if (reviewer === undefined || review.book === undefined) return !review.ratings.has(id);
  return (reviewer.share === undefined || reviewer.share.has(id)) && review.book.ratingBy(id, reviewer.rater) === undefined;
}

/** Counts toward a reviewer's progress: in their share, or every correction without one. */
function counts(id: string, reviewer: Reviewer | undefined): boolean {
  return reviewer?.share === undefined || reviewer.share.has(id);
}

/** A mistake waits for a rating while one of its corrections has none. One without corrections has nothing to rate. */
export function isUnrated(review: LoadedRun, mistake: MistakeWithCorrections, reviewer?: Reviewer): boolean {
  return correctionIdsOf(mistake).some((id) => waits(review, id, reviewer));
}

/**
 * The index to show after `from`, or `from` itself when there is nowhere to go. Next and previous stop
 * at the ends; the unrated directions wrap around, since the researcher wants whichever is left.
 */
export function navigate(review: LoadedRun, from: number, direction: NavigationDirection, reviewer?: Reviewer): number {
  const n = review.mistakes.length;
  switch (direction) {
    case 'next':
      return Math.min(from + 1, n - 1);
    case 'previous':
      return Math.max(from - 1, 0);
    case 'nextUnrated':
      return nearestUnrated(review, from, 1, reviewer);
    case 'previousUnrated':
      return nearestUnrated(review, from, -1, reviewer);
  }
}

function nearestUnrated(review: LoadedRun, from: number, step: 1 | -1, reviewer: Reviewer | undefined): number {
  const n = review.mistakes.length;
  for (let k = 1; k < n; k++) {
    const i = (((from + step * k) % n) + n) % n;
    const mistake = review.mistakes[i];
    if (mistake !== undefined && isUnrated(review, mistake, reviewer)) return i;
  }
  return from;
}

/**
 * How far the review of a run is: its corrections with a rating in force, out of all its corrections
 * (a rating of a correction the run no longer has does not count). For a named reviewer: the
 * corrections of their share (or all) that they have rated.
 */
export function reviewProgress(review: LoadedRun, reviewer?: Reviewer): ReviewProgress {
  let rated = 0;
  let total = 0;
  for (const mistake of review.mistakes) {
    for (const id of correctionIdsOf(mistake)) {
      if (!counts(id, reviewer)) continue;
      total++;
      if (!waits(review, id, reviewer)) rated++;
    }
  }
  if (reviewer !== undefined && review.book !== undefined) return { rated, total, rater: reviewer.rater, share: reviewer.share !== undefined };
  return { rated, total };
}
