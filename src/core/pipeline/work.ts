/**
 * What every stage does the same way: send its items through the model client a few at a time,
 * stop taking new ones on cancellation, and turn a request that failed for good into a classified
 * row of errors.jsonl while the rest goes on.
 */
import { recordId } from '../ids';
import type { LlmClient } from '../llm/client';
import type { UnreachableReason } from '../llm/connection';
import { LlmError } from '../llm/errors';
import type { Sample, SampleRequest } from '../llm/wire';
import type { ModelRole } from '../store/runInfo';
import { errorResolver } from './errorLog';
import { CostNotConfirmed, describeTokens, estimateStage, type StageEstimate } from './estimate';
import { DEFAULT_PRICES, type PriceTable } from '../llm/usage';
import type { RunStore } from '../store/runStore';
import type { ModelConfig, RunPlan } from './config';
import type { PipelineStage, StageProgress } from './progress';
import type { ErrorRecord, FailureKind, TokenUsage } from './records';

export interface StageContext {
  workspaceDir: string;
  store: RunStore;
  plan: RunPlan;
  stage: PipelineStage;
  progress: StageProgress;
  signal: AbortSignal | undefined;
  log: (line: string) => void;
  /** The client of one of the run's models, made once per stage. */
  client(role: ModelRole): LlmClient;
  /** Prices for the cost estimate (default DEFAULT_PRICES). */
  prices?: PriceTable;
  /** Asked with the stage's estimate before it sends anything; false stops it (see RunOptions.confirmCost). */
  confirmCost?: (estimate: StageEstimate) => boolean | Promise<boolean>;
  /** The first request of this attempt that failed for good (set by recordFailure): the cause a notification names. */
  firstFailure?: StageFailure;
}

/** A request that failed for good, as the stage's result tells it. */
export interface StageFailure {
  kind: FailureKind;
  /** What failed and what to do next, e.g. "cannot connect to http://127.0.0.1:9/v1: connection refused (…). Check the base URL …". */
  message: string;
  /** The endpoint's base URL, when the failure came from one. */
  url?: string;
  /** Set when the endpoint could not be reached at all (then the stage stopped asking). */
  unreachable?: UnreachableReason;
}

/** What a model answered for one item, live or from a batch's output. */
export interface Answer {
  samples: Sample[];
  usage: TokenUsage;
  /** Dollars for `usage`, when the price table knows the model. */
  costUsd: number | undefined;
  fromCache: boolean;
}

/** What a stage asks of a model, item by item: a live run and the Batch API both go through this. */
export interface StageRequests<T> {
  role: ModelRole;
  model: ModelConfig;
  /** The items whose results are still missing from the store. */
  todo: readonly T[];
  /** The record id a request stands for (the question or path id): errors.jsonl rows and batch `custom_id`s. */
  itemId(item: T): string;
  request(item: T): SampleRequest;
  /** Stores the records made from the answer for one item. */
  ingest(item: T, answer: Answer): Promise<void>;
}

/** Sends the stage's requests through the model client and stores each answer as it comes. */
export async function runLive<T>(ctx: StageContext, requests: StageRequests<T>): Promise<void> {
  if (requests.todo.length > 0 && ctx.confirmCost !== undefined) {
    const estimate = estimateStage(ctx.stage, requests, ctx.prices ?? DEFAULT_PRICES);
    if (!(await ctx.confirmCost(estimate))) throw new CostNotConfirmed(`not started: its cost estimate (${estimate.requests} requests, ${describeTokens(estimate.promptTokens + estimate.completionTokens)} tokens${estimate.costUsd === undefined ? '' : `, $${estimate.costUsd.toFixed(2)}`}) was not confirmed, so nothing was sent`);
  }
  const client = ctx.client(requests.role);
  ctx.progress.watchConcurrency(() => client.concurrency);
  const resolve = errorResolver(ctx.store, ctx.stage);
  await forEach(ctx, requests.todo, workersFor(requests.model), requests.itemId, async (item) => {
    const completion = await client.complete(requests.request(item), ctx.signal === undefined ? {} : { signal: ctx.signal });
    ctx.progress.paid(completion);
    await requests.ingest(item, completion);
    // A rerun that stores an item resolves the failures errors.jsonl holds for it.
    await resolve(requests.itemId(item));
  });
}

