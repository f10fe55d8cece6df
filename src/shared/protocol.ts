/**
 * The typed messages between the extension and its webviews. Both ends check what they receive:
 * a webview is a separate page and a message is just data until proven otherwise.
 */

import { isArrayOf, isBoolean, isCount, isOptional, isRecord, isString, isStringOrNull, messageGuard, oneOf, type Check, type Request } from './messages';
import type { CorrectionView, DiffPiece, MistakeData, NavigationDirection, RatersView, RatingValue, RatingView, ReviewProgress, StepRow, StepRowKind } from '../core/review/viewTypes';
// Step-level truth: the researcher's first wrong step and error types (plain data, no runtime imports).
import type { ErrorType, ErrorTypeView, HumanStepView } from '../core/review/viewTypes';
import { ERROR_TYPE_INFO, ERROR_TYPES, isErrorType } from '../core/truth/errorTypes';

export type { CorrectionView, DiffPiece, MistakeData, NavigationDirection, RatersView, RatingValue, RatingView, ReviewProgress, StepRow, StepRowKind };
export type { ErrorType, ErrorTypeView, HumanStepView };
export { ERROR_TYPE_INFO, ERROR_TYPES };

/** Which toolbar commands another part of the extension has registered. */
export interface ToolbarAvailability {
  regenerate: boolean;
  addToPrompt: boolean;
  revealInTree: boolean;
  openPrompt: boolean;
}

/** Extension → mistake view. */
export type HostToMistakeView =
  | { type: 'empty'; reason: string }
  | { type: 'show'; mistake: MistakeData; correctionId?: string; toolbar: ToolbarAvailability }
  | ({ type: 'rated'; correctionId: string; rating: RatingView; progress: ReviewProgress } & Request)
  /** The run's review progress changed elsewhere (the tree, the CLI) while the mistake shown did not. */
  | { type: 'progress'; progress: ReviewProgress }
  /** Several raters (issue 18): a correction's raters after a rating or an adjudication (the answer to `adjudicate`). */
  | ({ type: 'raters'; correctionId: string; raters: RatersView } & Request)
  | { type: 'error'; message: string }
  /** Step-level truth: the answers to a step label and to an error type chosen by hand. */
  | ({ type: 'stepLabelled'; pathId: string; humanStep: HumanStepView } & Request)
  | ({ type: 'errorTypeSet'; correctionId: string; errorType: ErrorTypeView } & Request);

export type ToolbarAction = 'copyMarkdown' | 'openPrompt' | 'revealInTree' | 'regenerate' | 'addToPrompt';

/** Mistake view → extension. */
export type MistakeViewToHost =
  | { type: 'ready' }
  | { type: 'painted'; pathId: string }
  | ({ type: 'rate'; correctionId: string; rating: RatingValue; note: string } & Request)
  | { type: 'navigate'; direction: NavigationDirection }
  | { type: 'selectCorrection'; correctionId: string }
  | { type: 'toolbar'; action: ToolbarAction; correctionId?: string }
  /** Several raters (issue 18): settle a correction with a rating and a note. */
  | ({ type: 'adjudicate'; correctionId: string; rating: RatingValue; note: string } & Request)
  /** Step-level truth: "Step k is the first wrong step" (step null: "No step is wrong"), and an error type by hand. */
  | ({ type: 'labelStep'; pathId: string; step: number | null; correctionId?: string } & Request)
  | ({ type: 'setErrorType'; correctionId: string; errorType: ErrorType } & Request);

/** What the webview keeps through a reload (`setState`), and the panel serializer reads back. */
export interface MistakeViewState {
  runId: string;
  pathId: string;
  correctionId?: string;
}

const isRatingValue = oneOf<RatingValue>(['excellent', 'good', 'poor']);
const isRowKind = oneOf<StepRowKind>(['shared', 'replaced', 'invalidated-original', 'new-corrected']);
const isDirection = oneOf<NavigationDirection>(['next', 'previous', 'nextUnrated', 'previousUnrated']);
const isToolbarAction = oneOf<ToolbarAction>(['copyMarkdown', 'openPrompt', 'revealInTree', 'regenerate', 'addToPrompt']);

const isDiffPiece = (v: unknown): boolean =>
  isRecord(v) && isString(v['value']) && isOptional(v['added'], isBoolean) && isOptional(v['removed'], isBoolean);

const isStepRow = (v: unknown): boolean =>
  isRecord(v) &&
  isRowKind(v['kind']) &&
  isCount(v['number']) &&
  isOptional(v['original'], isString) &&
  isOptional(v['corrected'], isString) &&
  isOptional(v['diff'], (d) => isArrayOf(d, isDiffPiece));

const isProgress = (v: unknown): boolean =>
  isRecord(v) && isCount(v['rated']) && isCount(v['total']) && (v['rated'] as number) <= (v['total'] as number) && isOptional(v['rater'], isString) && isOptional(v['share'], isBoolean);

const isRating = (v: unknown): boolean => isRecord(v) && isRatingValue(v['value']) && isOptional(v['note'], isString) && isString(v['at']);

