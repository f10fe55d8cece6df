/**
 * A real HTTP server on 127.0.0.1 that speaks the part of the OpenAI API Mistakebook uses
 * (DESIGN.md §6), driven by per-model scripts and injectable faults, for tests, benchmarks and the demo.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AnswerKey, type AnswerKeyEntry } from './answer-key';
import { corrector, type CorrectorOptions } from './corrector';
import { FaultRule, parseFaultSpec, type Fault, type FaultSchedule } from './faults';
import { FakeFineTuning, type FineTuningOptions } from './fineTuning';
import { sha256Hex } from './hash';
import { reasoner, type ReasonerOptions } from './reasoner';
import { echo, isRawReply, type ChatMessage, type Script, type ScriptRequest } from './scripts';
import { countTokens, truncateToTokens } from './tokens';

export interface FakeOpenAIOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The bearer key every request must carry. */
  apiKey?: string;
  /** false: accept requests with any key or none, as a local vLLM or Ollama server does (the demo). */
  requireKey?: boolean;
  answerKey?: AnswerKey | Iterable<AnswerKeyEntry>;
  /** Options of the built-in `reasoner` and `corrector` models. */
  reasoner?: ReasonerOptions;
  corrector?: CorrectorOptions;
  /** Extra models, or replacements for the built-in `reasoner`, `corrector` and `echo`. */
  scripts?: Readonly<Record<string, Script>>;
  /** Delay before every answer, like a real endpoint's time to generate. */
  latencyMs?: number;
  /** Requests generated at once, like a server's batch slots; the others queue (FIFO) until one is free. */
  capacity?: number;
  /**
   * With `capacity`: refuse the requests beyond it at once with a 429 carrying this Retry-After
   * (`retry-after-ms`, and `retry-after` in whole seconds), as a capacity-limited hosted endpoint
   * does, instead of queueing them.
   */
  refuseOverCapacityMs?: number;
  /** The fine-tuning engine (files and jobs): how fast jobs advance, how much training helps. */
  fineTuning?: FineTuningOptions;
}

/** How a model treats `n > 1`: honour it, ignore it (one choice, as llama.cpp does), or reject it with a 400. */
export interface ModelOptions {
  n?: 'honour' | 'ignore' | 'reject';
}

export interface RequestRecord {
  /** 1-based arrival order. */
  seq: number;
  method: string;
  path: string;
  /** The query string, with its `?`, or empty. */
  query: string;
  /** The model asked for, without fault suffix; absent for requests without one. */
  model?: string;
  /** sha256 of the raw body, to assert that no request was sent twice. */
  bodyHash: string;
  /** performance.now() at arrival, in this process. */
  receivedAt: number;
  /** The status sent; absent while pending and for hang and reset. */
  status?: number;
  /** Whether the request carried an Authorization header at all (a client without a key must send none). */
  hadAuthorization: boolean;
  fault?: Fault['kind'];
}

export interface FakeOpenAI {
  /** Base URL for an OpenAI client; ends with `/v1`. */
  url: string;
  port: number;
  apiKey: string;
  answerKey: AnswerKey;
  /** Every request received, in order (live). */
  requests: RequestRecord[];
  /** Requests received and not yet answered or dropped, now and at most so far. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Requests refused with a 429 because `capacity` requests were being generated (`refuseOverCapacityMs`). */
  readonly refusedOverCapacity: number;
  /** Uploaded files and fine-tuning jobs (issue 19). */
  fineTuning: FakeFineTuning;
  setScript(model: string, script: Script, options?: ModelOptions): void;
  /** Adds a fault; the returned rule counts what it saw and hit, and `active = false` turns it off. */
  injectFault(fault: Fault, schedule?: FaultSchedule): FaultRule;
  clearFaults(): void;
  /** Forgets logged requests and the in-flight maximum. */
  resetLog(): void;
  close(): Promise<void>;
}

export const DEFAULT_FAKE_API_KEY = 'sk-fake-openai-0123456789';

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Model {
  script: Script;
  options: ModelOptions;
}

