import * as vscode from 'vscode';
import type { PriceTable } from '../core/llm/usage';
import type { TaskId } from '../core/task/task';

/**
 * The `mistakebook.*` settings, read in one place with their defaults (package.json declares the
 * same defaults for the Settings editor). Keys are not settings: see secrets.ts.
 */

export type ModelRole = 'reasoner' | 'corrector';
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
}

export const DEFAULT_DATASET_GLOB = '**/datasets/**/*.{jsonl,json}';

const ROLE_DEFAULTS: Record<ModelRole, RoleSettings> = {
  reasoner: {
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    api: 'chat',
    temperature: 0.8,
    topP: 1,
    maxTokens: 1024,
    maxConcurrency: 8,
    requestsPerMinute: 0,
    tokensPerMinute: 0,
    timeoutMs: 120_000,
  },
  corrector: {
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o',
    api: 'chat',
    temperature: 0,
    topP: 1,
    maxTokens: 1024,
    maxConcurrency: 8,
    requestsPerMinute: 0,
    tokensPerMinute: 0,
    timeoutMs: 120_000,
  },
};

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

export function readSettings(scope?: vscode.ConfigurationScope): MistakebookSettings {
  const c = vscode.workspace.getConfiguration('mistakebook', scope);
  const task = c.get<string>('task', 'auto');
  return {
    reasoner: readRole(c, 'reasoner'),
    corrector: readRole(c, 'corrector'),
    task: TASKS.has(task) ? (task as TaskId) : 'auto',
    samplesPerQuestion: Math.max(1, c.get<number>('samplesPerQuestion', 8)),
    correctionsPerMistake: Math.max(1, c.get<number>('correctionsPerMistake', 1)),
    questionLimit: Math.max(0, c.get<number>('questionLimit', 0)),
    datasetGlob: c.get<string>('datasetGlob', DEFAULT_DATASET_GLOB).trim() || DEFAULT_DATASET_GLOB,
    correctionPrompt: c.get<string>('correctionPrompt', '').trim(),
    prices: c.get<PriceTable>('prices', {}),
  };
}

/**
 * Writes one role's endpoint and model: in the workspace when one is open and trusted, else for the
 * user (an untrusted workspace's base URLs are ignored, see capabilities.untrustedWorkspaces).
 */
export async function writeEndpoint(role: ModelRole, endpoint: { baseUrl: string; model: string; api: 'chat' | 'completion' }): Promise<void> {
  const c = vscode.workspace.getConfiguration('mistakebook');
  const inWorkspace = vscode.workspace.isTrusted && (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  const target = inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update(`${role}.baseUrl`, endpoint.baseUrl, target);
  await c.update(`${role}.model`, endpoint.model, target);
  await c.update(`${role}.api`, endpoint.api, target);
}
