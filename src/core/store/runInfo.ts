import { readFile } from 'node:fs/promises';
import { formatDiagnostic, type Diagnostic } from '../diagnostic';
import type { TaskId } from '../task/task';
import type { ProcessRef } from './processes';

/** `run.json`: everything needed to repeat a run, and how far each stage got. Never a key. */
export interface RunInfo {
  formatVersion: 1;
  id: string;
  /** ISO time the run was created. */
  createdAt: string;
  /** Mistakebook version that created the run. */
  toolVersion: string;
  task: TaskId;
  dataset: DatasetSnapshot;
  models: Partial<Record<ModelRole, ModelSpec>>;
  prompts: Partial<Record<PromptRole, PromptSnapshot>>;
  /** Other choices that change the results: question limit, samples per question, filters… */
  settings: Record<string, string | number | boolean>;
  stages: Partial<Record<StageName, StageStatus>>;
  /** A name the researcher gave the run ("llama-7b, prompt v2"); views show it instead of the id, which stays. */
  name?: string;
  /** Free tags ("ablation", "v2"), shown beside the name. */
  tags?: string[];
  /** The answer checker whose verdicts the tables hold, set by `run regrade` (absent: the one of `toolVersion`). */
  answerChecker?: { version: string; regradedAt: string };
}

export interface DatasetSnapshot {
  /** Relative to the workspace when the file is inside it, so a run directory can be moved with its data. */
  path: string;
  /** sha256 of the file's bytes (`sha256File`): a changed dataset is noticed, not silently mixed in. */
  sha256: string;
}

/** M_r samples reasoning paths; M_c writes corrections (and CoT augmentation paths). */
export type ModelRole = 'reasoner' | 'corrector';

export interface ModelSpec {
  /** Base URL of the OpenAI-compatible API, e.g. `http://gpu1:8000/v1`. Keys live elsewhere. */
  endpoint: string;
  model: string;
  /** Base models served by vLLM need the legacy completions API. */
  api: 'chat' | 'completions';
  sampling: SamplingParams;
}

export interface SamplingParams {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** Samples per request. */
  n?: number;
  seed?: number;
  stop?: string[];
}

/** The solve prompt (CoT input) and the corrector's few-shot prompt P_c. */
export type PromptRole = 'solve' | 'correction';

export interface PromptSnapshot {
  /** Workspace-relative file it was read from, if any. */
  file?: string;
  text: string;
  /** sha256 of `text`; part of every correction's id. */
  sha256: string;
}

export type StageName = 'sample' | 'correct' | 'verify' | 'augment' | 'evaluate' | 'critique' | 'classify';

export type StageState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface StageStatus {
  state: StageState;
  startedAt?: string;
  finishedAt?: string;
  /** Why it failed or was cancelled. */
  message?: string;
  /** The process running the stage, so a crashed run shows as interrupted rather than running forever. */
  runner?: ProcessRef;
}

const SECRET_FIELD = /^(api[-_]?key|authorization|password|secret|access[-_]?token|token)$/i;
const SECRET_QUERY = /key|token|secret|password|signature|^sig$/i;
/** OpenAI, Anthropic, Hugging Face and bearer-style keys. */
const SECRET_TEXT = /\b(sk-[A-Za-z0-9_-]{20,}|hf_[A-Za-z0-9]{30,}|Bearer\s+[A-Za-z0-9._~+/-]{20,})/;

/**
 * Refuses a run.json that would carry a key: a field named like one, a URL with a password or a
 * key in its query, or text shaped like a known key. run.json is meant to be shared and committed.
 */
export function assertNoSecrets(info: RunInfo, file: string): void {
  const refuse = (where: string, what: string): never => {
    throw new Error(
      `${file}: ${where} ${what}. run.json must never hold keys — keep them in VS Code's secret storage or an environment variable, and give the endpoint without them.`,
    );
  };
  const visit = (value: unknown, where: string): void => {
    if (typeof value === 'string') {
      if (SECRET_TEXT.test(value)) refuse(where, 'looks like an API key');
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, field] of Object.entries(value)) {
      const at = Array.isArray(value) ? `${where}[${key}]` : `${where}.${key}`;
      if (!Array.isArray(value) && SECRET_FIELD.test(key) && field !== undefined) refuse(at, 'is a secret field');
      visit(field, at);
    }
  };
  visit(info, 'run');
  for (const [role, spec] of Object.entries(info.models)) {
    let url: URL;
    try {
      url = new URL(spec.endpoint);
    } catch {
      continue; // not a URL we can inspect; the text check above still applied
    }
    if (url.password !== '' || url.username !== '') refuse(`models.${role}.endpoint`, 'carries credentials in its URL');
    for (const name of url.searchParams.keys()) {
      if (SECRET_QUERY.test(name)) refuse(`models.${role}.endpoint`, `carries "${name}" in its query`);
    }
  }
}

/** A run.json that cannot be used; `diagnostic` points at it for the Runs view. */
export class RunInfoError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(formatDiagnostic(diagnostic));
  }
}

/** Reads and checks the shape of a run.json; errors name the file and say what to do. */
export async function readRunInfo(file: string): Promise<RunInfo> {
  const refuse = (message: string): never => {
    throw new RunInfoError({ file, line: 1, severity: 'error', message });
  };
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') refuse('missing: this is not a Mistakebook run directory, or its run.json was deleted.');
    refuse(`cannot read run.json (${err.message}). Restore it from version control, or delete the run directory.`);
  }
  const info = value as Partial<RunInfo> | null;
  if (info === null || typeof info !== 'object' || info.formatVersion !== 1 || typeof info.id !== 'string' || typeof info.stages !== 'object') {
    refuse('not a run.json this version understands (it needs formatVersion 1, id and stages). Was it written by a newer Mistakebook?');
  }
  return info as RunInfo;
}
