/**
 * What a run is asked to do (RunConfig), and how that is kept in run.json and read back. run.json's
 * `models` holds endpoints, models and sampling; the limits and counts that do not fit there live in
 * its flat `settings` under the names below. Keys never enter either.
 */
import type { ModelRole, ModelSpec, RunInfo } from '../store/runInfo';
import type { TaskId } from '../task/task';

export interface Sampling {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  stop?: string[];
}

export interface ModelConfig {
  /** OpenAI-compatible base URL, e.g. http://gpu1:8000/v1. */
  baseUrl: string;
  model: string;
  /** `completion` for base models served on the legacy /v1/completions (vLLM). */
  api: 'chat' | 'completion';
  sampling: Sampling;
  maxConcurrency?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  timeoutMs?: number;
}

/** The evaluate stage: pass@1 and majority vote of one of the run's models on a test set. */
export interface EvaluationConfig {
  /** Default: the reasoner. */
  model?: ModelRole;
  /** Default: the run's dataset. */
  datasetFile?: string;
  /** Samples per test question (majority vote over these). Default: samplesPerQuestion. */
  samplesPerQuestion?: number;
  /** First N test questions. Default: the run's limit. */
  limit?: number;
}

export interface RunConfig {
  workspaceDir: string;
  datasetFile: string;
  /** Detected from the dataset when absent. */
  task?: TaskId;
  /** M_r. */
  reasoner: ModelConfig;
  /** M_c; the correct and augment stages need it. */
  corrector?: ModelConfig;
  /** k paths sampled per question. */
  samplesPerQuestion: number;
  /** Corrections asked per mistake. Default 1. */
  correctionsPerMistake?: number;
  /** CoT paths M_c samples per question in the augment stage. Default: samplesPerQuestion. */
  augmentSamplesPerQuestion?: number;
  /** The few-shot prompt P_c. */
  promptFile?: string;
  /** Solve prompt with {question} (and {candidates}); default: the task's. */
  solveTemplate?: string;
  /** Only the first N questions. */
  limit?: number;
  evaluation?: EvaluationConfig;
  runId?: string;
}

/** What the stages need from run.json, read back and checked. */
export interface RunPlan {
  task: TaskId;
  datasetPath: string;
  datasetSha256: string;
  models: Partial<Record<ModelRole, ModelConfig>>;
  samplesPerQuestion: number;
  correctionsPerMistake: number;
  augmentSamplesPerQuestion: number;
  limit: number | undefined;
  solveTemplate: string;
  solveTemplateSha256: string;
  correctionPrompt: { text: string; file: string; sha256: string } | undefined;
  evaluation: Required<Pick<EvaluationConfig, 'model' | 'samplesPerQuestion'>> & { datasetFile: string | undefined; limit: number | undefined };
}

type Settings = RunInfo['settings'];

const LIMIT_SETTINGS = ['maxConcurrency', 'requestsPerMinute', 'tokensPerMinute', 'timeoutMs'] as const;

export function modelSpec(config: ModelConfig, samplesPerRequest: number): ModelSpec {
  return {
    endpoint: config.baseUrl,
    model: config.model,
    api: config.api === 'completion' ? 'completions' : 'chat',
    sampling: { ...config.sampling, n: samplesPerRequest },
  };
}

/** The flat settings of run.json for one model's limits: `reasoner.maxConcurrency` = 8, … */
function limitSettings(role: ModelRole, config: ModelConfig): Settings {
  const out: Settings = {};
  for (const name of LIMIT_SETTINGS) {
    const value = config[name];
    if (value !== undefined) out[`${role}.${name}`] = value;
  }
  return out;
}

function modelConfig(spec: ModelSpec, role: ModelRole, settings: Settings): ModelConfig {
  const { n: _perRequest, ...sampling } = spec.sampling;
  const config: ModelConfig = { baseUrl: spec.endpoint, model: spec.model, api: spec.api === 'completions' ? 'completion' : 'chat', sampling };
  for (const name of LIMIT_SETTINGS) {
    const value = settings[`${role}.${name}`];
    if (typeof value === 'number') config[name] = value;
  }
  return config;
}

