/**
 * The mistake view's side of several raters: the reviewer's own rating, the others' ratings (hidden
 * while blind review is on and the reviewer has not rated yet), the rating in force and the
 * adjudication of one correction.
 */
import type { LoadedRun } from '../runs/loadRun';
import type { Reviewer } from './navigate';
import type { RatersView, RatingView } from './viewTypes';

/** Who reviews in this view, and whether others' ratings wait until they have rated. */
export interface ViewReviewer extends Reviewer {
  blind: boolean;
}

export function ratingViewOf(r: { rating: RatingView['value']; note?: string; at: string }): RatingView {
  return { value: r.rating, ...(r.note === undefined ? {} : { note: r.note }), at: r.at };
}

/** The reviewer's own rating of a correction, or undefined. */
export function ownRating(run: LoadedRun, correctionId: string, reviewer: ViewReviewer): RatingView | undefined {
  const mine = run.book?.ratingBy(correctionId, reviewer.rater);
  return mine === undefined ? undefined : ratingViewOf(mine);
}

export function ratersView(run: LoadedRun, correctionId: string, reviewer: ViewReviewer): RatersView {
  const book = run.book;
  const byRater = book?.ratingsOf(correctionId) ?? new Map();
  const others = [...byRater.entries()].filter(([name]) => name !== reviewer.rater).sort(([a], [b]) => a.localeCompare(b));
  const blind = reviewer.blind && !byRater.has(reviewer.rater);
  const inForce = book?.inForce(correctionId, run.ratingRule ?? 'agreed');
  const adjudication = book?.adjudicationOf(correctionId);
  return {
    rater: reviewer.rater,
    blind,
    othersCount: others.length,
    others: blind ? [] : others.map(([rater, r]) => ({ rater, ...ratingViewOf(r) })),
    disagree: !blind && (book?.disagree(correctionId) ?? false),
    ...(blind || inForce === undefined ? {} : { inForce: { value: inForce.rating.rating, source: inForce.source } }),
    ...(blind || adjudication === undefined
      ? {}
      : { adjudication: { value: adjudication.rating, adjudicator: adjudication.adjudicator, at: adjudication.at, ...(adjudication.note === undefined ? {} : { note: adjudication.note }) } }),
    ...(reviewer.share === undefined ? {} : { assigned: reviewer.share.has(correctionId) }),
  };
}
