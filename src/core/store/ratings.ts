import { recordId } from '../ids';
import type { RatingValue } from '../review/ratingValue';

export type { RatingValue };

/**
 * One line of a ratings table: `ratings/<rater>.jsonl`, or the old `ratings.jsonl` whose lines name
 * no rater. A rater may rate a correction many times; their last rating counts (core/runs/ratingBook
 * decides which rating is in force when several raters rated).
 */
export interface Rating {
  id: string;
  correctionId: string;
  rating: RatingValue;
  note?: string;
  /** ISO time of the rating. */
  at: string;
  /** Who rated; absent in the old ratings.jsonl. */
  rater?: string;
}

export function newRating(correctionId: string, rating: RatingValue, note?: string, at: Date = new Date(), rater?: string): Rating {
  const time = at.toISOString();
  return {
    // The rater is part of the id, so two raters rating in the same millisecond keep both ratings.
    id: recordId('rating', rater === undefined ? { correctionId, at: time } : { correctionId, at: time, rater }),
    correctionId,
    rating,
    ...(note === undefined || note === '' ? {} : { note }),
    at: time,
    ...(rater === undefined ? {} : { rater }),
  };
}
