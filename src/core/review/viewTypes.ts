/**
 * What the mistake view shows, as plain data: one mistake with its corrections, step rows aligned and
 * word-diffed. The engine builds it (mistakeData.ts); src/shared carries it to the webview. All text
 * in it is untrusted (dataset and model output).
 */
import type { RatingValue } from '../review/ratingValue';
import type { ErrorType, ErrorTypeSource } from '../truth/errorTypes';

export type { ErrorType, ErrorTypeSource, RatingValue };

/** Step-level truth: the researcher's first wrong step of the path (null: no step is wrong). */
export interface HumanStepView {
  step: number | null;
  who: string;
  at: string;
}

/** Step-level truth: a correction's error type in force and where it came from (the rules' with their confidence). */
export interface ErrorTypeView {
  type: ErrorType;
  source: ErrorTypeSource;
  confidence?: number;
}

export type StepRowKind = 'shared' | 'replaced' | 'invalidated-original' | 'new-corrected';

/** One word-diff piece of a replaced step. */
export interface DiffPiece {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/** One row of the two aligned columns (see core/correction/align). */
export interface StepRow {
  kind: StepRowKind;
  number: number;
  original?: string;
  corrected?: string;
  /** Absent when the step is too long to diff quickly; the view then shows both texts whole. */
  diff?: DiffPiece[];
}

/** A rating as the view shows it. */
export interface RatingView {
  value: RatingValue;
  note?: string;
  at: string;
}

/** One correction of the mistake, ready to show. */
export interface CorrectionView {
  id: string;
  model: string;
  /** 0-based sample index among the corrections of this mistake. */
  index: number;
  outcome: 'parsed' | 'unparseable';
  /** Why the corrector's text could not be read (unparseable). */
  reason?: string;
  /** The corrector's text, shown when it could not be parsed. */
  raw?: string;
  incorrectStep?: number;
  explanation?: string;
  answer: string | null;
  /** eq. 2: the corrected solution reaches the gold answer. */
  verified: boolean;
  /** Why the current answer checker calls it verified or not (what it read, which rule decided); absent for an unparseable one. */
  verdictWhy?: string;
  rows: StepRow[];
  /** The rating in force; with a named rater (`raters` set), that rater's own rating. */
  rating?: RatingView;
  /** Several raters (issue 18): the others' ratings (unless blind), the rating in force, the adjudication. */
  raters?: RatersView;
  // Correction variants (core/variants): which variant wrote it, and how views name that variant.
  variant?: string;
  variantLabel?: string;
  /** Step-level truth: the error type in force (parsed corrections), and whether the corrector said no step is wrong. */
  errorType?: ErrorTypeView;
  noIncorrectStep?: boolean;
}

/** One rater's rating as the view shows it beside the others. */
export interface RaterRatingView extends RatingView {
  rater: string;
}

/** What the mistake view shows of the raters of one correction. */
export interface RatersView {
  /** Who is rating in this window. */
  rater: string;
  /** Others' ratings are hidden: blind review, and this rater has not rated the correction yet. */
  blind: boolean;
  /** How many other raters rated it (shown or not). */
  othersCount: number;
  /** The other raters' ratings, empty while blind. */
  others: RaterRatingView[];
  /** Two raters or more gave different ratings. */
  disagree: boolean;
  inForce?: { value: RatingValue; source: 'adjudicated' | 'agreed' | 'majority' };
  adjudication?: { value: RatingValue; note?: string; adjudicator: string; at: string };
  /** The correction is in this rater's share of an assignment (Assign Review); absent without one. */
  assigned?: boolean;
}

/** Everything the mistake view shows for one mistake. All text is untrusted. */
export interface MistakeData {
  runId: string;
  /** How views name the run: its name when it has one, else its reasoner and start time. */
  runLabel?: string;
  pathId: string;
  /** 1-based position among the run's mistakes, and their count. */
  position: number;
  total: number;
  task: string;
  question: string;
  goldAnswer: string;
  pathAnswer: string | null;
  /** Why the current answer checker calls the path wrong (what it read, which rule decided). */
  pathVerdictWhy?: string;
  reasonerModel: string;
  steps: string[];
  corrections: CorrectionView[];
  /** How far the review of the whole run is. */
  progress: ReviewProgress;
  /** Step-level truth: the researcher's first wrong step, when they gave one. */
  humanStep?: HumanStepView;
}

/** Corrections of a run with a rating in force, out of all its corrections. */
export interface ReviewProgress {
  rated: number;
  total: number;
  /** Several raters (issue 18): counted for this rater (their share when assigned), not by the rating in force. */
  rater?: string;
  share?: boolean;
}

/** Where the researcher moves from one mistake: the next, the previous, the nearest one still unrated after or before it. */
export type NavigationDirection = 'next' | 'previous' | 'nextUnrated' | 'previousUnrated';