function positive(settings: Settings, name: string, fallback: number | undefined, file: string): number | undefined {
  const value = settings[name] ?? fallback;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${file}: settings.${name} must be a whole number ≥ 1 (got ${JSON.stringify(value)}); fix run.json or create a new run.`);
  }
  return value;
}

function text(settings: Settings, name: string): string | undefined {
  const value = settings[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads what the stages need from a run.json; `file` names it in errors. */
/** The run's P_c as a plan holds it (a prompt without a file came inline in run.json). */
function correctionPromptOf(correction: RunInfo['prompts']['correction']): RunPlan['correctionPrompt'] {
  return correction === undefined ? undefined : { text: correction.text, file: correction.file ?? 'run.json prompts.correction', sha256: correction.sha256 };
}

/**
 * Only what names a run's corrector and its P_c (its original correction variant): readable from
 * any run.json, even one older than the recorded solve prompt that the whole plan needs.
 */
export function correctorPlanOf(info: RunInfo): Pick<RunPlan, 'models' | 'correctionPrompt'> {
  const spec = info.models.corrector;
  return { models: spec === undefined ? {} : { corrector: modelConfig(spec, 'corrector', info.settings) }, correctionPrompt: correctionPromptOf(info.prompts.correction) };
}

export function planOf(info: RunInfo, file: string): RunPlan {
  const s = info.settings;
  const models: Partial<Record<ModelRole, ModelConfig>> = {};
  for (const role of ['reasoner', 'corrector'] as const) {
    const spec = info.models[role];
    if (spec !== undefined) models[role] = modelConfig(spec, role, s);
  }
  const k = positive(s, 'samplesPerQuestion', 1, file) ?? 1;
  const solve = info.prompts.solve;
  if (solve === undefined) throw new Error(`${file}: prompts.solve is missing; create the run again with createRun (it records the solve prompt).`);
  const correction = info.prompts.correction;
  const evaluateModel = text(s, 'evaluate.model') ?? 'reasoner';
  if (evaluateModel !== 'reasoner' && evaluateModel !== 'corrector') throw new Error(`${file}: settings["evaluate.model"] must be "reasoner" or "corrector".`);
  return {
    task: info.task,
    datasetPath: info.dataset.path,
    datasetSha256: info.dataset.sha256,
    models,
    samplesPerQuestion: k,
    correctionsPerMistake: positive(s, 'correctionsPerMistake', 1, file) ?? 1,
    augmentSamplesPerQuestion: positive(s, 'augmentSamplesPerQuestion', k, file) ?? k,
    limit: positive(s, 'limit', undefined, file),
    solveTemplate: solve.text,
    solveTemplateSha256: solve.sha256,
    correctionPrompt: correctionPromptOf(correction),
    evaluation: {
      model: evaluateModel,
      samplesPerQuestion: positive(s, 'evaluate.samplesPerQuestion', k, file) ?? k,
      datasetFile: text(s, 'evaluate.dataset'),
      limit: positive(s, 'evaluate.limit', undefined, file) ?? positive(s, 'limit', undefined, file),
    },
  };
}

/** The settings of run.json for a config (everything but models and prompts). */
export function settingsOf(config: RunConfig): Settings {
  const s: Settings = { samplesPerQuestion: config.samplesPerQuestion };
  if (config.correctionsPerMistake !== undefined) s['correctionsPerMistake'] = config.correctionsPerMistake;
  if (config.augmentSamplesPerQuestion !== undefined) s['augmentSamplesPerQuestion'] = config.augmentSamplesPerQuestion;
  if (config.limit !== undefined) s['limit'] = config.limit;
  const e = config.evaluation;
  if (e?.model !== undefined) s['evaluate.model'] = e.model;
  if (e?.datasetFile !== undefined) s['evaluate.dataset'] = e.datasetFile;
  if (e?.samplesPerQuestion !== undefined) s['evaluate.samplesPerQuestion'] = e.samplesPerQuestion;
  if (e?.limit !== undefined) s['evaluate.limit'] = e.limit;
  Object.assign(s, limitSettings('reasoner', config.reasoner));
  if (config.corrector !== undefined) Object.assign(s, limitSettings('corrector', config.corrector));
  return s;
}
