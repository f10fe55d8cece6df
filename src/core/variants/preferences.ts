/**
 * Blind pairwise review: a researcher sees the same mistake's two corrections, from two variants, in
 * random order and unlabeled, and says which is better (or a tie). Each vote is a row of
 * preferences.jsonl with who voted, when, the order shown and which variant won; the comparison
 * counts the last vote of each rater on each mistake for each pair of variants.
 */
import { recordId } from '../ids';
import type { PreferenceChoice } from './blindTypes';

export type { PreferenceChoice };

/** One row of preferences.jsonl. */
export interface PreferenceRecord {
  /** recordId('preference', { pathId, pair, who, at }) */
  id: string;
  pathId: string;
  questionId: string;
  /** The variant ids shown, in the order shown (first = key 1, second = key 2). */
  shown: [string, string];
  /** The corrections shown, in the same order. */
  correctionIds: [string, string];
  choice: PreferenceChoice;
  /** The variant whose correction was preferred, or 'tie'. */
  winner: string;
  /** Who voted (the rater's name). */
  who: string;
  at: string;
}

/** A vote before it is stored. */
export interface Vote {
  pathId: string;
  questionId: string;
  shown: readonly [{ variant: string; correctionId: string }, { variant: string; correctionId: string }];
  choice: PreferenceChoice;
  who: string;
}

export function preferenceRecord(vote: Vote, at: Date = new Date()): PreferenceRecord {
  const [first, second] = vote.shown;
  const time = at.toISOString();
  const winner = vote.choice === 'tie' ? 'tie' : vote.choice === 'first' ? first.variant : second.variant;
  return {
    id: recordId('preference', { pathId: vote.pathId, pair: pairKey(first.variant, second.variant), who: vote.who, at: time }),
    pathId: vote.pathId,
    questionId: vote.questionId,
    shown: [first.variant, second.variant],
    correctionIds: [first.correctionId, second.correctionId],
    choice: vote.choice,
    winner,
    who: vote.who,
    at: time,
  };
}

/** The same key for (a, b) and (b, a). */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Wins of a, wins of b and ties, over the votes in force. */
export interface PreferenceTally {
  a: number;
  b: number;
  tie: number;
}

/**
 * The votes in force: the last one of each rater on each mistake for each pair of variants (a
 * rater may change their mind; voting twice does not count twice). Keyed by pairKey, then by
 * `who` and path id.
 */
export class PreferenceVotes {
  private readonly byPair = new Map<string, Map<string, PreferenceRecord>>();

  add(p: PreferenceRecord): void {
    const [x, y] = p.shown;
    const key = pairKey(x, y);
    let votes = this.byPair.get(key);
    if (votes === undefined) this.byPair.set(key, (votes = new Map()));
    votes.set(`${p.who}\n${p.pathId}`, p);
  }

  tally(a: string, b: string): PreferenceTally {
    const out = { a: 0, b: 0, tie: 0 };
    for (const p of this.byPair.get(pairKey(a, b))?.values() ?? []) {
      if (p.winner === a) out.a++;
      else if (p.winner === b) out.b++;
      else out.tie++;
    }
    return out;
  }

  /** Whether `who` has a vote in force on this mistake for this pair. */
  voted(a: string, b: string, who: string, pathId: string): boolean {
    return this.byPair.get(pairKey(a, b))?.has(`${who}\n${pathId}`) ?? false;
  }
}

/** Which of the two goes first: a fair coin per mistake, so neither variant sits on one side. */
export function shownOrder<T>(a: T, b: T, random: () => number = Math.random): [T, T] {
  return random() < 0.5 ? [a, b] : [b, a];
}
