import { recordId } from '../ids';
import type { RatingValue } from '../review/ratingValue';

export type { RatingValue };

/** One line of `ratings.jsonl`. A correction may be rated many times; the last rating counts. */
export interface Rating {
  id: string;
  correctionId: string;
  rating: RatingValue;
  note?: string;
  /** ISO time of the rating. */
  at: string;
}

export function newRating(correctionId: string, rating: RatingValue, note?: string, at: Date = new Date()): Rating {
  const time = at.toISOString();
  return {
    id: recordId('rating', { correctionId, at: time }),
    correctionId,
    rating,
    ...(note === undefined || note === '' ? {} : { note }),
    at: time,
  };
}

/** The rating in force for each correction: the last one in table order wins. */
export async function latestRatings(ratings: AsyncIterable<Rating> | Iterable<Rating>): Promise<Map<string, Rating>> {
  const latest = new Map<string, Rating>();
  for await (const r of ratings) {
    // Deleting first moves a re-rated correction to the end, so the map's order is the order of last rating.
    latest.delete(r.correctionId);
    latest.set(r.correctionId, r);
  }
  return latest;
}
