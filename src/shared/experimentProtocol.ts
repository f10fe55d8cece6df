/**
 * Messages between the extension and the experiment view (issue 19), checked on both ends with the
 * guards of messages.ts. The view shows one experiment's report; it can ask for the Markdown report
 * and for a model's evaluation run (its test mistakes) in the Runs view.
 */
import type { ExperimentReport } from '../core/experiment/reportTypes';
import { isRecord, isString, messageGuard, oneOf, type Check } from './messages';

export type { ExperimentReport };

/** Extension → experiment view. */
export type HostToExperimentView = { type: 'report'; report: ExperimentReport; dir: string } | { type: 'error'; message: string };

/** Experiment view → extension. */
export type ExperimentViewToHost = { type: 'ready' } | { type: 'openMarkdown' } | { type: 'revealRun'; runId: string };

const isRole = oneOf(['base', 'cot', 'lema'] as const);
const isInterval = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');

function isModel(v: unknown): boolean {
  return isRecord(v) && isRole(v['role']) && isString(v['model']) && isString(v['runId']) && typeof v['passAt1'] === 'number' && isInterval(v['passAt1Ci95']) && typeof v['majority'] === 'number' && isInterval(v['majorityCi95']);
}

function isPair(v: unknown): boolean {
  return isRecord(v) && isRole(v['a']) && isRole(v['b']) && typeof v['mcnemarP'] === 'number';
}

const hostChecks: Record<HostToExperimentView['type'], Check> = {
  report: (m) => isString(m['dir']) && isRecord(m['report']) && Array.isArray(m['report']['models']) && m['report']['models'].every(isModel) && Array.isArray(m['report']['pairs']) && m['report']['pairs'].every(isPair),
  error: (m) => isString(m['message']),
};

const viewChecks: Record<ExperimentViewToHost['type'], Check> = {
  ready: () => true,
  openMarkdown: () => true,
  revealRun: (m) => isString(m['runId']) && /^[\w.-]+$/.test(m['runId']),
};

export const isHostToExperimentView = messageGuard<HostToExperimentView>(hostChecks);
export const isExperimentViewMessage = messageGuard<ExperimentViewToHost>(viewChecks);
