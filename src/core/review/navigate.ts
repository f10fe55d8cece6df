/** Moving through a run's mistakes: next, previous, next one still waiting for a rating. */
import type { LoadedRun, MistakeWithCorrections } from '../runs/loadRun';
import type { NavigationDirection } from './viewTypes';

/** A mistake waits for a rating while one of its corrections has none. One without corrections has nothing to rate. */
export function isUnrated(review: LoadedRun, mistake: MistakeWithCorrections): boolean {
  return mistake.corrections.some((c) => !review.ratings.has(c.id));
}

/**
 * The index to show after `from`, or `from` itself when there is nowhere to go. Next and previous stop
 * at the ends; next-unrated wraps around, since the researcher wants whichever is left.
 */
export function navigate(review: LoadedRun, from: number, direction: NavigationDirection): number {
  const n = review.mistakes.length;
  if (direction === 'next') return Math.min(from + 1, n - 1);
  if (direction === 'previous') return Math.max(from - 1, 0);
  for (let step = 1; step < n; step++) {
    const i = (from + step) % n;
    const mistake = review.mistakes[i];
    if (mistake !== undefined && isUnrated(review, mistake)) return i;
  }
  return from;
}