/**
 * Failures that every other request of the stage would meet too: stop instead of failing them one by
 * one. A rejected key, and an endpoint that never answered and cannot be reached (the client gave
 * up on it at once); one that answered before and is briefly away is retried by the client instead.
 */
function stopsTheStage(error: LlmError): boolean {
  return error.kind === 'auth' || (error.unreachable !== undefined && !error.retryable);
}

function stopMessage(error: LlmError, failed: number, notAsked: number): string {
  if (error.kind === 'auth') return `stopped after an auth failure: ${error.message}`;
  const asked = `${failed} request${failed === 1 ? '' : 's'} failed (see errors.jsonl)${notAsked > 0 ? `, ${notAsked} item${notAsked === 1 ? ' was' : 's were'} not asked` : ''}`;
  return `${error.summary} The stage stopped: ${asked}.`;
}

/** Thrown out of `forEach` when a failure stops the stage; its message says what to fix. */
class StageStopped extends Error {}

/** A function, not an inline test, so TypeScript does not assume the signal cannot change during an await. */
function cancelled(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/**
 * Runs `work` on every item, `concurrency` at a time (enough to keep the client's own limit busy),
 * in order of the items. A request that fails for good is written to errors.jsonl and counted; a
 * cancelled one is not (it is simply not done). Other errors (a full disk) end the stage.
 */
async function forEach<T>(ctx: StageContext, items: readonly T[], concurrency: number, itemId: (item: T) => string, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = 0;
  /** The failure that stops the stage: no worker takes another item. */
  let stopper: LlmError | undefined;
  let broken: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && stopper === undefined && broken === undefined && !cancelled(ctx.signal)) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        if (cancelled(ctx.signal) || (error instanceof LlmError && error.kind === 'cancelled')) return;
        if (!(error instanceof LlmError)) {
          broken ??= error;
          return;
        }
        failed++;
        if (stopsTheStage(error)) stopper ??= error;
        await recordFailure(ctx, itemId(item), error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (broken !== undefined) throw broken;
  if (stopper !== undefined) throw new StageStopped(stopMessage(stopper, failed, items.length - next));
}

/** A request that failed for good, as a row of errors.jsonl (a rerun retries it). */
export async function recordFailure(ctx: StageContext, itemId: string, error: { kind: FailureKind; message: string } | LlmError): Promise<void> {
  ctx.firstFailure ??= failureOf(error);
  const at = new Date().toISOString();
  const row: ErrorRecord = { id: recordId('error', { stage: ctx.stage, itemId, at }), stage: ctx.stage, itemId, kind: error.kind, message: error.message, at };
  const errors = await ctx.store.table<ErrorRecord>('errors');
  await errors.append(row);
  ctx.progress.failed(error.kind);
  ctx.log(`${ctx.stage}: ${itemId} failed: ${error.message}`);
}

function failureOf(error: { kind: FailureKind; message: string } | LlmError): StageFailure {
  if (!(error instanceof LlmError)) return { kind: error.kind, message: error.message };
  return {
    kind: error.kind,
    message: error.summary,
    ...(error.baseUrl === undefined ? {} : { url: error.baseUrl }),
    ...(error.unreachable === undefined ? {} : { unreachable: error.unreachable }),
  };
}

/** Workers per stage: twice the client's concurrency (default 8), so a finished request's slot is refilled at once. */
function workersFor(model: ModelConfig): number {
  return 2 * (model.maxConcurrency ?? 8);
}
