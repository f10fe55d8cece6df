/**
 * The fine-tuning client over the `openai` SDK, for OpenAI's fine-tuning API and the services that
 * copy its shape: upload a training file (purpose `fine-tune`), start a job, follow its states and
 * events, cancel it. Failures are classified like the model client's (`LlmError`: auth, bad_request,
 * rate_limit, server, network…, with the key redacted). Jobs are recorded in the workspace
 * (records.ts) and tagged with a key in their metadata, so a second process, or the same command
 * after a crash, finds the job it started instead of starting another; the same file content is
 * uploaded once per endpoint.
 */
import { basename, isAbsolute, relative } from 'node:path';
import { toFile, type OpenAI } from 'openai';
import { readFile } from 'node:fs/promises';
import { canonicalJson, sha256Hex } from '../ids';
import { classifyError, LlmError } from '../llm/errors';
import { openAiClient } from '../llm/openaiClient';
import { sleep } from '../llm/wait';
import {
  DEAD_JOB_STATES,
  findJobByKey,
  findUpload,
  saveJob,
  saveUpload,
  TERMINAL_STATUSES,
  type FineTuneRecord,
  type Hyperparameters,
  type TrainingFileRef,
} from './records';
import { checkTrainingFile } from './trainingFile';

export interface FineTuneConnection {
  baseUrl: string;
  /** Absent or empty: no key is sent (a local engine). */
  apiKey?: string;
  timeoutMs?: number;
}

export interface JobSpec {
  baseModel: string;
  /** A chat JSONL file, checked line by line before it is uploaded. */
  trainingFile: string;
  validationFile?: string;
  /** The export manifest the training file came from, kept in the record. */
  manifest?: string;
  suffix?: string;
  seed?: number;
  hyperparameters?: Hyperparameters;
  /** The experiment and role (cot, lema) that start this job, kept in the record. */
  experiment?: string;
  role?: string;
}

export interface JobEvent {
  id: string;
  createdAt: number;
  level: string;
  message: string;
}

export interface FollowOptions {
  signal?: AbortSignal;
  /** Called whenever the record changes (a new state, new events). */
  onUpdate?: (record: FineTuneRecord, newEvents: readonly JobEvent[]) => void;
}

/** A job that ended without a model: its error, as the engine gave it. */
export class FineTuneFailed extends Error {
  constructor(readonly record: FineTuneRecord) {
    super(`fine-tuning job ${record.jobId} (${record.role ?? record.baseModel}) ${record.status}${record.error ? `: ${record.error.code ? `${record.error.code}: ` : ''}${record.error.message}` : ''}`);
  }
}

/** Polling failures in a row that a wait survives (the engine restarting, a network blip) before giving up. */
const MAX_POLL_FAILURES = 8;
const METADATA_KEY = 'mistakebook_key';

export class FineTuneClient {
  private readonly sdk: OpenAI;
  private readonly timeoutMs: number;

  constructor(
    private readonly workspaceDir: string,
    private readonly connection: FineTuneConnection,
    private readonly options: { pollMs?: number } = {},
  ) {
    this.timeoutMs = connection.timeoutMs ?? 120_000;
    this.sdk = openAiClient({ baseUrl: connection.baseUrl, ...(connection.apiKey === undefined ? {} : { apiKey: connection.apiKey }), timeoutMs: this.timeoutMs, maxRetries: 2 });
  }

  /** The key of a job: what defines it. The same spec on the same endpoint is the same job. */
  jobKey(spec: JobSpec, training: TrainingFileRef, validation: TrainingFileRef | undefined): string {
    return sha256Hex(
      canonicalJson({ baseUrl: this.connection.baseUrl, model: spec.baseModel, training: training.sha256, validation: validation?.sha256 ?? null, suffix: spec.suffix ?? null, seed: spec.seed ?? null, hyperparameters: spec.hyperparameters ?? {} }),
    ).slice(0, 32);
  }

