/**
 * Adjudications: a named adjudicator settles a correction the raters disagree on, with a note. They
 * live apart from the ratings (`adjudications.jsonl` in the run folder), so a rater's file only ever
 * holds that rater's own judgements; the last adjudication of a correction counts.
 */
import { join } from 'node:path';
import { recordId } from '../ids';
import type { RatingValue } from '../review/ratingValue';

export const ADJUDICATIONS_FILE = 'adjudications.jsonl';

export interface Adjudication {
  id: string;
  correctionId: string;
  rating: RatingValue;
  note?: string;
  adjudicator: string;
  /** ISO time. */
  at: string;
}

export function newAdjudication(correctionId: string, rating: RatingValue, adjudicator: string, note?: string, at: Date = new Date()): Adjudication {
  const time = at.toISOString();
  return {
    id: recordId('adjudication', { correctionId, at: time, adjudicator }),
    correctionId,
    rating,
    ...(note === undefined || note.trim() === '' ? {} : { note: note.trim() }),
    adjudicator,
    at: time,
  };
}

export function adjudicationsFile(runDir: string): string {
  return join(runDir, ADJUDICATIONS_FILE);
}
