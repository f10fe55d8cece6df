/**
 * The fake's fine-tuning engine: `/v1/files` (upload, retrieve, list, content) and
 * `/v1/fine_tuning/jobs` (create, retrieve, list, cancel, events), in the shapes of OpenAI's API.
 * A job walks validating_files → queued → running → succeeded one `stepMs` at a time (read from the
 * clock on every request, so no timer outlives the server). A training file with a bad line fails
 * validation naming that line; a job whose suffix contains "fail" fails while training. The model a
 * job yields solves like the fake reasoner with a wrong rate that falls with the size of its training
 * data, and faster for corrective examples ("Incorrect Step:"), so a test can see base < CoT-only < LEMA.
 */
import { parseMultipart } from './multipart';
import { reasoner } from './reasoner';
import type { Script } from './scripts';
import { countTokens } from './tokens';

export interface FineTuningOptions {
  /** Time each state of a job lasts, ms. Default 100. */
  stepMs?: number;
  /** Wrong rate of the base model (the fake reasoner's, 0.3 by default). */
  baseWrongRate?: number;
  /** Training weight (examples, corrective ones counting 3 times) that halves the wrong rate. Default 12. */
  halfLife?: number;
}

/** What the server lends the engine: its models, to check a base model and to add the fine-tuned one. */
export interface ModelRegistry {
  has(model: string): boolean;
  add(model: string, script: Script): void;
}

export interface FineTuneReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: number;
  createdAt: number;
  content: string;
}

interface JobEvent {
  id: string;
  created_at: number;
  level: 'info' | 'warn' | 'error';
  message: string;
  type: 'message' | 'metrics';
}

type JobStatus = 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

interface Job {
  id: string;
  model: string;
  trainingFile: string;
  validationFile: string | null;
  suffix: string | null;
  seed: number;
  metadata: Record<string, string> | null;
  epochs: number;
  createdMs: number;
  status: JobStatus;
  /** How many steps of the schedule have been applied. */
  step: number;
  events: JobEvent[];
  fineTunedModel: string | null;
  finishedAt: number | null;
  trainedTokens: number | null;
  error: { code: string; message: string; param: string | null } | null;
}

/** What a fine-tuned model learned from its file: how many examples, and how many of them corrective. */
export interface TrainingWeight {
  examples: number;
  corrective: number;
}

/** The first bad line of a chat fine-tuning file, or the weight of a good one. */
export function checkTrainingFile(content: string): { weight: TrainingWeight; tokens: number } | { line: number; message: string } {
  let examples = 0;
  let corrective = 0;
  const lines = content.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      return { line: i + 1, message: 'not valid JSON' };
    }
    const messages = (row as { messages?: unknown } | null)?.messages;
    if (!Array.isArray(messages) || messages.length === 0) return { line: i + 1, message: 'expected an object with a non-empty "messages" array' };
    let assistant = '';
    for (const m of messages as unknown[]) {
      const { role, content: text } = (m ?? {}) as { role?: unknown; content?: unknown };
      if (role !== 'system' && role !== 'user' && role !== 'assistant') return { line: i + 1, message: `unknown role ${JSON.stringify(role)}` };
      if (typeof text !== 'string') return { line: i + 1, message: 'every message needs text "content"' };
      if (role === 'assistant') assistant += text;
    }
    if (assistant === '') return { line: i + 1, message: 'no assistant message to learn from' };
    examples++;
    if (/Incorrect Step:/.test(assistant)) corrective++;
  }
  if (examples === 0) return { line: 1, message: 'the file has no examples' };
  return { weight: { examples, corrective }, tokens: countTokens(content) };
}

/** The wrong rate a model fine-tuned on `weight` has: halved for every `halfLife` of weight. */
export function fineTunedWrongRate(baseWrongRate: number, weight: TrainingWeight, halfLife: number): number {
  return baseWrongRate * 0.5 ** ((weight.examples + 2 * weight.corrective) / halfLife);
}