  /** Checks the file, then uploads it unless the same content was uploaded to this endpoint before. */
  async upload(path: string, manifest?: string, signal?: AbortSignal): Promise<TrainingFileRef> {
    const summary = await checkTrainingFile(path);
    const ref = (fileId: string): TrainingFileRef => ({ path: this.shown(path), sha256: summary.sha256, fileId, examples: summary.examples, ...(manifest === undefined ? {} : { manifest: this.shown(manifest) }) });
    const known = await findUpload(this.workspaceDir, this.connection.baseUrl, summary.sha256);
    if (known !== undefined) return ref(known.fileId);
    const file = await this.call('/files', undefined, async (s) => this.sdk.files.create({ file: await toFile(await readFile(path), basename(path)), purpose: 'fine-tune' }, { signal: s }), signal);
    await saveUpload(this.workspaceDir, { baseUrl: this.connection.baseUrl, sha256: summary.sha256, fileId: file.id, filename: basename(path), uploadedAt: new Date().toISOString() });
    return ref(file.id);
  }

  /**
   * The job for `spec`: the recorded one when there is one (a resume), else one the engine already
   * has under the same key (a crash after creating it and before recording it), else a new one.
   */
  async ensureJob(spec: JobSpec, signal?: AbortSignal): Promise<FineTuneRecord> {
    const training = await this.upload(spec.trainingFile, spec.manifest, signal);
    const validation = spec.validationFile === undefined ? undefined : await this.upload(spec.validationFile, undefined, signal);
    const key = this.jobKey(spec, training, validation);
    const recorded = await findJobByKey(this.workspaceDir, key);
    if (recorded !== undefined) return recorded;
    const existing = await this.findRemote(key, signal);
    const job =
      existing ??
      (await this.call('/fine_tuning/jobs', spec.baseModel, (s) =>
        this.sdk.fineTuning.jobs.create(
          {
            model: spec.baseModel,
            training_file: training.fileId,
            ...(validation === undefined ? {} : { validation_file: validation.fileId }),
            ...(spec.suffix === undefined ? {} : { suffix: spec.suffix }),
            ...(spec.seed === undefined ? {} : { seed: spec.seed }),
            ...(spec.hyperparameters === undefined ? {} : { hyperparameters: spec.hyperparameters }),
            metadata: { [METADATA_KEY]: key },
          },
          { signal: s, maxRetries: 0 },
        ),
      signal));
    const now = new Date().toISOString();
    const record: FineTuneRecord = {
      jobId: job.id,
      key,
      baseUrl: this.connection.baseUrl,
      baseModel: spec.baseModel,
      ...(spec.suffix === undefined ? {} : { suffix: spec.suffix }),
      ...(spec.seed === undefined ? {} : { seed: spec.seed }),
      hyperparameters: spec.hyperparameters ?? {},
      trainingFile: training,
      ...(validation === undefined ? {} : { validationFile: validation }),
      ...(spec.experiment === undefined ? {} : { experiment: spec.experiment }),
      ...(spec.role === undefined ? {} : { role: spec.role }),
      states: [{ status: job.status, at: now }],
      status: job.status,
      createdAt: now,
      updatedAt: now,
    };
    applyJob(record, job);
    await saveJob(this.workspaceDir, record);
    return record;
  }

  /** The engine's view of the job, merged into its record (a new state gets its time). */
  async refresh(record: FineTuneRecord, signal?: AbortSignal): Promise<FineTuneRecord> {
    const job = await this.call(`/fine_tuning/jobs/${record.jobId}`, record.baseModel, (s) => this.sdk.fineTuning.jobs.retrieve(record.jobId, { signal: s }), signal);
    const next = { ...record, states: [...record.states] };
    if (applyJob(next, job)) await saveJob(this.workspaceDir, next);
    return next;
  }

  /** Events after `afterId`, oldest first. */
  async events(record: FineTuneRecord, afterId?: string, signal?: AbortSignal): Promise<JobEvent[]> {
    const page = await this.call(`/fine_tuning/jobs/${record.jobId}/events`, record.baseModel, (s) => this.sdk.fineTuning.jobs.listEvents(record.jobId, { limit: 100 }, { signal: s }), signal);
    const newestFirst = page.data.map((e) => ({ id: e.id, createdAt: e.created_at, level: e.level, message: e.message }));
    const at = afterId === undefined ? -1 : newestFirst.findIndex((e) => e.id === afterId);
    return (at < 0 ? newestFirst : newestFirst.slice(0, at)).reverse();
  }

  async cancel(record: FineTuneRecord, signal?: AbortSignal): Promise<FineTuneRecord> {
    const job = await this.call(`/fine_tuning/jobs/${record.jobId}/cancel`, record.baseModel, (s) => this.sdk.fineTuning.jobs.cancel(record.jobId, { signal: s }), signal);
    const next = { ...record, states: [...record.states] };
    applyJob(next, job);
    await saveJob(this.workspaceDir, next);
    return next;
  }

