/**
 * Messages between the extension and the statistics view. Both ends check what they receive: the
 * webview is a separate page, and a message is just data until proven otherwise.
 */
import type { RatingBucket, StatsFilter, StatsReport } from '../core/stats/report';

/**
 * What a clicked bar stands for, handed to `mistakebook.filterTree` so the Datasets tree shows just
 * those items. Only the fields that bar knows are set.
 */
export interface TreeFilter {
  /** What the user clicked, for the tree's description ("llama-2-7b · gsm8k"). */
  label: string;
  runs: string[];
  model?: string;
  task?: string;
  questionIds?: string[];
  rating?: RatingBucket;
  promptSha256?: string;
}

/** Extension → statistics view. `filtered`: the answer to a bar click (`applied` false when the tree cannot filter). */
export type HostToStatsView =
  | { type: 'loading' }
  | { type: 'stats'; report: StatsReport }
  | { type: 'error'; message: string }
  | { type: 'filtered'; label: string; applied: boolean };

/** Statistics view → extension. */
export type StatsViewToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'setFilter'; filter: StatsFilter }
  | { type: 'filterTree'; filter: TreeFilter };

const isObject = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

function isStatsFilter(v: unknown): v is StatsFilter {
  return isObject(v) && isStrings(v['runs']) && isStrings(v['models']);
}

function isTreeFilter(v: unknown): v is TreeFilter {
  return (
    isObject(v) &&
    typeof v['label'] === 'string' &&
    isStrings(v['runs']) &&
    optionalString(v['model']) &&
    optionalString(v['task']) &&
    optionalString(v['rating']) &&
    optionalString(v['promptSha256']) &&
    (v['questionIds'] === undefined || isStrings(v['questionIds']))
  );
}

export function isStatsViewMessage(m: unknown): m is StatsViewToHost {
  if (!isObject(m)) return false;
  switch (m['type']) {
    case 'ready':
    case 'refresh':
      return true;
    case 'setFilter':
      return isStatsFilter(m['filter']);
    case 'filterTree':
      return isTreeFilter(m['filter']);
    default:
      return false;
  }
}

export function isHostToStatsView(m: unknown): m is HostToStatsView {
  if (!isObject(m)) return false;
  switch (m['type']) {
    case 'loading':
      return true;
    case 'error':
      return typeof m['message'] === 'string';
    case 'filtered':
      return typeof m['label'] === 'string' && typeof m['applied'] === 'boolean';
    case 'stats': {
      const report = m['report'];
      return isObject(report) && Array.isArray(report['accuracy']) && isStatsFilter(report['filter']);
    }
    default:
      return false;
  }
}