// Several raters (issue 18)
const isRaterRating = (v: unknown): boolean => isRating(v) && isString((v as Record<string, unknown>)['rater']);
const isRatersView = (v: unknown): boolean =>
  isRecord(v) &&
  isString(v['rater']) &&
  isBoolean(v['blind']) &&
  isCount(v['othersCount']) &&
  isArrayOf(v['others'], isRaterRating) &&
  isBoolean(v['disagree']) &&
  isOptional(v['inForce'], (f) => isRecord(f) && isRatingValue(f['value']) && oneOf(['adjudicated', 'agreed', 'majority'])(f['source'])) &&
  isOptional(v['adjudication'], (a) => isRecord(a) && isRatingValue(a['value']) && isOptional(a['note'], isString) && isString(a['adjudicator']) && isString(a['at'])) &&
  isOptional(v['assigned'], isBoolean);

const isHumanStep = (v: unknown): boolean => isRecord(v) && (v['step'] === null || isCount(v['step'])) && isString(v['who']) && isString(v['at']);

const isErrorTypeView = (v: unknown): boolean =>
  isRecord(v) && isErrorType(v['type']) && oneOf(['human', 'model', 'rules'])(v['source']) && isOptional(v['confidence'], (c) => typeof c === 'number' && c >= 0 && c <= 1);

const isCorrectionView = (v: unknown): boolean =>
  isRecord(v) &&
  isString(v['id']) &&
  isString(v['model']) &&
  isCount(v['index']) &&
  oneOf(['parsed', 'unparseable'])(v['outcome']) &&
  isOptional(v['reason'], isString) &&
  isOptional(v['raw'], isString) &&
  isOptional(v['incorrectStep'], isCount) &&
  isOptional(v['explanation'], isString) &&
  isStringOrNull(v['answer']) &&
  isBoolean(v['verified']) &&
  isOptional(v['verdictWhy'], isString) &&
  isArrayOf(v['rows'], isStepRow) &&
  isOptional(v['rating'], isRating) &&
  isOptional(v['raters'], isRatersView) &&
  isOptional(v['errorType'], isErrorTypeView) &&
  isOptional(v['noIncorrectStep'], isBoolean);

const isMistakeData = (v: unknown): boolean =>
  isRecord(v) &&
  isString(v['runId']) &&
  isOptional(v['runLabel'], isString) &&
  isString(v['pathId']) &&
  isCount(v['position']) &&
  isCount(v['total']) &&
  isString(v['task']) &&
  isString(v['question']) &&
  isString(v['goldAnswer']) &&
  isStringOrNull(v['pathAnswer']) &&
  isOptional(v['pathVerdictWhy'], isString) &&
  isString(v['reasonerModel']) &&
  isArrayOf(v['steps'], isString) &&
  isArrayOf(v['corrections'], isCorrectionView) &&
  isProgress(v['progress']) &&
  isOptional(v['humanStep'], isHumanStep);

const isToolbar = (v: unknown): boolean =>
  isRecord(v) && ['regenerate', 'addToPrompt', 'revealInTree', 'openPrompt'].every((k) => isBoolean(v[k]));

const hostMessageChecks: Record<HostToMistakeView['type'], Check> = {
  empty: (m) => isString(m['reason']),
  show: (m) => isMistakeData(m['mistake']) && isOptional(m['correctionId'], isString) && isToolbar(m['toolbar']),
  rated: (m) => isString(m['correctionId']) && isRating(m['rating']) && isProgress(m['progress']),
  progress: (m) => isProgress(m['progress']),
  raters: (m) => isString(m['correctionId']) && isRatersView(m['raters']),
  error: (m) => isString(m['message']),
  stepLabelled: (m) => isString(m['pathId']) && isHumanStep(m['humanStep']),
  errorTypeSet: (m) => isString(m['correctionId']) && isErrorTypeView(m['errorType']),
};

const viewMessageChecks: Record<MistakeViewToHost['type'], Check> = {
  ready: () => true,
  painted: (m) => isString(m['pathId']),
  rate: (m) => isString(m['correctionId']) && isRatingValue(m['rating']) && isString(m['note']),
  navigate: (m) => isDirection(m['direction']),
  selectCorrection: (m) => isString(m['correctionId']),
  toolbar: (m) => isToolbarAction(m['action']) && isOptional(m['correctionId'], isString),
  adjudicate: (m) => isString(m['correctionId']) && isRatingValue(m['rating']) && isString(m['note']),
  labelStep: (m) => isString(m['pathId']) && (m['step'] === null || (isCount(m['step']) && (m['step'] as number) >= 1)) && isOptional(m['correctionId'], isString),
  setErrorType: (m) => isString(m['correctionId']) && isErrorType(m['errorType']),
};

export const isMistakeViewMessage = messageGuard<MistakeViewToHost>(viewMessageChecks);

export const isHostToMistakeView = messageGuard<HostToMistakeView>(hostMessageChecks);

export function isMistakeViewState(v: unknown): v is MistakeViewState {
  return isRecord(v) && isString(v['runId']) && isString(v['pathId']) && isOptional(v['correctionId'], isString);
}