  /**
   * Follows the job until it ends, saving each new state; returns the record of a job that
   * succeeded and throws FineTuneFailed for one that failed or was cancelled. An abort stops the
   * waiting only: the job goes on, and the same call later picks it up.
   */
  async waitFor(record: FineTuneRecord, options: FollowOptions = {}): Promise<FineTuneRecord> {
    let current = record;
    let lastEvent: string | undefined;
    let failures = 0;
    for (;;) {
      if (!TERMINAL_STATUSES.has(current.status) || lastEvent === undefined) {
        try {
          const next = await this.refresh(current, options.signal);
          const events = await this.events(next, lastEvent, options.signal);
          if (events.length > 0) lastEvent = events[events.length - 1]?.id;
          if (next.status !== current.status || events.length > 0) options.onUpdate?.(next, events);
          current = next;
          failures = 0;
        } catch (e) {
          if (!(e instanceof LlmError) || !e.retryable || ++failures >= MAX_POLL_FAILURES) throw e;
        }
      }
      if (TERMINAL_STATUSES.has(current.status)) break;
      await sleep(this.options.pollMs ?? 5_000, options.signal);
    }
    if (current.status !== 'succeeded' || current.fineTunedModel === undefined) throw new FineTuneFailed(current);
    return current;
  }

  /**
   * A job the engine has under this key (tagged at creation), for a create whose record was lost.
   * An engine that cannot list jobs (some copies of the API) simply has none to offer.
   */
  private async findRemote(key: string, signal?: AbortSignal): Promise<OpenAI.FineTuning.Jobs.FineTuningJob | undefined> {
    let page;
    try {
      page = await this.call('/fine_tuning/jobs', undefined, (s) => this.sdk.fineTuning.jobs.list({ limit: 100 }, { signal: s }), signal);
    } catch (e) {
      if (e instanceof LlmError && (e.kind === 'bad_request' || e.kind === 'malformed_response')) return undefined;
      throw e;
    }
    return page.data.find((j) => j.metadata?.[METADATA_KEY] === key && !DEAD_JOB_STATES.has(j.status));
  }

  private shown(path: string): string {
    const rel = relative(this.workspaceDir, path);
    return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  }

  /** One SDK call with this client's error classes; `signal` cancels it. */
  private async call<T>(path: string, model: string | undefined, fn: (signal: AbortSignal | undefined) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    // A child signal per call: the SDK leaves its listener on the signal it is given, and a wait polls for hours.
    const child = new AbortController();
    const forward = (): void => child.abort();
    if (signal?.aborted === true) child.abort();
    signal?.addEventListener('abort', forward, { once: true });
    try {
      return await fn(child.signal);
    } catch (e) {
      throw classifyError(e, { baseUrl: this.connection.baseUrl, url: `${this.connection.baseUrl}${path}`, model: model ?? '-', timeoutMs: this.timeoutMs, secrets: [this.connection.apiKey] }, { timedOut: false, cancelled: signal?.aborted === true });
    } finally {
      signal?.removeEventListener('abort', forward);
    }
  }
}

/** Copies the job's state into the record; true when something changed. */
function applyJob(record: FineTuneRecord, job: OpenAI.FineTuning.Jobs.FineTuningJob): boolean {
  let changed = false;
  const now = new Date().toISOString();
  if (record.states[record.states.length - 1]?.status !== job.status) {
    record.states.push({ status: job.status, at: now });
    changed = true;
  }
  if (record.status !== job.status) {
    record.status = job.status;
    changed = true;
  }
  if (job.fine_tuned_model && record.fineTunedModel !== job.fine_tuned_model) {
    record.fineTunedModel = job.fine_tuned_model;
    changed = true;
  }
  if (typeof job.trained_tokens === 'number' && record.trainedTokens !== job.trained_tokens) {
    record.trainedTokens = job.trained_tokens;
    changed = true;
  }
  if (job.error && job.error.message && record.error?.message !== job.error.message) {
    record.error = { message: job.error.message, ...(job.error.code ? { code: job.error.code } : {}) };
    changed = true;
  }
  if (changed) record.updatedAt = now;
  return changed;
}
