/**
 * The agreement report of several raters, as plain data: the CLI prints it (`mistakebook agreement`,
 * its --json keys are these), the Statistics view draws its Agreement section. No runtime imports, so
 * the browser build can type-check it.
 */
import type { RatingValue } from '../review/ratingValue';
import type { RateEstimate } from './report';

export interface RaterCount {
  name: string;
  /** Corrections this rater rated. */
  items: number;
}

export interface AgreementPair {
  a: string;
  b: string;
  /** Corrections both rated. */
  shared: number;
  /** Cohen's kappa, unweighted; null when undefined (nothing shared, or both used one rating only). */
  kappa: number | null;
  /** Cohen's kappa, linear weights on poor < good < excellent. */
  weightedKappa: number | null;
  /**
   * 95% intervals of the two kappas: a seeded percentile bootstrap over the shared corrections
   * (2,000 resamples). Null when none can be claimed (fewer than 2 shared, or kappa undefined on
   * more than 5% of resamples, as with a handful of items). Absent in reports made before them.
   */
  kappaCi95?: [number, number] | null;
  weightedKappaCi95?: [number, number] | null;
  /** The share of shared corrections they rated the same, with its n and 95% interval. */
  agreement: RateEstimate;
  /** confusion[i][j]: corrections `a` rated categories[i] and `b` rated categories[j]. */
  confusion: number[][];
}

export interface AgreementReport {
  /** The rating scale in its order, for reading `confusion`. */
  categories: RatingValue[];
  raters: RaterCount[];
  /** Corrections rated by anyone. */
  items: number;
  /** Corrections rated by two raters or more: what the overall figures rest on. */
  itemsRatedByTwoOrMore: number;
  pairs: AgreementPair[];
  /** Over all raters, items with two ratings or more; null when undefined. */
  fleissKappa: number | null;
  /** Ordinal metric, over all raters; missing ratings allowed; null when undefined. */
  krippendorffAlpha: number | null;
  /** Their 95% intervals, bootstrapped over the corrections rated by two or more, as the pairs' are. Absent in older reports. */
  fleissKappaCi95?: [number, number] | null;
  krippendorffAlphaCi95?: [number, number] | null;
  /** Corrections whose raters disagree and no adjudication settled yet; and corrections adjudicated. */
  openDisagreements: number;
  adjudicated: number;
}
