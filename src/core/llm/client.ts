/**
 * The model client (DESIGN.md §2, llm/): one OpenAI-compatible endpoint and model — OpenAI, Azure
 * OpenAI, vLLM, Ollama, llama.cpp — sampled under our own limits, retry policy, timeout and cache.
 * The SDK does the HTTP; it never retries on its own (maxRetries 0), so every failure is
 * classified and counted here.
 */
import { APIError, type default as OpenAI } from 'openai';
import { openAiClient } from './openaiClient';
import { ResponseCache, cacheKey, type CacheKeyMaterial } from './cache';
import { LlmError, classifyError, make, type RequestContext } from './errors';
import { ConcurrencyLimit, RateLimit, type SlotOutcome } from './limits';
import { exhaustedForMs } from './rateHeaders';
import { redact } from './redact';
import { DEFAULT_RETRY_POLICY, rateLimitDelayMs, retryDelayMs, type RetryPolicy } from './retry';
import { DEFAULT_PRICES, UsageMeter, costUsd, type PriceTable, type RunUsage, type TokenUsage } from './usage';
import { sleep, throwIfCancelled } from './wait';
import { checkRequest, estimateTokens, readResponse, wireBody, wirePath, type Api, type Sample, type SampleRequest } from './wire';

export interface EndpointConfig {
  /** e.g. https://api.openai.com/v1, http://localhost:8000/v1 (vLLM), http://localhost:11434/v1 (Ollama). */
  baseUrl: string;
  /** Local servers usually need none. */
  apiKey?: string;
  model: string;
  /** `chat` (default), or `completion` for base models served on the legacy `/v1/completions`. */
  api?: Api;
  /**
   * How to get `n` samples: `native` sends `n`; `separate` sends n requests; `auto` (default)
   * sends `n` and switches to separate requests when the endpoint rejects or ignores it.
   */
  n?: 'auto' | 'native' | 'separate';
  /** Azure OpenAI: its api-version. `baseUrl` is then the resource endpoint and `model` the deployment. */
  azureApiVersion?: string;
}

export interface LlmClientOptions {
  endpoint: EndpointConfig;
  /** Folder for the response cache (e.g. `.mistakebook/cache`); no cache when left out. */
  cacheDir?: string;
  /** Requests in flight at once. Default 8. */
  maxConcurrency?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** Per request, from sending to the last byte of the answer. Default 120 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Default DEFAULT_PRICES. */
  prices?: PriceTable;
  /** Progress and retry notes, one line each, keys redacted. */
  log?: (line: string) => void;
  /** Jitter source, for tests. */
  random?: () => number;
}

export interface Completion {
  /** `n` samples, in order. */
  samples: Sample[];
  /** Tokens of the responses behind these samples (reported by the endpoint, or estimated if it did not). */
  usage: TokenUsage;
  /** Dollars for `usage` at the model's price; undefined when the price table has none. */
  costUsd: number | undefined;
  /** True when every response came from the cache and nothing was sent. */
  fromCache: boolean;
  /** The endpoint's request ids, for logs and support tickets. */
  requestIds: string[];
}

interface Fetched {
  samples: Sample[];
  usage: TokenUsage;
  requestId: string | undefined;
  fromCache: boolean;
}

export class LlmClient {
  private readonly sdk: OpenAI;
  private readonly api: Api;
  private nMode: 'auto' | 'native' | 'separate';
  private readonly cache: ResponseCache | undefined;
  private readonly slots: ConcurrencyLimit;
  private readonly rate: RateLimit;
  private readonly policy: RetryPolicy;
  private readonly meter: UsageMeter;
  private readonly prices: PriceTable;
  private readonly timeoutMs: number;
  private readonly inFlight = new Map<string, Promise<Fetched>>();
  /** Whether the endpoint has answered this client at all (any status): until then, an unreachable endpoint is absent, not restarting. */
  private answered = false;

