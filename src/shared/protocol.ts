/**
 * The typed messages between the extension and its webviews. Both ends check what they receive:
 * a webview is a separate page and a message is just data until proven otherwise.
 */

import type { RatingValue } from '../core/store/ratings';

export type { RatingValue };

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
  rows: StepRow[];
  rating?: { value: RatingValue; note?: string; at: string };
}

/** Everything the mistake view shows for one mistake. All text is untrusted. */
export interface MistakeData {
  runId: string;
  pathId: string;
  /** 1-based position among the run's mistakes, and their count. */
  position: number;
  total: number;
  task: string;
  question: string;
  goldAnswer: string;
  pathAnswer: string | null;
  reasonerModel: string;
  steps: string[];
  corrections: CorrectionView[];
}

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
  | { type: 'rated'; correctionId: string; rating: { value: RatingValue; note?: string; at: string } }
  | { type: 'error'; message: string };

export type NavigationDirection = 'next' | 'previous' | 'nextUnrated';

export type ToolbarAction = 'copyMarkdown' | 'openPrompt' | 'revealInTree' | 'regenerate' | 'addToPrompt';

/** Mistake view → extension. */
export type MistakeViewToHost =
  | { type: 'ready' }
  | { type: 'painted'; pathId: string }
  | { type: 'rate'; correctionId: string; rating: RatingValue; note: string }
  | { type: 'navigate'; direction: NavigationDirection }
  | { type: 'selectCorrection'; correctionId: string }
  | { type: 'toolbar'; action: ToolbarAction; correctionId?: string };

/** What the webview keeps through a reload (`setState`), and the panel serializer reads back. */
export interface MistakeViewState {
  runId: string;
  pathId: string;
  correctionId?: string;
}

type Check = (m: Record<string, unknown>) => boolean;

const isString = (v: unknown): v is string => typeof v === 'string';
const isOptional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
const isStringOrNull = (v: unknown): boolean => v === null || isString(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArrayOf = (v: unknown, check: (item: unknown) => boolean): boolean => Array.isArray(v) && v.every(check);
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    isString(v) && (values as readonly string[]).includes(v);

const isRatingValue = oneOf<RatingValue>(['excellent', 'good', 'poor']);
const isRowKind = oneOf<StepRowKind>(['shared', 'replaced', 'invalidated-original', 'new-corrected']);
const isDirection = oneOf<NavigationDirection>(['next', 'previous', 'nextUnrated']);
const isToolbarAction = oneOf<ToolbarAction>(['copyMarkdown', 'openPrompt', 'revealInTree', 'regenerate', 'addToPrompt']);

const isDiffPiece = (v: unknown): boolean =>
  isRecord(v) && isString(v['value']) && isOptional(v['added'], (x) => typeof x === 'boolean') && isOptional(v['removed'], (x) => typeof x === 'boolean');

const isStepRow = (v: unknown): boolean =>
  isRecord(v) &&
  isRowKind(v['kind']) &&
  isCount(v['number']) &&
  isOptional(v['original'], isString) &&
  isOptional(v['corrected'], isString) &&
  isOptional(v['diff'], (d) => isArrayOf(d, isDiffPiece));

const isRating = (v: unknown): boolean => isRecord(v) && isRatingValue(v['value']) && isOptional(v['note'], isString) && isString(v['at']);

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
  typeof v['verified'] === 'boolean' &&
  isArrayOf(v['rows'], isStepRow) &&
  isOptional(v['rating'], isRating);

const isMistakeData = (v: unknown): boolean =>
  isRecord(v) &&
  isString(v['runId']) &&
  isString(v['pathId']) &&
  isCount(v['position']) &&
  isCount(v['total']) &&
  isString(v['task']) &&
  isString(v['question']) &&
  isString(v['goldAnswer']) &&
  isStringOrNull(v['pathAnswer']) &&
  isString(v['reasonerModel']) &&
  isArrayOf(v['steps'], isString) &&
  isArrayOf(v['corrections'], isCorrectionView);

const isToolbar = (v: unknown): boolean =>
  isRecord(v) && ['regenerate', 'addToPrompt', 'revealInTree', 'openPrompt'].every((k) => typeof v[k] === 'boolean');

const hostMessageChecks: Record<HostToMistakeView['type'], Check> = {
  empty: (m) => isString(m['reason']),
  show: (m) => isMistakeData(m['mistake']) && isOptional(m['correctionId'], isString) && isToolbar(m['toolbar']),
  rated: (m) => isString(m['correctionId']) && isRating(m['rating']),
  error: (m) => isString(m['message']),
};

const viewMessageChecks: Record<MistakeViewToHost['type'], Check> = {
  ready: () => true,
  painted: (m) => isString(m['pathId']),
  rate: (m) => isString(m['correctionId']) && isRatingValue(m['rating']) && isString(m['note']),
  navigate: (m) => isDirection(m['direction']),
  selectCorrection: (m) => isString(m['correctionId']),
  toolbar: (m) => isToolbarAction(m['action']) && isOptional(m['correctionId'], isString),
};

function passes(m: unknown, checks: Record<string, Check>): boolean {
  if (!isRecord(m) || !isString(m['type']) || !Object.hasOwn(checks, m['type'])) return false;
  return checks[m['type']]?.(m) ?? false;
}

export function isMistakeViewMessage(m: unknown): m is MistakeViewToHost {
  return passes(m, viewMessageChecks);
}

export function isHostToMistakeView(m: unknown): m is HostToMistakeView {
  return passes(m, hostMessageChecks);
}

export function isMistakeViewState(v: unknown): v is MistakeViewState {
  return isRecord(v) && isString(v['runId']) && isString(v['pathId']) && isOptional(v['correctionId'], isString);
}
