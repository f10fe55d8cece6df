/**
 * The default of every `mistakebook.*` setting, in one table. The code reads settings with these as
 * fallbacks; package.json declares the same values for the Settings editor, and a unit test
 * (test/unit/manifest/settings.test.ts) fails when the two differ. No vscode import here, so that test
 * runs without VS Code.
 */
import { DEFAULT_TEMPLATES } from '../core/export/templates';
import { DEFAULT_COST_THRESHOLD } from '../core/pipeline/estimate';
import type { ModelRole } from '../core/store/runInfo';

export const MODEL_ROLES: readonly ModelRole[] = ['reasoner', 'corrector'];

export interface RoleSettings {
  baseUrl: string;
  model: string;
  api: 'chat' | 'completion';
  temperature: number;
  topP: number;
  maxTokens: number;
  maxConcurrency: number;
  /** 0 = no limit. */
  requestsPerMinute: number;
  /** 0 = no limit. */
  tokensPerMinute: number;
  timeoutMs: number;
}

/** What both roles share; they differ in model and temperature (M_r samples, M_c answers greedily). */
const COMMON: Omit<RoleSettings, 'model' | 'temperature'> = {
  baseUrl: 'https://api.openai.com/v1',
  api: 'chat',
  topP: 1,
  maxTokens: 1024,
  maxConcurrency: 8,
  requestsPerMinute: 0,
  tokensPerMinute: 0,
  timeoutMs: 120_000,
};

export const ROLE_DEFAULTS: Readonly<Record<ModelRole, Readonly<RoleSettings>>> = {
  reasoner: { ...COMMON, model: 'gpt-4o-mini', temperature: 0.8 },
  corrector: { ...COMMON, model: 'gpt-4o', temperature: 0 },
};

export const DEFAULT_DATASET_GLOB = '**/datasets/**/*.{jsonl,json}';

/** The settings outside the roles, by their key under `mistakebook.`. */
export const GENERAL_DEFAULTS = {
  samplesPerQuestion: 8,
  correctionsPerMistake: 1,
  questionLimit: 0,
  task: 'auto',
  datasetGlob: DEFAULT_DATASET_GLOB,
  correctionPrompt: '',
  prices: {},
  confirmCostAboveUsd: DEFAULT_COST_THRESHOLD.maxUsd,
  confirmCostAboveTokens: DEFAULT_COST_THRESHOLD.maxTokens,
  'export.testSets': [],
  'export.seed': 0,
  // Several raters (issue 18)
  raterName: '',
  blindRating: true,
  ratingInForce: 'agreed',
  ...Object.fromEntries(Object.entries(DEFAULT_TEMPLATES).map(([k, v]) => [`export.${k}`, v])),
  // Issue 19: Run LEMA Experiment (an empty base URL = the reasoner's).
  'experiment.baseUrl': '',
  'experiment.baseModel': 'gpt-4o-mini-2024-07-18',
  'experiment.samplesPerQuestion': 4,
  'experiment.sizes': 'all',
  'experiment.pollSeconds': 10,
  'experiment.trainerFiles': false,
} as const;

/** Every setting's default by its full key (`mistakebook.reasoner.model`, …). */
export function settingDefaults(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const role of MODEL_ROLES) for (const [k, v] of Object.entries(ROLE_DEFAULTS[role])) out[`mistakebook.${role}.${k}`] = v;
  for (const [k, v] of Object.entries(GENERAL_DEFAULTS)) out[`mistakebook.${k}`] = v;
  return out;
}