  constructor(private readonly options: LlmClientOptions) {
    const e = options.endpoint;
    this.api = e.api ?? 'chat';
    this.nMode = e.n ?? 'auto';
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.cache = options.cacheDir === undefined ? undefined : new ResponseCache(options.cacheDir);
    this.slots = new ConcurrencyLimit(options.maxConcurrency ?? 8);
    const limits = {
      ...(options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute }),
      ...(options.tokensPerMinute === undefined ? {} : { tokensPerMinute: options.tokensPerMinute }),
    };
    this.rate = new RateLimit(limits);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.prices = options.prices ?? DEFAULT_PRICES;
    this.meter = new UsageMeter(this.prices);
    this.sdk = openAiClient({
      baseUrl: e.baseUrl,
      ...(e.apiKey === undefined ? {} : { apiKey: e.apiKey }),
      timeoutMs: this.timeoutMs,
      ...(e.azureApiVersion === undefined ? {} : { azure: { apiVersion: e.azureApiVersion, deployment: e.model } }),
    });
  }

  get endpoint(): Readonly<EndpointConfig> {
    return this.options.endpoint;
  }

  /** Requests it lets in flight now (adapted to the endpoint's 429s) and at most. */
  get concurrency(): { current: number; max: number } {
    return { current: this.slots.current, max: this.slots.max };
  }

  /** What this client has spent so far. */
  get usage(): RunUsage {
    return this.meter.snapshot();
  }

  /** `request.n` samples (default 1); rejects with an LlmError once retries are spent, or on cancellation. */
  async complete(request: SampleRequest, options: { signal?: AbortSignal } = {}): Promise<Completion> {
    const { signal } = options;
    const problem = checkRequest(this.api, request);
    if (problem) throw make('bad_request', problem, { retryable: false }, this.context());
    const n = request.n ?? 1;
    const model = this.options.endpoint.model;
    const one = (sample: number): Promise<Fetched> => {
      const seed = request.seed === undefined ? undefined : request.seed + sample;
      return this.fetchOnce(wireBody(this.api, model, request, 1, seed), sample, signal);
    };
    const separately = (from: number): Promise<Fetched[]> => Promise.all(Array.from({ length: n - from }, (_, i) => one(from + i)));

    if (n === 1) return this.assemble([await this.fetchOnce(wireBody(this.api, model, request, 1, request.seed), undefined, signal)], 1);
    if (this.nMode === 'separate') return this.assemble(await separately(0), n);
    let first: Fetched;
    try {
      first = await this.fetchOnce(wireBody(this.api, model, request, n, request.seed), undefined, signal);
    } catch (e) {
      if (!(this.nMode === 'auto' && isRejectionOfN(e))) throw e;
      this.switchToSeparate('rejects n > 1');
      return this.assemble(await separately(0), n);
    }
    if (first.samples.length >= n) return this.assemble([first], n);
    if (this.nMode === 'native') {
      throw make('malformed_response', `asked for n = ${n} samples, got ${first.samples.length}`, { retryable: false }, this.context(), 'Set the endpoint\'s n handling to "auto" or "separate".');
    }
    this.switchToSeparate('ignores n > 1');
    return this.assemble([first, ...(await separately(first.samples.length))], n);
  }

  private switchToSeparate(why: string): void {
    if (this.nMode === 'separate') return;
    this.nMode = 'separate';
    this.note(`${this.options.endpoint.model} at ${this.options.endpoint.baseUrl} ${why}; sending one request per sample from now on`);
  }

  private assemble(parts: readonly Fetched[], n: number): Completion {
    const usage = parts.reduce((sum, p) => ({ promptTokens: sum.promptTokens + p.usage.promptTokens, completionTokens: sum.completionTokens + p.usage.completionTokens }), { promptTokens: 0, completionTokens: 0 });
    return {
      samples: parts.flatMap((p) => p.samples).slice(0, n),
      usage,
      costUsd: costUsd(this.options.endpoint.model, usage, this.prices),
      fromCache: parts.every((p) => p.fromCache),
      requestIds: parts.flatMap((p) => (p.requestId === undefined ? [] : [p.requestId])),
    };
  }

  /** One wire request: from the cache, from an identical request already in flight, or from the endpoint. */
  private async fetchOnce(body: Record<string, unknown>, sample: number | undefined, signal: AbortSignal | undefined): Promise<Fetched> {
    throwIfCancelled(signal);
    const { baseUrl, model } = this.options.endpoint;
    // The material is hashed into every stored cache key: its field keeps the SDK's spelling, `baseURL`.
    const material: CacheKeyMaterial = { baseURL: baseUrl, model, body, ...(sample === undefined ? {} : { sample }) };
    const hash = cacheKey(material);
    const pending = this.inFlight.get(hash);
    if (pending) {
      const shared = await pending;
      this.meter.recordResponse(model, shared.usage, true);
      return { ...shared, fromCache: true };
    }
    const fetching = this.fromCacheOrNetwork(hash, material, signal);
    this.inFlight.set(hash, fetching);
    try {
      return await fetching;
    } finally {
      this.inFlight.delete(hash);
    }
  }

  private async fromCacheOrNetwork(hash: string, material: CacheKeyMaterial, signal: AbortSignal | undefined): Promise<Fetched> {
    const model = this.options.endpoint.model;
    const cached = await this.cache?.get(hash);
    if (cached) {
      const read = readResponse(this.api, cached.response);
      if (typeof read !== 'string') {
        const usage = read.usage ?? estimatedUsage(material.body, read.samples);
        this.meter.recordResponse(model, usage, true);
        return { samples: read.samples, usage, requestId: cached.requestId, fromCache: true };
      }
      this.note(`ignoring unreadable cache entry ${this.cache?.fileFor(hash)} (${read}); fetching again`);
    }
    const { data, samples, usage, requestId } = await this.withRetries(material.body as Record<string, unknown>, signal);
    this.meter.recordResponse(model, usage, false);
    if (this.cache) {
      try {
        await this.cache.put(hash, { key: material, response: data, ...(requestId === undefined ? {} : { requestId }), storedAt: new Date().toISOString() });
      } catch (e) {
        this.note(`could not write the response cache in ${this.cache.dir}: ${(e as Error).message}`);
      }
    }
    return { samples, usage, requestId, fromCache: false };
  }

  /**
   * Sends until an answer, or until retrying is no use: other failures after `maxAttempts` tries,
   * rate limits (429) once the request has waited `rateLimitBudgetMs` on them in all.
   */
  private async withRetries(body: Record<string, unknown>, signal: AbortSignal | undefined): Promise<{ data: unknown; samples: Sample[]; usage: TokenUsage; requestId: string | undefined }> {
    let failures = 0;
    let limited = 0;
    let waitedMs = 0;
    for (;;) {
      try {
        return await this.send(body, signal);
      } catch (e) {
        const error = e as LlmError;
        // With no rate-limit budget, a 429 is a failure like any other, counted against maxAttempts.
        const rateLimited = error.kind === 'rate_limit' && this.policy.rateLimitBudgetMs > 0;
        if (rateLimited) limited++;
        else failures++;
        const delay = rateLimited ? rateLimitDelayMs(limited, waitedMs, error, this.policy, this.options.random) : retryDelayMs(failures, error, this.policy, this.options.random);
        // A plain Retry-After holds back this request only; the others go on under the lowered concurrency.
        if (delay === undefined) throw error.afterAttempts(failures + limited);
        if (rateLimited) waitedMs += delay;
        // The account's budget is spent: hold every request back until it refills, not just this one.
        if (error.exhaustedForMs !== undefined) this.rate.pause(error.exhaustedForMs);
        this.meter.recordRetry();
        this.note(`attempt ${failures + limited} failed, retrying in ${Math.round(delay)} ms${rateLimited ? ` (concurrency now ${this.slots.current})` : ''}: ${error.message}`);
        await sleep(delay, signal);
      }
    }
  }

  /** One try, within the rate and concurrency limits and the timeout. Throws an LlmError. */
  private async send(body: Record<string, unknown>, signal: AbortSignal | undefined): Promise<{ data: unknown; samples: Sample[]; usage: TokenUsage; requestId: string | undefined }> {
    const estimate = estimateTokens(body);
    // Slot first, then the rate limit, so a request counted against the rate is sent right away.
    const release = await this.slots.acquire(signal);
    try {
      await this.rate.acquire(estimate, signal);
    } catch (e) {
      release();
      throw e;
    }
    let outcome: SlotOutcome = 'other';
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { data, request_id, response } = await this.sdk
        .post<unknown>(wirePath(this.api), { body, signal: controller.signal, timeout: Math.ceil(this.timeoutMs), maxRetries: 0 })
        .withResponse();
      this.answered = true;
      const requestId = request_id ?? undefined;
      // An answer that says the budget is now spent: wait for the refill rather than collect 429s.
      const exhausted = exhaustedForMs(response.headers);
      if (exhausted !== undefined) this.rate.pause(exhausted);
      const read = readResponse(this.api, data);
      if (typeof read === 'string') throw make('malformed_response', read, { retryable: true, ...(requestId === undefined ? {} : { requestId }) }, this.context());
      const usage = read.usage ?? estimatedUsage(body, read.samples);
      this.rate.settle(estimate, usage.promptTokens + usage.completionTokens);
      outcome = 'ok';
      return { data, samples: read.samples, usage, requestId };
    } catch (e) {
      if (e instanceof APIError && e.status !== undefined) this.answered = true;
      const error = classifyError(e, this.context(), { timedOut, cancelled: signal?.aborted === true, endpointAnswered: this.answered });
      if (error.kind === 'rate_limit' && error.retryable) outcome = 'rate_limited';
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      release(outcome);
    }
  }

  private context(): RequestContext {
    const e = this.options.endpoint;
    return { baseUrl: e.baseUrl, url: `${e.baseUrl.replace(/\/+$/, '')}${wirePath(this.api)}`, model: e.model, timeoutMs: this.timeoutMs, secrets: [e.apiKey] };
  }

  private note(line: string): void {
    this.options.log?.(redact(line, [this.options.endpoint.apiKey]));
  }
}

/** An endpoint that refused `n` (400 naming `n`, or llama.cpp's "only one completion choice"). */
function isRejectionOfN(e: unknown): boolean {
  return e instanceof LlmError && e.kind === 'bad_request' && (e.param === 'n' || /\bn\b|choice/i.test(e.message.split(' (POST')[0] ?? ''));
}

/** About four characters a token, for endpoints that report no usage. */
function estimatedUsage(body: unknown, samples: readonly Sample[]): TokenUsage {
  const b = body as { messages?: unknown; prompt?: unknown };
  return {
    promptTokens: Math.ceil(JSON.stringify(b.messages ?? b.prompt ?? '').length / 4),
    completionTokens: samples.reduce((sum, s) => sum + Math.ceil(s.text.length / 4), 0),
  };
}
