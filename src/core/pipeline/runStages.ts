/**
 * Running a run's stages, one after another, over its store: each stage's state goes to run.json
 * (running → done, failed or cancelled), progress to the caller, and a stage run again resumes
 * where the last attempt stopped.
 */
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import { formatDiagnostic } from '../diagnostic';
import { parsePrompt } from '../fewshot';
import type { LlmClient } from '../llm/client';
import type { RetryPolicy } from '../llm/retry';
import { cacheDir, RUN_INFO_FILE } from '../store/layout';
import type { ModelRole } from '../store/runInfo';
import { RunStore } from '../store/runStore';
import { augmentStage } from './augment';
import { planOf, type ModelConfig, type RunPlan } from './config';
import { correctStage } from './correct';
import { CostNotConfirmed, type StageEstimate } from './estimate';
import type { PriceTable } from '../llm/usage';
import { evaluateStage } from './evaluate';
import { makeClient, requireModel } from './models';
import { describeErrors, StageProgress, type PipelineStage, type ProgressEvent } from './progress';
import { sampleStage } from './sample';
import type { StageContext, StageFailure } from './work';
import { readVariants } from '../variants/readVariants';
import { recordVariant, variantPlan, type VariantRequest } from '../variants/variantPlan';

export const PIPELINE_STAGES: readonly PipelineStage[] = ['sample', 'correct', 'augment', 'evaluate'];

const STAGES: Readonly<Record<PipelineStage, (ctx: StageContext) => Promise<void>>> = {
  sample: sampleStage,
  correct: correctStage,
  augment: augmentStage,
  evaluate: evaluateStage,
};

export interface RunOptions {
  /** Keys for the run's endpoints; never written anywhere. Local servers need none. */
  apiKeys?: Partial<Record<ModelRole, string>>;
  /** Cancels the running stage cleanly: what is stored stays, and running it again resumes. */
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  /** Retry notes, request failures, skipped dataset lines and table repairs, one line each. */
  log?: (line: string) => void;
  /** Default: the workspace's `.mistakebook/cache`. */
  cacheDir?: string;
  /** Overrides of the client's retry policy (tests use short waits). */
  retry?: Partial<RetryPolicy>;
  /** This attempt's limits for every model of the run, instead of run.json's (they change no result). */
  limits?: Pick<ModelConfig, 'maxConcurrency' | 'requestsPerMinute'>;
  /** Prices for cost estimates (`mistakebook.prices` over DEFAULT_PRICES). */
  prices?: PriceTable;
  /**
   * Asked, before a stage sends its first request, with what it will send and may cost
   * (`describeEstimate` words it); resolve false to stop the stage with nothing sent (its state
   * is then `cancelled`, and the run goes on to no further stage). Without it, stages just start.
   */
  confirmCost?: (estimate: StageEstimate) => boolean | Promise<boolean>;
  /**
   * Correction variants: the correct stage corrects the run's mistakes again with this prompt (and
   * maybe another corrector), as a variant noted in variants.jsonl; the run's own corrections and its
   * stage states in run.json are left as they are. Only with the correct stage.
   */
  variant?: VariantRequest;
}

export interface StageResult {
  state: 'done' | 'failed' | 'cancelled';
  done: number;
  total: number;
  /** Items that failed for good in this attempt (rows added to errors.jsonl). */
  errors: number;
  /** Why it failed or was cancelled, and what to do next; a failed request's cause and endpoint URL when one failed. */
  message?: string;
  /**
   * The first request of this attempt that failed for good: its kind, its cause and what to do in
   * words (no request details), and the endpoint's base URL. `unreachable` is set when nothing
   * could connect to the endpoint; the stage then stopped asking at once.
   */
  firstFailure?: StageFailure;
}

/**
 * Runs `stages` in order. A stage whose requests partly failed ends `failed` and the next one still
 * runs on what was stored; a cancelled stage, or one that could not run at all, ends the sequence.
 */
export async function runStages(workspaceDir: string, runId: string, stages: readonly PipelineStage[], options: RunOptions): Promise<{ stages: Partial<Record<PipelineStage, StageResult>> }> {
  const log = options.log ?? ((): void => undefined);
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic: (d) => log(formatDiagnostic(d)) });
  const results: Partial<Record<PipelineStage, StageResult>> = {};
  try {
    let plan = withLimits(planOf(store.info, join(store.dir, RUN_INFO_FILE)), options.limits);
    if (options.variant !== undefined) plan = await variantStage(workspaceDir, store, plan, stages, options.variant);
    for (const stage of stages) {
      const { result, fatal } = await runStage(workspaceDir, store, plan, stage, options, log);
      results[stage] = result;
      if (fatal) break;
    }
  } finally {
    await store.close();
  }
  return { stages: results };
}

