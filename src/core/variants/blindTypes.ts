/**
 * What the blind review page shows of one mistake, as plain data (no runtime imports): the question,
 * the wrong path and two corrections in the order drawn — with no model, prompt, variant or verdict,
 * so nothing but the text tells them apart. The host alone knows which variant wrote which.
 */

/** The key pressed: the first correction shown, the second, or neither is better. */
export type PreferenceChoice = 'first' | 'second' | 'tie';

/** One correction, unlabeled. */
export interface BlindCorrection {
  incorrectStep?: number;
  explanation?: string;
  /** The corrected solution, numbered from 1 (steps kept before the incorrect one, then the corrected ones). */
  solution: string[];
  /** The reply as written, when it could not be read. */
  raw?: string;
}

export interface BlindItem {
  /** Names the item in the vote (the host checks it is the one shown). */
  token: string;
  question: string;
  goldAnswer: string;
  steps: string[];
  corrections: [BlindCorrection, BlindCorrection];
}

/** Votes in force by this rater on the pair's paired mistakes, out of all of them. */
export interface BlindProgress {
  voted: number;
  total: number;
}
