/**
 * Messages between the extension and the statistics view, checked on both ends with the guards of
 * messages.ts. A bar click (`filterTree`) awaits its answer (`filtered`), and a click on a prompt
 * version's label (`openPrompt`) its answer (`promptOpened`), paired by requestId.
 */
import type { BarFilter, StatsFilter, StatsReport, VerifyRow } from '../core/stats/report';
import type { AgreementReport } from '../core/stats/agreementTypes';
import { isBoolean, isCount, isOptional, isRecord, isString, isStrings, messageGuard, type Check, type Request } from './messages';
import { isErrorType } from '../core/truth/errorTypes';

export type { AgreementReport, BarFilter, StatsFilter, StatsReport, VerifyRow };

/** Extension → statistics view. `filtered`: the answer to a bar click (`applied` false when the tree cannot filter). */
export type HostToStatsView =
  | { type: 'loading' }
  | { type: 'stats'; report: StatsReport }
  | { type: 'error'; message: string }
  | ({ type: 'filtered'; label: string; applied: boolean } & Request)
  | ({ type: 'promptOpened'; label: string; opened: boolean } & Request);

/** Statistics view → extension. */
export type StatsViewToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'setFilter'; filter: StatsFilter }
  | ({ type: 'filterTree'; filter: BarFilter } & Request)
  /** Open this correction prompt version read-only (its text is a run.json snapshot). */
  | ({ type: 'openPrompt'; promptSha256: string; label: string } & Request);

function isStatsFilter(v: unknown): v is StatsFilter {
  return isRecord(v) && isStrings(v['runs']) && isStrings(v['models']);
}

export function isBarFilter(v: unknown): v is BarFilter {
  return (
    isRecord(v) &&
    isString(v['label']) &&
    isStrings(v['runs']) &&
    ['model', 'task', 'rating', 'promptSha256'].every((k) => isOptional(v[k], isString)) &&
    isOptional(v['questionIds'], isStrings) &&
    isOptional(v['pathIds'], isStrings) &&
    // Step-level truth: an error-type bar, by model or at a step position.
    isOptional(v['errorType'], isErrorType) &&
    isOptional(v['incorrectStep'], isCount)
  );
}

const viewMessageChecks: Record<StatsViewToHost['type'], Check> = {
  ready: () => true,
  refresh: () => true,
  setFilter: (m) => isStatsFilter(m['filter']),
  filterTree: (m) => isBarFilter(m['filter']),
  openPrompt: (m) => isString(m['promptSha256']) && /^[0-9a-f]{1,64}$/.test(m['promptSha256']) && isString(m['label']),
};

const hostMessageChecks: Record<HostToStatsView['type'], Check> = {
  loading: () => true,
  error: (m) => isString(m['message']),
  filtered: (m) => isString(m['label']) && isBoolean(m['applied']),
  promptOpened: (m) => isString(m['label']) && isBoolean(m['opened']),
  stats: (m) => isRecord(m['report']) && Array.isArray(m['report']['accuracy']) && isStatsFilter(m['report']['filter']),
};

export const isStatsViewMessage = messageGuard<StatsViewToHost>(viewMessageChecks);

export const isHostToStatsView = messageGuard<HostToStatsView>(hostMessageChecks);
