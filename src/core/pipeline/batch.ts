/**
 * The OpenAI Batch API for big runs: a stage's missing requests go out as one batch JSONL
 * (`custom_id` = the item's record id), and its output comes back into the store exactly as a live
 * run would have stored it — same records, same ids, so live runs, batches and reruns mix freely.
 * Which batch belongs to which stage is kept in the run's `batches.json`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toFile, type OpenAI } from 'openai';
import { openAiClient } from '../llm/openaiClient';
import { formatDiagnostic } from '../diagnostic';
import { sha256Hex } from '../ids';
import { DEFAULT_PRICES, costUsd } from '../llm/usage';
import { readResponse, wireBody, wirePath } from '../llm/wire';
import { writeFileAtomic } from '../store/atomicWrite';
import { RUN_INFO_FILE } from '../store/layout';
import { RunStore } from '../store/runStore';
import { augmentRequests } from './augment';
import { planOf, type ModelConfig } from './config';
import { correctRequests } from './correct';
import { StageProgress } from './progress';
import type { FailureKind } from './records';
import { stageContext, type RunOptions } from './runStages';
import { sampleRequests } from './sample';
import { recordFailure, type Answer, type StageContext, type StageRequests } from './work';

export type BatchStage = 'sample' | 'correct' | 'augment';

const REQUESTS: Readonly<Record<BatchStage, (ctx: StageContext) => Promise<StageRequests<unknown>>>> = {
  sample: sampleRequests as (ctx: StageContext) => Promise<StageRequests<unknown>>,
  correct: correctRequests as (ctx: StageContext) => Promise<StageRequests<unknown>>,
  augment: augmentRequests as (ctx: StageContext) => Promise<StageRequests<unknown>>,
};

const BATCHES_FILE = 'batches.json';
/** OpenAI bills batch requests at half the list price. */
const BATCH_DISCOUNT = 0.5;
const WAITING = new Set(['validating', 'in_progress', 'finalizing', 'cancelling']);

/** One submitted batch, as kept in batches.json. */
interface BatchEntry {
  batchId: string;
  inputFileId: string;
  /** Lines sent: one per distinct request body. */
  requests: number;
  /** Items whose request body was the same as an earlier item's: item id → the custom_id whose answer they share. */
  sharedWith?: Record<string, string>;
  submittedAt: string;
  collectedAt?: string;
}

export interface BatchReport {
  stage: BatchStage;
  /** Absent when there was nothing to submit. */
  batchId?: string;
  /** The Batch API's status (validating, in_progress, completed, failed, expired, cancelled…), or `nothing_to_do`. */
  status: string;
  requests: number;
  /** Items whose records were stored from the batch's output. */
  ingested: number;
  /** Items that failed (rows added to errors.jsonl). */
  failed: number;
  /** Items not sent because an identical request body was (they get its answer). */
  shared?: number;
  message: string;
}