const seconds = (ms: number): number => Math.floor(ms / 1000);
const TERMINAL: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export class FakeFineTuning {
  readonly files = new Map<string, StoredFile>();
  readonly jobs = new Map<string, Job>();
  private readonly stepMs: number;

  constructor(
    private readonly models: ModelRegistry,
    private readonly options: FineTuningOptions = {},
  ) {
    this.stepMs = options.stepMs ?? 100;
  }

  /** Whether this engine answers the request (the server routes it here before reading JSON). */
  handles(path: string): boolean {
    return path === '/v1/files' || path.startsWith('/v1/files/') || path === '/v1/fine_tuning/jobs' || path.startsWith('/v1/fine_tuning/jobs/');
  }

  route(method: string, path: string, query: string, raw: Buffer, contentType: string | undefined): FineTuneReply {
    const params = new URLSearchParams(query);
    if (method === 'POST' && path === '/v1/files') return this.upload(raw, contentType);
    if (method === 'GET' && path === '/v1/files') return ok({ object: 'list', data: [...this.files.values()].map(fileObject), has_more: false });
    const file = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    if (method === 'GET' && file) {
      const found = this.files.get(file[1] ?? '');
      if (!found) return error(404, `No such File object: ${file[1] ?? ''}`, 'invalid_request_error', 'id');
      return file[2] === undefined ? ok(fileObject(found)) : { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: found.content };
    }
    if (method === 'POST' && path === '/v1/fine_tuning/jobs') return this.create(raw);
    if (method === 'GET' && path === '/v1/fine_tuning/jobs') return this.list(params);
    const job = /^\/v1\/fine_tuning\/jobs\/([^/]+)(\/cancel|\/events)?$/.exec(path);
    const found = job && this.jobs.get(job[1] ?? '');
    if (job && !found) return error(404, `Could not find fine-tune job: ${job[1] ?? ''}`, 'invalid_request_error', 'fine_tune_id');
    if (found && method === 'GET' && job?.[2] === undefined) return ok(this.jobObject(found));
    if (found && method === 'POST' && job?.[2] === '/cancel') return this.cancel(found);
    if (found && method === 'GET' && job?.[2] === '/events') return this.eventList(found, params);
    return error(404, `Invalid URL (${method} ${path})`, 'invalid_request_error');
  }

  private upload(raw: Buffer, contentType: string | undefined): FineTuneReply {
    const form = parseMultipart(raw, contentType);
    if (!form?.file) return error(400, "Missing required parameter: 'file'.", 'invalid_request_error', 'file');
    const purpose = form.fields.get('purpose');
    if (purpose === undefined) return error(400, "Missing required parameter: 'purpose'.", 'invalid_request_error', 'purpose');
    const id = `file-fake${String(this.files.size + 1).padStart(4, '0')}`;
    const stored: StoredFile = { id, filename: form.file.name, purpose, bytes: Buffer.byteLength(form.file.content), createdAt: seconds(Date.now()), content: form.file.content };
    this.files.set(id, stored);
    return ok(fileObject(stored));
  }

  private create(raw: Buffer): FineTuneReply {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return error(400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
    }
    const model = body['model'];
    if (typeof model !== 'string') return error(400, "Missing required parameter: 'model'.", 'invalid_request_error', 'model');
    if (!this.models.has(model)) return error(400, `Model ${model} is not available for fine-tuning or does not exist.`, 'invalid_request_error', 'model', 'model_not_available');
    const training = this.files.get(String(body['training_file']));
    if (!training) return error(400, `invalid training_file: ${String(body['training_file'])}`, 'invalid_request_error', 'training_file');
    if (training.purpose !== 'fine-tune') return error(400, `File ${training.id} has purpose '${training.purpose}', not 'fine-tune'.`, 'invalid_request_error', 'training_file');
    const validation = body['validation_file'];
    if (validation !== undefined && validation !== null && !this.files.has(String(validation))) return error(400, `invalid validation_file: ${String(validation)}`, 'invalid_request_error', 'validation_file');
    const hp = (body['hyperparameters'] ?? {}) as { n_epochs?: unknown };
    const epochs = typeof hp.n_epochs === 'number' ? hp.n_epochs : 3;
    const suffix = typeof body['suffix'] === 'string' ? body['suffix'] : null;
    const now = Date.now();
    const job: Job = {
      id: `ftjob-fake${String(this.jobs.size + 1).padStart(4, '0')}`,
      model,
      trainingFile: training.id,
      validationFile: typeof validation === 'string' ? validation : null,
      suffix,
      seed: typeof body['seed'] === 'number' ? body['seed'] : 42,
      metadata: typeof body['metadata'] === 'object' && body['metadata'] !== null ? (body['metadata'] as Record<string, string>) : null,
      epochs,
      createdMs: now,
      status: 'validating_files',
      step: 0,
      events: [],
      fineTunedModel: null,
      finishedAt: null,
      trainedTokens: null,
      error: null,
    };
    this.event(job, now, 'info', `Validating training file: ${training.id}`);
    this.jobs.set(job.id, job);
    return ok(this.jobObject(job));
  }

  private list(params: URLSearchParams): FineTuneReply {
    const limit = Number(params.get('limit') ?? 20);
    const all = [...this.jobs.values()].reverse();
    const after = params.get('after');
    const from = after === null ? 0 : all.findIndex((j) => j.id === after) + 1;
    const page = all.slice(from, from + limit);
    return ok({ object: 'list', data: page.map((j) => this.jobObject(j)), has_more: from + limit < all.length });
  }

  private cancel(job: Job): FineTuneReply {
    this.advance(job);
    if (TERMINAL.has(job.status)) return error(400, `Job ${job.id} has already ${job.status === 'cancelled' ? 'been cancelled' : job.status}.`, 'invalid_request_error');
    job.status = 'cancelled';
    job.finishedAt = seconds(Date.now());
    this.event(job, Date.now(), 'info', 'Fine-tuning job cancelled');
    return ok(this.jobObject(job));
  }

  private eventList(job: Job, params: URLSearchParams): FineTuneReply {
    this.advance(job);
    const limit = Number(params.get('limit') ?? 20);
    const all = [...job.events].reverse();
    const after = params.get('after');
    const from = after === null ? 0 : all.findIndex((e) => e.id === after) + 1;
    const page = all.slice(from, from + limit);
    return ok({ object: 'list', data: page.map((e) => ({ object: 'fine_tuning.job.event', ...e, data: {} })), has_more: from + limit < all.length });
  }

  /** Applies the steps of the schedule whose time has come. */
  private advance(job: Job): void {
    const due = Math.floor((Date.now() - job.createdMs) / this.stepMs);
    while (job.step < due && !TERMINAL.has(job.status)) {
      job.step++;
      const at = job.createdMs + job.step * this.stepMs;
      this.stepOnce(job, at);
    }
  }

  private stepOnce(job: Job, at: number): void {
    const training = this.files.get(job.trainingFile);
    const checked = checkTrainingFile(training?.content ?? '');
    switch (job.status) {
      case 'validating_files':
        if ('line' in checked) {
          const message = `The job failed due to an invalid training file. Invalid file format: line ${checked.line}: ${checked.message}.`;
          return this.fail(job, at, { code: 'invalid_training_file', message, param: 'training_file' });
        }
        job.status = 'queued';
        return this.event(job, at, 'info', 'Files validated, moving job to queued state');
      case 'queued':
        job.status = 'running';
        return this.event(job, at, 'info', 'Fine-tuning job started');
      case 'running': {
        if ('line' in checked) return;
        if (job.suffix?.includes('fail') === true) return this.fail(job, at, { code: 'training_failed', message: 'Training failed (the fake fails jobs whose suffix says "fail").', param: null });
        if (job.trainedTokens === null) {
          job.trainedTokens = checked.tokens * job.epochs;
          const loss = (1 / (1 + checked.weight.examples / 10)).toFixed(4);
          return this.event(job, at, 'info', `Step ${checked.weight.examples * job.epochs}/${checked.weight.examples * job.epochs}: training loss=${loss}`, 'metrics');
        }
        const name = `ft:${job.model}:fake-org:${job.suffix ?? ''}:${job.id.slice(-8)}`;
        const rate = fineTunedWrongRate(this.options.baseWrongRate ?? 0.3, checked.weight, this.options.halfLife ?? 12);
        this.models.add(name, reasoner({ wrongRate: rate }));
        job.fineTunedModel = name;
        job.status = 'succeeded';
        job.finishedAt = seconds(at);
        this.event(job, at, 'info', `New fine-tuned model created: ${name}`);
        return this.event(job, at, 'info', 'The job has successfully completed');
      }
      default:
        return;
    }
  }

  private fail(job: Job, at: number, why: NonNullable<Job['error']>): void {
    job.status = 'failed';
    job.error = why;
    job.finishedAt = seconds(at);
    this.event(job, at, 'error', why.message);
  }

  private event(job: Job, at: number, level: JobEvent['level'], message: string, type: JobEvent['type'] = 'message'): void {
    job.events.push({ id: `ftevent-${job.id.slice(-8)}-${job.events.length + 1}`, created_at: seconds(at), level, message, type });
  }

  private jobObject(job: Job): object {
    this.advance(job);
    return {
      id: job.id,
      object: 'fine_tuning.job',
      model: job.model,
      created_at: seconds(job.createdMs),
      finished_at: job.finishedAt,
      fine_tuned_model: job.fineTunedModel,
      organization_id: 'org-fake',
      result_files: [],
      status: job.status,
      training_file: job.trainingFile,
      validation_file: job.validationFile,
      hyperparameters: { n_epochs: job.epochs, batch_size: 1, learning_rate_multiplier: 1 },
      trained_tokens: job.trainedTokens,
      error: job.error,
      seed: job.seed,
      estimated_finish: null,
      integrations: [],
      metadata: job.metadata,
      user_provided_suffix: job.suffix,
    };
  }
}

function fileObject(f: StoredFile): object {
  return { id: f.id, object: 'file', bytes: f.bytes, created_at: f.createdAt, filename: f.filename, purpose: f.purpose, status: 'processed', status_details: null };
}

function ok(payload: object): FineTuneReply {
  return { status: 200, headers: {}, body: JSON.stringify(payload) };
}

function error(status: number, message: string, type: string, param: string | null = null, code: string | null = null): FineTuneReply {
  return { status, headers: {}, body: JSON.stringify({ error: { message, type, param, code } }) };
}