async function runStage(workspaceDir: string, store: RunStore, plan: RunPlan, stage: PipelineStage, options: RunOptions, log: (line: string) => void): Promise<{ result: StageResult; fatal: boolean }> {
  const signal = stageSignal(options.signal);
  const progress = new StageProgress(store.id, stage, options.onProgress);
  const ctx = stageContext(workspaceDir, store, plan, stage, progress, { ...options, ...(signal === undefined ? {} : { signal }) }, log);
  const resume = `run 'mistakebook run ${stage} --run ${store.id}' again to resume`;
  let result: StageResult;
  let fatal = false;
  const finish = (state: StageResult['state'], message?: string): StageResult => ({
    state,
    done: progress.done,
    total: progress.total,
    errors: progress.errorCount,
    ...(message === undefined ? {} : { message }),
    ...(ctx.firstFailure === undefined ? {} : { firstFailure: ctx.firstFailure }),
  });
  if (cancelled(signal)) return { result: finish('cancelled', `cancelled before it started; ${resume}`), fatal: true };
  // A variant's correct stage is not the run's own: run.json's stage states stay as they were.
  const setStage = options.variant === undefined ? store.setStage.bind(store) : async (): Promise<void> => undefined;
  await setStage(stage, 'running');
  try {
    await STAGES[stage](ctx);
    if (cancelled(signal)) {
      result = finish('cancelled', `cancelled at ${progress.done} of ${progress.total}; ${resume}`);
      fatal = true;
    } else if (progress.errorCount > 0) {
      const first = ctx.firstFailure === undefined ? '' : ` The first failure: ${ctx.firstFailure.message}`;
      result = finish('failed', `${progress.errorCount} item${progress.errorCount === 1 ? '' : 's'} failed (${describeErrors(progress.errors)}); see errors.jsonl, and ${resume} — only what is missing is asked for.${first}`);
    } else {
      result = finish('done');
    }
  } catch (error) {
    fatal = true;
    if (error instanceof CostNotConfirmed) result = finish('cancelled', error.message);
    else result = cancelled(signal) ? finish('cancelled', `cancelled at ${progress.done} of ${progress.total}; ${resume}`) : finish('failed', error instanceof Error ? error.message : String(error));
  }
  progress.flush();
  await setStage(stage, result.state, result.message);
  return { result, fatal };
}

/** Everything a stage works with; its model clients are made on first use, with the caller's keys. */
export function stageContext(workspaceDir: string, store: RunStore, plan: RunPlan, stage: PipelineStage, progress: StageProgress, options: RunOptions, log: (line: string) => void): StageContext {
  const clients = new Map<ModelRole, LlmClient>();
  return {
    workspaceDir,
    store,
    plan,
    stage,
    progress,
    signal: options.signal,
    log,
    ...(options.prices === undefined ? {} : { prices: options.prices }),
    ...(options.confirmCost === undefined ? {} : { confirmCost: options.confirmCost }),
    client(role) {
      let client = clients.get(role);
      if (client === undefined) {
        client = makeClient(requireModel(plan, role), options.apiKeys?.[role], options.cacheDir ?? cacheDir(workspaceDir), log, options.retry);
        clients.set(role, client);
      }
      return client;
    },
  };
}

/** The plan of a new correction variant, noted in variants.jsonl (see RunOptions.variant). */
async function variantStage(workspaceDir: string, store: RunStore, plan: RunPlan, stages: readonly PipelineStage[], request: VariantRequest): Promise<RunPlan> {
  if (stages.some((s) => s !== 'correct')) throw new Error('a correction variant runs the correct stage only.');
  const original = (await readVariants(store)).find((v) => v.original);
  const variant = variantPlan(plan, request, workspaceDir);
  const prompt = variant.correctionPrompt;
  const errors = prompt === undefined ? [] : parsePrompt(prompt.text, prompt.file).diagnostics.filter((d) => d.severity === 'error');
  // A prompt with errors makes no variant: nothing is noted and nothing is asked.
  if (errors.length > 0) throw new Error(`the few-shot prompt has errors, so no correction was asked for; fix them first:\n${errors.map(formatDiagnostic).join('\n')}`);
  await recordVariant(store, variant, original?.id);
  return variant;
}

function withLimits(plan: RunPlan, limits: RunOptions['limits']): RunPlan {
  if (limits === undefined) return plan;
  const models = Object.fromEntries(Object.entries(plan.models).map(([role, model]) => [role, { ...model, ...limits }]));
  return { ...plan, models };
}

/** A function, not an inline test, so TypeScript does not assume the signal cannot change during an await. */
function cancelled(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/**
 * The caller's signal, seen through one of our own: every request in flight listens to it, and
 * a stage keeps more in flight than Node's default of 10 listeners before it warns of a leak.
 */
function stageSignal(outer: AbortSignal | undefined): AbortSignal | undefined {
  if (outer === undefined) return undefined;
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  if (outer.aborted) controller.abort(outer.reason);
  else outer.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
  return controller.signal;
}
