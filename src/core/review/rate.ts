/** Saving a researcher's rating of a correction. */
import type { Diagnostic } from '../diagnostic';
import { newRating, type Rating, type RatingValue } from '../store/ratings';
import { RunStore } from '../store/runStore';
import type { Review } from './review';

/**
 * Appends the rating to the run's ratings.jsonl and makes it the one in force in `review`. The table
 * is opened and closed around the append, so the CLI or another window can rate the same run between
 * two ratings (one writer per table at a time).
 */
export async function rateCorrection(
  review: Review,
  correctionId: string,
  value: RatingValue,
  note: string,
  onDiagnostic: (d: Diagnostic) => void,
  at: Date = new Date(),
): Promise<Rating> {
  const known = review.mistakes.some((m) => m.corrections.some((c) => c.id === correctionId));
  if (!known) throw new Error(`run ${review.run.id} has no correction ${correctionId}; reload the mistake view and rate again.`);
  const rating = newRating(correctionId, value, note.trim(), at);
  const store = await RunStore.open(review.workspaceDir, review.run.id, { onDiagnostic });
  try {
    await (await store.table<Rating>('ratings')).append(rating);
  } finally {
    await store.close();
  }
  review.ratings.delete(correctionId);
  review.ratings.set(correctionId, rating);
  return rating;
}