/** OpenAI's legacy completions default, emulated because forgetting `max_tokens` there is a real trap. */
const LEGACY_DEFAULT_MAX_TOKENS = 16;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const apiKey = options.apiKey ?? DEFAULT_FAKE_API_KEY;
  const answerKey = options.answerKey instanceof AnswerKey ? options.answerKey : new AnswerKey(options.answerKey ?? []);
  const models = new Map<string, Model>([
    ['reasoner', { script: reasoner(options.reasoner), options: {} }],
    ['corrector', { script: corrector(options.corrector), options: {} }],
    ['echo', { script: echo, options: {} }],
  ]);
  for (const [name, script] of Object.entries(options.scripts ?? {})) models.set(name, { script, options: {} });
  // Fine-tuning (issue 19): a finished job adds its model to the ones served here.
  const fineTuning = new FakeFineTuning(
    { has: (model) => models.has(model), add: (model, script) => models.set(model, { script, options: {} }) },
    { ...(options.reasoner?.wrongRate === undefined ? {} : { baseWrongRate: options.reasoner.wrongRate }), ...options.fineTuning },
  );

  let rules: FaultRule[] = [];
  /** Rules named by header or model suffix, kept by spec so `first=2` counts across requests. */
  const namedRules = new Map<string, FaultRule>();
  /** How many times each exact body was answered: repeats of a sampled request get new samples. */
  const answered = new Map<string, number>();
  const state = { seq: 0, inFlight: 0, maxInFlight: 0, refused: 0, requests: [] as RequestRecord[] };

  // Slots of `capacity`: a finished request hands its slot straight to the oldest waiting one.
  const queue: Array<() => void> = [];
  let busySlots = 0;
  const takeSlot = async (): Promise<() => void> => {
    if (options.capacity === undefined) return () => undefined;
    if (busySlots < options.capacity) busySlots += 1;
    else await new Promise<void>((resolve) => queue.push(resolve));
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const next = queue.shift();
      if (next) next();
      else busySlots -= 1;
    };
  };

  const ruleFor = (spec: string): FaultRule => {
    let rule = namedRules.get(spec);
    if (!rule) {
      const { fault, schedule } = parseFaultSpec(spec);
      rule = new FaultRule(fault, schedule);
      namedRules.set(spec, rule);
    }
    return rule;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => (state.inFlight -= 1));
    const raw = await readBody(req);
    const { pathname: path, search: query } = new URL(req.url ?? '/', 'http://fake');
    const record: RequestRecord = { seq: ++state.seq, method: req.method ?? 'GET', path, query, bodyHash: sha256Hex(raw ?? ''), receivedAt: performance.now(), hadAuthorization: req.headers.authorization !== undefined };
    state.requests.push(record);
    let releaseSlot = (): void => undefined;
    const send = (reply: Reply): void => {
      releaseSlot();
      record.status = reply.status;
      if (res.destroyed) return;
      res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(reply.body)), 'x-request-id': `req_fake_${record.seq}`, ...reply.headers });
      res.end(reply.body);
    };

    if (raw === undefined) return send(errorReply(413, `Request body over ${MAX_BODY_BYTES} bytes.`, 'invalid_request_error'));
    const authFailure = options.requireKey === false ? undefined : checkKey(req.headers.authorization, apiKey);
    if (authFailure) return send(authFailure);
    // Fine-tuning (issue 19): files are multipart uploads, so this engine reads the raw body itself.
    if (fineTuning.handles(path)) return send(fineTuning.route(record.method, path, query, raw, req.headers['content-type']));

    let body: Record<string, unknown> = {};
    if (record.method === 'POST') {
      const parsed = parseJsonObject(raw.toString('utf8'));
      if (!parsed) return send(errorReply(400, 'We could not parse the JSON body of your request.', 'invalid_request_error'));
      body = parsed;
    }
    const requested = typeof body['model'] === 'string' ? body['model'] : undefined;
    const hashAt = requested?.indexOf('#') ?? -1;
    const model = requested !== undefined && hashAt >= 0 ? requested.slice(0, hashAt) : requested;
    if (model !== undefined) record.model = model;

    const hit: Fault[] = [];
    try {
      const header = req.headers['x-fake-fault'];
      const named = [...(typeof header === 'string' ? [header] : []), ...(requested !== undefined && hashAt >= 0 ? [requested.slice(hashAt + 1)] : [])];
      for (const rule of [...rules, ...named.map(ruleFor)]) if (rule.applies(model, path)) hit.push(rule.fault);
    } catch (e) {
      return send(errorReply(400, (e as Error).message, 'invalid_request_error'));
    }
    if (options.refuseOverCapacityMs !== undefined && options.capacity !== undefined && busySlots >= options.capacity) {
      record.fault = 'rate_limit';
      state.refused += 1;
      return send(overCapacity(options.refuseOverCapacityMs));
    }
    releaseSlot = await takeSlot();
    res.once('close', releaseSlot);
    const delay = (options.latencyMs ?? 0) + hit.reduce((sum, f) => sum + (f.kind === 'latency' ? f.ms : 0), 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (res.destroyed) return;

    const fault = hit.find((f): f is Exclude<Fault, { kind: 'latency' }> => f.kind !== 'latency');
    if (fault) record.fault = fault.kind;
    const answer = (): Reply => route(record, body, model);
    switch (fault?.kind) {
      case undefined:
        return send(answer());
      case 'rate_limit':
        return send(rateLimited(fault.retryAfterSeconds, fault.retryAfterMs));
      case 'server_error':
        return send(errorReply(500, 'The server had an error while processing your request.', 'server_error'));
      case 'bad_request':
        return send(errorReply(400, 'Unsupported value for this model (injected fault).', 'invalid_request_error', 'unsupported_value'));
      case 'unavailable':
        return send({
          ...errorReply(503, 'The engine is currently overloaded, please try again later.', 'server_error'),
          headers: fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
        });
      case 'hang':
        return;
      case 'reset':
        res.socket?.destroy();
        return;
      case 'truncated': {
        const full = answer();
        record.status = full.status;
        res.writeHead(full.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(full.body)) });
        res.write(full.body.slice(0, Math.floor(full.body.length / 2)), () => res.socket?.destroy());
        return;
      }
      case 'non_json':
        return send({ status: 200, headers: {}, body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>' });
    }
  };

  const route = (record: RequestRecord, body: Record<string, unknown>, model: string | undefined): Reply => {
    const where = `${record.method} ${record.path}`;
    if (where === 'GET /v1/models') {
      const data = [...models.keys()].map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake-openai' }));
      return ok({ object: 'list', data });
    }
    const endpoint = where === 'POST /v1/chat/completions' ? 'chat' : where === 'POST /v1/completions' ? 'completion' : undefined;
    if (!endpoint) return errorReply(404, `Invalid URL (${where})`, 'invalid_request_error');
    if (model === undefined) return errorReply(400, 'you must provide a model parameter', 'invalid_request_error', null, 'model');
    const entry = models.get(model);
    if (!entry) return errorReply(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model');

    const params = samplingParams(body, endpoint);
    if (typeof params === 'string') return errorReply(400, params, 'invalid_request_error', 'invalid_value');
    if (params.n > 1 && entry.options.n === 'reject') return errorReply(400, `n must be 1 for model ${model}`, 'invalid_request_error', 'invalid_value', 'n');
    const n = entry.options.n === 'ignore' ? 1 : params.n;

    const prompts = endpoint === 'chat' ? chatPrompt(body['messages']) : completionPrompts(body['prompt']);
    if (typeof prompts === 'string') return errorReply(400, prompts, 'invalid_request_error', null, endpoint === 'chat' ? 'messages' : 'prompt');

    // Seeded or greedy requests repeat themselves; others draw new samples on every repeat.
    const repeat = params.seed !== undefined || params.temperature === 0 ? 0 : answered.get(record.bodyHash) ?? 0;
    answered.set(record.bodyHash, repeat + 1);

    const choices: { index: number; text: string; finishReason: string }[] = [];
    let promptTokens = 0;
    for (const [p, prompt] of prompts.entries()) {
      promptTokens += prompt.tokens;
      const request: ScriptRequest = { endpoint, model, prompt: prompt.text, body, ...(prompt.messages ? { messages: prompt.messages } : {}) };
      for (let i = 0; i < n; i++) {
        const sampleIndex = params.temperature === 0 ? 0 : repeat * n + i;
        const reply = entry.script(request, { sampleIndex, choiceIndex: i, answerKey, ...(params.seed === undefined ? {} : { seed: params.seed }) });
        if (isRawReply(reply)) return { status: reply.status, headers: { ...reply.headers }, body: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body) };
        const text = typeof reply === 'string' ? reply : reply.text;
        const limited = limitText(text, params.stop, params.maxTokens);
        const finishReason = limited.cut ? 'length' : typeof reply === 'string' ? 'stop' : reply.finishReason ?? 'stop';
        choices.push({ index: p * n + i, text: limited.text, finishReason });
      }
    }
    const completionTokens = choices.reduce((sum, c) => sum + countTokens(c.text), 0);
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const common = { id: `${endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-fake${record.seq}`, created: Math.floor(Date.now() / 1000), model, system_fingerprint: 'fp_fake', usage };
    if (endpoint === 'chat') {
      return ok({
        ...common,
        object: 'chat.completion',
        choices: choices.map((c) => ({ index: c.index, message: { role: 'assistant', content: c.text, refusal: null }, logprobs: null, finish_reason: c.finishReason })),
      });
    }
    return ok({ ...common, object: 'text_completion', choices: choices.map((c) => ({ index: c.index, text: c.text, logprobs: null, finish_reason: c.finishReason })) });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        const reply = errorReply(500, `fake-openai crashed: ${(e as Error).message}`, 'server_error');
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(reply.body);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    apiKey,
    answerKey,
    requests: state.requests,
    get inFlight() {
      return state.inFlight;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    get refusedOverCapacity() {
      return state.refused;
    },
    fineTuning,
    setScript(model, script, modelOptions = {}) {
      models.set(model, { script, options: modelOptions });
    },
    injectFault(fault, schedule = {}) {
      const rule = new FaultRule(fault, schedule);
      rules.push(rule);
      return rule;
    },
    clearFaults() {
      for (const rule of [...rules, ...namedRules.values()]) rule.active = false;
      rules = [];
      namedRules.clear();
    },
    resetLog() {
      state.requests.length = 0;
      state.maxInFlight = state.inFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The body, or undefined when it is over the size limit. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function checkKey(authorization: string | undefined, apiKey: string): Reply | undefined {
  if (authorization === `Bearer ${apiKey}`) return undefined;
  const given = authorization?.replace(/^Bearer\s+/i, '');
  // Some proxies echo the whole key back; doing the same here lets tests prove our client redacts it.
  return given
    ? errorReply(401, `Incorrect API key provided: ${given}.`, 'invalid_request_error', 'invalid_api_key')
    : errorReply(401, "You didn't provide an API key. Send it as a bearer token in the Authorization header.", 'invalid_request_error', 'missing_api_key');
}

function rateLimited(retryAfterSeconds: number | undefined, retryAfterMs: number | undefined): Reply {
  const headers: Record<string, string> = {};
  const seconds = retryAfterSeconds ?? (retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000));
  if (seconds !== undefined) headers['retry-after'] = String(seconds);
  if (retryAfterMs !== undefined) headers['retry-after-ms'] = String(retryAfterMs);
  return { ...errorReply(429, 'Rate limit reached for requests per minute. Please try again later.', 'requests', 'rate_limit_exceeded'), headers };
}

/** A 429 for a request beyond the server's capacity, with the headers a hosted endpoint sends. */
function overCapacity(retryAfterMs: number): Reply {
  const headers = { 'retry-after-ms': String(retryAfterMs), 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
  return { ...errorReply(429, 'The server is at capacity; please retry after the time in Retry-After.', 'requests', 'rate_limit_exceeded'), headers };
}

function ok(payload: object): Reply {
  return { status: 200, headers: {}, body: JSON.stringify(payload) };
}

function errorReply(status: number, message: string, type: string, code: string | null = null, param: string | null = null): Reply {
  return { status, headers: {}, body: JSON.stringify({ error: { message, type, param, code } }) };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

interface SamplingParams {
  n: number;
  maxTokens: number | undefined;
  stop: string[];
  seed?: number;
  temperature?: number;
}

/** The sampling parameters the fake honours, or what is wrong with them. */
function samplingParams(body: Record<string, unknown>, endpoint: 'chat' | 'completion'): SamplingParams | string {
  const n = body['n'] ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 128) return `n must be an integer from 1 to 128, got ${JSON.stringify(n)}`;
  const max = endpoint === 'chat' ? body['max_completion_tokens'] ?? body['max_tokens'] : body['max_tokens'] ?? LEGACY_DEFAULT_MAX_TOKENS;
  if (max !== undefined && max !== null && (typeof max !== 'number' || !Number.isInteger(max) || max < 1)) return `max_tokens must be a positive integer, got ${JSON.stringify(max)}`;
  const stopValue = body['stop'] ?? [];
  const stop = typeof stopValue === 'string' ? [stopValue] : stopValue;
  if (!Array.isArray(stop) || stop.length > 4 || !stop.every((s) => typeof s === 'string')) return 'stop must be a string or an array of at most 4 strings';
  const params: SamplingParams = { n, maxTokens: typeof max === 'number' ? max : undefined, stop: stop as string[] };
  const seed = body['seed'];
  if (seed !== undefined && seed !== null) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) return `seed must be an integer, got ${JSON.stringify(seed)}`;
    params.seed = seed;
  }
  const temperature = body['temperature'];
  if (typeof temperature === 'number') params.temperature = temperature;
  return params;
}

interface Prompt {
  text: string;
  tokens: number;
  messages?: ChatMessage[];
}

function chatPrompt(value: unknown): Prompt[] | string {
  if (!Array.isArray(value) || value.length === 0) return 'messages must be a non-empty array';
  const messages: ChatMessage[] = [];
  for (const m of value as unknown[]) {
    const role = (m as { role?: unknown }).role;
    const content = messageText((m as { content?: unknown }).content);
    if (typeof role !== 'string' || content === undefined) return 'each message needs a string role and text content';
    messages.push({ role, content });
  }
  // A few tokens of framing per message, as chat formats add.
  const tokens = messages.reduce((sum, m) => sum + countTokens(m.content) + 3, 3);
  return [{ text: messages.map((m) => m.content).join('\n\n'), tokens, messages }];
}

function messageText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.map((p: unknown) => (p as { text?: unknown }).text);
  return parts.every((t): t is string => typeof t === 'string') ? parts.join('') : undefined;
}

function completionPrompts(value: unknown): Prompt[] | string {
  const prompts = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(prompts) || prompts.length === 0 || !prompts.every((p) => typeof p === 'string')) return 'prompt must be a string or a non-empty array of strings';
  return (prompts as string[]).map((text) => ({ text, tokens: countTokens(text) }));
}

/** Cuts at the first stop sequence (which is not returned), then at `maxTokens`. */
function limitText(text: string, stop: readonly string[], maxTokens: number | undefined): { text: string; cut: boolean } {
  let out = text;
  for (const s of stop) {
    const at = s === '' ? -1 : out.indexOf(s);
    if (at >= 0) out = out.slice(0, at);
  }
  return maxTokens === undefined ? { text: out, cut: false } : truncateToTokens(out, maxTokens);
}
