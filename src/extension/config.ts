/**
 * The `mistakebook.*` settings, read in one place with the defaults of settingsDefaults.ts. Keys are
 * not settings: see secrets.ts.
 */
import * as vscode from 'vscode';
import { DEFAULT_TEMPLATES, type ExportTemplates } from '../core/export';
import { DEFAULT_PRICES, type PriceTable } from '../core/llm/usage';
import type { ModelConfig } from '../core/pipeline/config';
import type { CostThreshold } from '../core/pipeline/estimate';
import type { ModelRole } from '../core/store/runInfo';
import type { TaskId } from '../core/task/task';
import { GENERAL_DEFAULTS, ROLE_DEFAULTS, type RoleSettings } from './settingsDefaults';
import { hasFolder, runsFolder } from './workspace';

export { MODEL_ROLES, type RoleSettings } from './settingsDefaults';

export interface MistakebookSettings {
  reasoner: RoleSettings;
  corrector: RoleSettings;
  /** `auto`: the task the dataset's format implies. */
  task: TaskId | 'auto';
  samplesPerQuestion: number;
  correctionsPerMistake: number;
  /** 0 = every question of the dataset. */
  questionLimit: number;
  datasetGlob: string;
  /** Workspace-relative few-shot prompt for the corrector; empty = the first *.fewshot.txt found. */
  correctionPrompt: string;
  prices: PriceTable;
  /** Above this estimate a stage asks before it sends anything. */
  costThreshold: CostThreshold;
}

function readRole(c: vscode.WorkspaceConfiguration, role: ModelRole): RoleSettings {
  const d = ROLE_DEFAULTS[role];
  const api = c.get<string>(`${role}.api`, d.api);
  return {
    baseUrl: c.get<string>(`${role}.baseUrl`, d.baseUrl).trim() || d.baseUrl,
    model: c.get<string>(`${role}.model`, d.model).trim() || d.model,
    api: api === 'completion' ? 'completion' : 'chat',
    temperature: c.get<number>(`${role}.temperature`, d.temperature),
    topP: c.get<number>(`${role}.topP`, d.topP),
    maxTokens: c.get<number>(`${role}.maxTokens`, d.maxTokens),
    maxConcurrency: Math.max(1, c.get<number>(`${role}.maxConcurrency`, d.maxConcurrency)),
    requestsPerMinute: c.get<number>(`${role}.requestsPerMinute`, d.requestsPerMinute),
    tokensPerMinute: c.get<number>(`${role}.tokensPerMinute`, d.tokensPerMinute),
    timeoutMs: c.get<number>(`${role}.timeoutMs`, d.timeoutMs),
  };
}

const TASKS = new Set(['gsm8k', 'math', 'mc']);

/**
 * The settings as the runs folder sees them. Endpoints are resource-scoped settings: read without a
 * scope, a folder's own value (multi-root) would be passed over and the run would use another.
 */
export function readSettings(scope: vscode.ConfigurationScope | undefined = runsFolder()?.uri): MistakebookSettings {
  const c = vscode.workspace.getConfiguration('mistakebook', scope);
  const d = GENERAL_DEFAULTS;
  const task = c.get<string>('task', d.task);
  return {
    reasoner: readRole(c, 'reasoner'),
    corrector: readRole(c, 'corrector'),
    task: TASKS.has(task) ? (task as TaskId) : 'auto',
    samplesPerQuestion: Math.max(1, c.get<number>('samplesPerQuestion', d.samplesPerQuestion)),
    correctionsPerMistake: Math.max(1, c.get<number>('correctionsPerMistake', d.correctionsPerMistake)),
    questionLimit: Math.max(0, c.get<number>('questionLimit', d.questionLimit)),
    datasetGlob: c.get<string>('datasetGlob', d.datasetGlob).trim() || d.datasetGlob,
    correctionPrompt: c.get<string>('correctionPrompt', d.correctionPrompt).trim(),
    prices: c.get<PriceTable>('prices', {}),
    costThreshold: {
      maxUsd: Math.max(0, c.get<number>('confirmCostAboveUsd', d.confirmCostAboveUsd)),
      maxTokens: Math.max(0, c.get<number>('confirmCostAboveTokens', d.confirmCostAboveTokens)),
    },
  };
}

/** Prices in US dollars per million tokens: the listed ones, with the user's table over them. */
export function priceTable(s: MistakebookSettings): PriceTable {
  return { ...DEFAULT_PRICES, ...s.prices };
}

/** The export settings: templates, test sets to guard against, the seed of size-controlled sets. */
export function readExportSettings(): { templates: ExportTemplates; testSets: string[]; seed: number } {
  const c = vscode.workspace.getConfiguration('mistakebook.export');
  const templates = { ...DEFAULT_TEMPLATES };
  for (const key of Object.keys(DEFAULT_TEMPLATES) as Array<keyof ExportTemplates>) {
    const value = c.get<string>(key);
    if (typeof value === 'string') templates[key] = value;
  }
  return { templates, testSets: c.get<string[]>('testSets') ?? [], seed: c.get<number>('seed') ?? GENERAL_DEFAULTS['export.seed'] };
}

/** A role's settings as the pipeline's model configuration. */
export function modelConfig(r: RoleSettings): ModelConfig {
  return {
    baseUrl: r.baseUrl,
    model: r.model,
    api: r.api,
    sampling: { temperature: r.temperature, topP: r.topP, maxTokens: r.maxTokens },
    maxConcurrency: r.maxConcurrency,
    ...(r.requestsPerMinute > 0 ? { requestsPerMinute: r.requestsPerMinute } : {}),
    ...(r.tokensPerMinute > 0 ? { tokensPerMinute: r.tokensPerMinute } : {}),
    timeoutMs: r.timeoutMs,
  };
}

/**
 * Writes one role's endpoint and model: in the workspace when one is open and trusted, else for the
 * user (an untrusted workspace's base URLs are ignored, see capabilities.untrustedWorkspaces).
 */
export async function writeEndpoint(role: ModelRole, endpoint: { baseUrl: string; model: string; api: 'chat' | 'completion' }): Promise<void> {
  const c = vscode.workspace.getConfiguration('mistakebook');
  const inWorkspace = vscode.workspace.isTrusted && hasFolder();
  const target = inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update(`${role}.baseUrl`, endpoint.baseUrl, target);
  await c.update(`${role}.model`, endpoint.model, target);
  await c.update(`${role}.api`, endpoint.api, target);
}