/** Writes the stage's missing requests as a batch, uploads it and creates the batch. */
export async function submitBatch(workspaceDir: string, runId: string, stage: BatchStage, options: RunOptions): Promise<BatchReport> {
  return withStage(workspaceDir, runId, stage, options, async (ctx, batches) => {
    const pending = batches[stage];
    if (pending !== undefined && pending.collectedAt === undefined) {
      throw new Error(`batch ${pending.batchId} of stage ${stage} was submitted at ${pending.submittedAt} and not collected yet; collect it first ('mistakebook run batch collect --stage ${stage} --run ${runId}').`);
    }
    const requests = await REQUESTS[stage](ctx);
    const report = { stage, requests: requests.todo.length, ingested: 0, failed: 0 };
    if (requests.todo.length === 0) return { ...report, status: 'nothing_to_do', message: `every ${stage} result is stored; nothing to submit` };
    const model = requests.model;
    const url = `/v1${wirePath(model.api)}`;
    // Identical bodies (the same mistake corrected at temperature 0, a question repeated in the
    // dataset) are sent once; the items that asked the same share the answer when it is collected.
    const lines: string[] = [];
    const sharedWith: Record<string, string> = {};
    const sentBody = new Map<string, string>(); // sha256 of the body → custom_id
    let shared = 0;
    for (const item of requests.todo) {
      const request = requests.request(item);
      const body = wireBody(model.api, model.model, request, request.n ?? 1, request.seed);
      const key = sha256Hex(JSON.stringify(body));
      const customId = requests.itemId(item);
      const first = sentBody.get(key);
      if (first !== undefined) {
        sharedWith[customId] = first;
        shared++;
        continue;
      }
      sentBody.set(key, customId);
      lines.push(JSON.stringify({ custom_id: customId, method: 'POST', url, body }));
    }
    const sdk = batchClient(model, options.apiKeys?.[requests.role]);
    const file = await sdk.files.create({ file: await toFile(Buffer.from(`${lines.join('\n')}\n`), `mistakebook-${runId}-${stage}.jsonl`), purpose: 'batch' });
    const batch = await sdk.batches.create({ input_file_id: file.id, endpoint: url as '/v1/chat/completions' | '/v1/completions', completion_window: '24h', metadata: { mistakebook_run: runId, stage } });
    batches[stage] = { batchId: batch.id, inputFileId: file.id, requests: lines.length, ...(shared > 0 ? { sharedWith } : {}), submittedAt: new Date().toISOString() };
    await saveBatches(ctx.store.dir, batches);
    const same = shared === 0 ? '' : ` (${shared} more items asked the same as another and will share its answer)`;
    const message = `batch ${batch.id} submitted with ${lines.length} requests${same}; collect it with 'mistakebook run batch collect --stage ${stage} --run ${runId}'`;
    await ctx.store.setStage(stage, 'pending', message);
    return { ...report, requests: lines.length, shared, batchId: batch.id, status: batch.status, message };
  });
}

/**
 * Looks at the stage's batch; once it has ended, stores its output as a live run would and lists its
 * failures in errors.jsonl. Items it did not cover stay missing: a live run or a new batch does them.
 */
export async function collectBatch(workspaceDir: string, runId: string, stage: BatchStage, options: RunOptions): Promise<BatchReport> {
  return withStage(workspaceDir, runId, stage, options, async (ctx, batches) => {
    const entry = batches[stage];
    if (entry === undefined) throw new Error(`no batch was submitted for stage ${stage} of run ${runId}; submit one first ('mistakebook run batch submit --stage ${stage} --run ${runId}').`);
    const requests = await REQUESTS[stage](ctx);
    const model = requests.model;
    const sdk = batchClient(model, options.apiKeys?.[requests.role]);
    const batch = await sdk.batches.retrieve(entry.batchId);
    const report = { stage, batchId: batch.id, status: batch.status, requests: entry.requests, ingested: 0, failed: 0 };
    if (WAITING.has(batch.status)) {
      const counts = batch.request_counts;
      return { ...report, message: `batch ${batch.id} is ${batch.status}${counts === undefined ? '' : ` (${counts.completed} of ${counts.total} done)`}; collect again later` };
    }
    const lines = [
      ...(batch.output_file_id ? await outputLines(sdk, batch.output_file_id) : []),
      ...(batch.error_file_id ? await outputLines(sdk, batch.error_file_id) : []),
    ];
    const byId = new Map(lines.map((l) => [l.custom_id, l]));
    const paidFor = new Set<string>();
    for (const item of requests.todo) {
      const id = requests.itemId(item);
      const line = byId.get(id) ?? byId.get(entry.sharedWith?.[id] ?? '');
      if (line === undefined) continue;
      const result = answerOf(line, model);
      if ('failure' in result) {
        await recordFailure(ctx, id, result.failure);
        report.failed++;
      } else if (paidFor.has(line.custom_id)) {
        // A second item with the same request: its records are stored as a cached answer would be (no tokens paid twice).
        await requests.ingest(item, { ...result, costUsd: undefined, fromCache: true });
        report.ingested++;
      } else {
        paidFor.add(line.custom_id);
        await requests.ingest(item, result);
        ctx.progress.paid(result);
        report.ingested++;
      }
    }
    batches[stage] = { ...entry, collectedAt: new Date().toISOString() };
    await saveBatches(ctx.store.dir, batches);
    const missing = ctx.progress.total - ctx.progress.done;
    const message =
      `batch ${batch.id} ${batch.status}: ${report.ingested} stored, ${report.failed} failed` +
      (missing > 0 ? `; ${missing} still missing — run the stage again (live, or as a new batch) for them` : '');
    await ctx.store.setStage(stage, report.failed === 0 && missing === 0 ? 'done' : 'failed', message);
    return { ...report, message };
  });
}

