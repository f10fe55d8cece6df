/**
 * The one rule for which rating of a correction is in force, now that several raters may rate it.
 * A `RatingBook` holds each rater's last rating of each correction and the last adjudication; the
 * rating in force is the adjudicated one, else the one all its raters agree on (or, with the
 * `majority` rule, the one most of them gave; a tie gives none), else none. A correction rated by
 * one rater only has that rating in force, so a run rated by one person reads as it always did.
 * loadRun, the RunIndex, the exporter and the statistics all decide through here.
 */
import type { Diagnostic } from '../diagnostic';
import type { Adjudication } from '../store/adjudications';
import { readAdjudications, readRatings } from '../store/ratingTables';
import type { Rating, RatingValue } from '../store/ratings';

export type RatingRule = 'agreed' | 'majority';

export const RATING_RULES: readonly RatingRule[] = ['agreed', 'majority'];

/** The rule in words, as the export manifest records it. */
export const RATING_RULE_TEXT: Readonly<Record<RatingRule, string>> = {
  agreed: 'adjudicated rating, else the rating all its raters agree on, else none',
  majority: 'adjudicated rating, else the rating most of its raters gave (a tie gives none), else none',
};

export function isRatingRule(v: unknown): v is RatingRule {
  return v === 'agreed' || v === 'majority';
}

/** Where a rating in force came from. */
export type InForceSource = 'adjudicated' | 'agreed' | 'majority';

export interface InForce {
  /** For an adjudication, a rating made of it (its rater is the adjudicator). */
  rating: Rating;
  source: InForceSource;
}

export class RatingBook {
  /** Correction id → rater → that rater's last rating. */
  private readonly byCorrection = new Map<string, Map<string, Rating>>();
  private readonly adjudications = new Map<string, Adjudication>();
  private readonly raterNames = new Set<string>();

  /** A rater's rating; a later one of the same rater replaces their earlier one. */
  add(r: Rating, rater: string): void {
    let byRater = this.byCorrection.get(r.correctionId);
    if (byRater === undefined) this.byCorrection.set(r.correctionId, (byRater = new Map()));
    // Deleting first keeps the map in the order of each rater's last rating.
    byRater.delete(rater);
    byRater.set(rater, r.rater === rater ? r : { ...r, rater });
    this.raterNames.add(rater);
  }

  adjudicate(a: Adjudication): void {
    this.adjudications.set(a.correctionId, a);
  }

  /** Each rater's last rating of a correction (empty when none). */
  ratingsOf(correctionId: string): ReadonlyMap<string, Rating> {
    return this.byCorrection.get(correctionId) ?? EMPTY;
  }

  ratingBy(correctionId: string, rater: string): Rating | undefined {
    return this.byCorrection.get(correctionId)?.get(rater);
  }

  adjudicationOf(correctionId: string): Adjudication | undefined {
    return this.adjudications.get(correctionId);
  }

  /** Every rater who rated something, by name. */
  raters(): string[] {
    return [...this.raterNames].sort((a, b) => a.localeCompare(b));
  }

  /** Rated corrections with each rater's last rating. */
  rated(): IterableIterator<[string, ReadonlyMap<string, Rating>]> {
    return this.byCorrection.entries();
  }

  /** Corrections with an adjudication (rated or not). */
  adjudicated(): IterableIterator<string> {
    return this.adjudications.keys();
  }

  get adjudicationCount(): number {
    return this.adjudications.size;
  }

  /** Two raters or more gave different values. */
  disagree(correctionId: string): boolean {
    const byRater = this.byCorrection.get(correctionId);
    if (byRater === undefined || byRater.size < 2) return false;
    let first: RatingValue | undefined;
    for (const r of byRater.values()) {
      if (first === undefined) first = r.rating;
      else if (r.rating !== first) return true;
    }
    return false;
  }

  inForce(correctionId: string, rule: RatingRule): InForce | undefined {
    const a = this.adjudications.get(correctionId);
    if (a !== undefined) {
      const rating: Rating = { id: a.id, correctionId, rating: a.rating, at: a.at, rater: a.adjudicator, ...(a.note === undefined ? {} : { note: a.note }) };
      return { rating, source: 'adjudicated' };
    }
    const byRater = this.byCorrection.get(correctionId);
    if (byRater === undefined || byRater.size === 0) return undefined;
    const counts = new Map<RatingValue, Rating[]>();
    for (const r of byRater.values()) {
      const list = counts.get(r.rating);
      if (list === undefined) counts.set(r.rating, [r]);
      else list.push(r);
    }
    if (counts.size === 1) return { rating: latest([...counts.values()][0] ?? []), source: 'agreed' };
    if (rule !== 'majority') return undefined;
    const ranked = [...counts.values()].sort((x, y) => y.length - x.length);
    const [top, second] = ranked;
    if (top === undefined || (second !== undefined && second.length === top.length)) return undefined;
    return { rating: latest(top), source: 'majority' };
  }

  /** The rating in force of every correction that has one, by correction id. */
  inForceMap(rule: RatingRule): Map<string, Rating> {
    const out = new Map<string, Rating>();
    for (const id of this.byCorrection.keys()) {
      const r = this.inForce(id, rule);
      if (r !== undefined) out.set(id, r.rating);
    }
    for (const id of this.adjudications.keys()) {
      const r = this.inForce(id, rule);
      if (r !== undefined) out.set(id, r.rating);
    }
    return out;
  }
}

const EMPTY: ReadonlyMap<string, Rating> = new Map();

/** Of agreeing ratings, the one given last stands for them (its note and time are shown). */
function latest(ratings: readonly Rating[]): Rating {
  let best = ratings[0] as Rating;
  for (const r of ratings) if (r.at > best.at) best = r;
  return best;
}

/** A run's ratings (all files) and adjudications, read into a book. */
export async function readRatingBook(runDir: string, onDiagnostic: (d: Diagnostic) => void): Promise<RatingBook> {
  const book = new RatingBook();
  for await (const r of readRatings(runDir, onDiagnostic)) book.add(r, r.rater);
  for await (const a of readAdjudications(runDir, onDiagnostic)) book.adjudicate(a);
  return book;
}
