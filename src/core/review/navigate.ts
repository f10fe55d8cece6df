/** Moving through a run's mistakes (next, previous, the nearest still waiting for a rating either way) and how much is left. */
import { correctionIdsOf, type LoadedRun, type MistakeWithCorrections } from '../runs/loadRun';
import type { NavigationDirection, ReviewProgress } from './viewTypes';

/** A mistake waits for a rating while one of its corrections has none. One without corrections has nothing to rate. */
export function isUnrated(review: LoadedRun, mistake: MistakeWithCorrections): boolean {
  return correctionIdsOf(mistake).some((id) => !review.ratings.has(id));
}

/**
 * The index to show after `from`, or `from` itself when there is nowhere to go. Next and previous stop
 * at the ends; the unrated directions wrap around, since the researcher wants whichever is left.
 */
export function navigate(review: LoadedRun, from: number, direction: NavigationDirection): number {
  const n = review.mistakes.length;
  switch (direction) {
    case 'next':
      return Math.min(from + 1, n - 1);
    case 'previous':
      return Math.max(from - 1, 0);
    case 'nextUnrated':
      return nearestUnrated(review, from, 1);
    case 'previousUnrated':
      return nearestUnrated(review, from, -1);
  }
}

function nearestUnrated(review: LoadedRun, from: number, step: 1 | -1): number {
  const n = review.mistakes.length;
  for (let k = 1; k < n; k++) {
    const i = (((from + step * k) % n) + n) % n;
    const mistake = review.mistakes[i];
    if (mistake !== undefined && isUnrated(review, mistake)) return i;
  }
  return from;
}

/**
 * How far the review of a run is: its corrections with a rating in force, out of all its corrections
 * (a rating of a correction the run no longer has does not count).
 */
export function reviewProgress(review: LoadedRun): ReviewProgress {
  let rated = 0;
  let total = 0;
  for (const mistake of review.mistakes) {
    for (const id of correctionIdsOf(mistake)) {
      total++;
      if (review.ratings.has(id)) rated++;
    }
  }
  return { rated, total };
}