/** Opens the run for one stage's batch work and closes it after. */
async function withStage(
  workspaceDir: string,
  runId: string,
  stage: BatchStage,
  options: RunOptions,
  body: (ctx: StageContext, batches: Partial<Record<BatchStage, BatchEntry>>) => Promise<BatchReport>,
): Promise<BatchReport> {
  const log = options.log ?? ((): void => undefined);
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic: (d) => log(formatDiagnostic(d)) });
  try {
    const plan = planOf(store.info, join(store.dir, RUN_INFO_FILE));
    const ctx = stageContext(workspaceDir, store, plan, stage, new StageProgress(runId, stage, options.onProgress), options, log);
    return await body(ctx, await loadBatches(store.dir));
  } finally {
    await store.close();
  }
}

function batchClient(model: ModelConfig, apiKey: string | undefined): OpenAI {
  return openAiClient({ baseUrl: model.baseUrl, ...(apiKey === undefined ? {} : { apiKey }), maxRetries: 3, timeoutMs: model.timeoutMs ?? 120_000 });
}

async function loadBatches(dir: string): Promise<Partial<Record<BatchStage, BatchEntry>>> {
  try {
    return JSON.parse(await readFile(join(dir, BATCHES_FILE), 'utf8')) as Partial<Record<BatchStage, BatchEntry>>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${join(dir, BATCHES_FILE)}: cannot read it (${(e as Error).message}); restore it, or delete it to forget the batches it names.`, { cause: e });
  }
}

function saveBatches(dir: string, batches: Partial<Record<BatchStage, BatchEntry>>): Promise<void> {
  return writeFileAtomic(join(dir, BATCHES_FILE), `${JSON.stringify(batches, null, 2)}\n`);
}

/** One line of a batch's output or error file. */
interface OutputLine {
  custom_id: string;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
}

async function outputLines(sdk: OpenAI, fileId: string): Promise<OutputLine[]> {
  const text = await (await sdk.files.content(fileId)).text();
  const lines: OutputLine[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = JSON.parse(line) as Partial<OutputLine>;
    if (typeof parsed.custom_id === 'string') lines.push(parsed as OutputLine);
  }
  return lines;
}

function answerOf(line: OutputLine, model: ModelConfig): Answer | { failure: { kind: FailureKind; message: string } } {
  const status = line.response?.status_code;
  if (status !== 200 || line.error) {
    const detail = line.error?.message ?? (line.response?.body as { error?: { message?: string } } | undefined)?.error?.message ?? 'no response';
    return { failure: { kind: kindOf(status), message: `batch request failed${status === undefined ? '' : ` with HTTP ${status}`}: ${detail}` } };
  }
  const read = readResponse(model.api, line.response?.body);
  if (typeof read === 'string') return { failure: { kind: 'malformed_response', message: `batch output: ${read}` } };
  // Batch output reports usage; if a server leaves it out, the tokens count as unknown (0).
  const usage = read.usage ?? { promptTokens: 0, completionTokens: 0 };
  const listPrice = costUsd(model.model, usage, DEFAULT_PRICES);
  return { samples: read.samples, usage, costUsd: listPrice === undefined ? undefined : listPrice * BATCH_DISCOUNT, fromCache: false };
}

function kindOf(status: number | undefined): FailureKind {
  if (status === undefined) return 'unknown';
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad_request';
}
