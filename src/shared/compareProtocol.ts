/**
 * Messages between the extension and the two correction-variant pages, checked on both ends with
 * the guards of messages.ts: the comparison view (a cell click, `listCell`, awaits `cellListed`) and
 * the blind review (the page names the item it votes on by its token; the host alone knows which
 * variant wrote which correction).
 */
import type { BlindItem, BlindProgress, PreferenceChoice } from '../core/variants/blindTypes';
import type { ComparisonReport, PairCell } from '../core/variants/compareReport';
import { isArrayOf, isCount, isRecord, isString, isBoolean, messageGuard, oneOf, type Check, type Request } from './messages';

export type { BlindItem, BlindProgress, ComparisonReport, PairCell, PreferenceChoice };

export const PAIR_CELLS: readonly PairCell[] = ['bothVerified', 'onlyA', 'onlyB', 'neither'];
export const PREFERENCE_CHOICES: readonly PreferenceChoice[] = ['first', 'second', 'tie'];

/** Extension → comparison view. */
export type HostToCompareView =
  | { type: 'loading' }
  | { type: 'report'; report: ComparisonReport }
  | { type: 'error'; message: string }
  | ({ type: 'cellListed'; label: string; count: number; applied: boolean } & Request);

/** Comparison view → extension. */
export type CompareViewToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  /** List the mistakes of a cell of the pair (a, b) in the Datasets tree. */
  | ({ type: 'listCell'; a: string; b: string; cell: PairCell; label: string } & Request)
  | { type: 'blindReview'; a: string; b: string };

const isVariantId = (v: unknown): boolean => isString(v) && /^[0-9a-f]{1,64}$/.test(v);

const compareViewChecks: Record<CompareViewToHost['type'], Check> = {
  ready: () => true,
  refresh: () => true,
  listCell: (m) => isVariantId(m['a']) && isVariantId(m['b']) && oneOf(PAIR_CELLS)(m['cell']) && isString(m['label']),
  blindReview: (m) => isVariantId(m['a']) && isVariantId(m['b']),
};

const compareHostChecks: Record<HostToCompareView['type'], Check> = {
  loading: () => true,
  error: (m) => isString(m['message']),
  cellListed: (m) => isString(m['label']) && isCount(m['count']) && isBoolean(m['applied']),
  report: (m) => isRecord(m['report']) && isString(m['report']['runId']) && Array.isArray(m['report']['variants']) && Array.isArray(m['report']['pairs']),
};

export const isCompareViewMessage = messageGuard<CompareViewToHost>(compareViewChecks);
export const isHostToCompareView = messageGuard<HostToCompareView>(compareHostChecks);

/** Extension → blind review. */
export type HostToBlindView =
  | { type: 'item'; item: BlindItem; progress: BlindProgress }
  | { type: 'done'; progress: BlindProgress; message: string }
  | { type: 'error'; message: string };

/** Blind review → extension. */
export type BlindViewToHost = { type: 'ready' } | { type: 'vote'; token: string; choice: PreferenceChoice } | { type: 'skip'; token: string };

const isBlindCorrection = (v: unknown): boolean => isRecord(v) && isArrayOf(v['solution'], isString);

const blindViewChecks: Record<BlindViewToHost['type'], Check> = {
  ready: () => true,
  vote: (m) => isString(m['token']) && oneOf(PREFERENCE_CHOICES)(m['choice']),
  skip: (m) => isString(m['token']),
};

const isProgress = (v: unknown): boolean => isRecord(v) && isCount(v['voted']) && isCount(v['total']);

const blindHostChecks: Record<HostToBlindView['type'], Check> = {
  item: (m) =>
    isRecord(m['item']) &&
    isString(m['item']['token']) &&
    isString(m['item']['question']) &&
    isArrayOf(m['item']['steps'], isString) &&
    isArrayOf(m['item']['corrections'], isBlindCorrection) &&
    (m['item']['corrections'] as unknown[]).length === 2 &&
    isProgress(m['progress']),
  done: (m) => isProgress(m['progress']) && isString(m['message']),
  error: (m) => isString(m['message']),
};

export const isBlindViewMessage = messageGuard<BlindViewToHost>(blindViewChecks);
export const isHostToBlindView = messageGuard<HostToBlindView>(blindHostChecks);
