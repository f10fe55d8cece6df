/**
 * Messages between the extension and the statistics view, checked on both ends with the guards of
 * messages.ts. A bar click (`filterTree`) awaits its answer (`filtered`), paired by requestId.
 */
import type { BarFilter, StatsFilter, StatsReport } from '../core/stats/report';
import { isOptional, isRecord, isString, isStrings, messageGuard, type Check, type Request } from './messages';

export type { BarFilter, StatsFilter, StatsReport };

/** Extension → statistics view. `filtered`: the answer to a bar click (`applied` false when the tree cannot filter). */
export type HostToStatsView =
  | { type: 'loading' }
  | { type: 'stats'; report: StatsReport }
  | { type: 'error'; message: string }
  | ({ type: 'filtered'; label: string; applied: boolean } & Request);

/** Statistics view → extension. */
export type StatsViewToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'setFilter'; filter: StatsFilter }
  | ({ type: 'filterTree'; filter: BarFilter } & Request);

function isStatsFilter(v: unknown): v is StatsFilter {
  return isRecord(v) && isStrings(v['runs']) && isStrings(v['models']);
}

export function isBarFilter(v: unknown): v is BarFilter {
  return (
    isRecord(v) &&
    isString(v['label']) &&
    isStrings(v['runs']) &&
    ['model', 'task', 'rating', 'promptSha256'].every((k) => isOptional(v[k], isString)) &&
    isOptional(v['questionIds'], isStrings)
  );
}

const viewMessageChecks: Record<StatsViewToHost['type'], Check> = {
  ready: () => true,
  refresh: () => true,
  setFilter: (m) => isStatsFilter(m['filter']),
  filterTree: (m) => isBarFilter(m['filter']),
};

const hostMessageChecks: Record<HostToStatsView['type'], Check> = {
  loading: () => true,
  error: (m) => isString(m['message']),
  filtered: (m) => isString(m['label']) && typeof m['applied'] === 'boolean',
  stats: (m) => isRecord(m['report']) && Array.isArray(m['report']['accuracy']) && isStatsFilter(m['report']['filter']),
};

export const isStatsViewMessage = messageGuard<StatsViewToHost>(viewMessageChecks);

export const isHostToStatsView = messageGuard<HostToStatsView>(hostMessageChecks);
