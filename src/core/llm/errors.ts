/**
 * Every failure of a model call becomes an LlmError of one kind, which decides whether it is
 * retried, and whose message says where it happened and what to do next, with keys redacted.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { cannotConnect, connectionCause, UNREACHABLE_ADVICE, type UnreachableReason } from './connection';
import { exhaustedForMs } from './rateHeaders';
import { redact } from './redact';

export type LlmErrorKind = 'rate_limit' | 'server' | 'timeout' | 'network' | 'auth' | 'bad_request' | 'malformed_response' | 'cancelled';

export interface LlmErrorDetails {
  retryable: boolean;
  status?: number;
  /** The endpoint's error code, e.g. `rate_limit_exceeded`, `insufficient_quota`. */
  code?: string;
  /** The request parameter the endpoint complained about, e.g. `n`. */
  param?: string;
  requestId?: string;
  /** How long the endpoint asked us to wait (`retry-after-ms` or `Retry-After`). */
  retryAfterMs?: number;
  /** How long until the account's exhausted request or token budget refills (`x-ratelimit-*` headers). */
  exhaustedForMs?: number;
  attempts?: number;
  /** The request, as the message names it: method and URL, model, request id. */
  where?: string;
  /** The endpoint's base URL (keys redacted), as the researcher configured it. */
  baseUrl?: string;
  /** What failed and what to do next, without the kind and the request: what a notification shows. */
  summary?: string;
  /** Set when the endpoint could not be reached at all: nothing listens, no such host, no route, no TLS. */
  unreachable?: UnreachableReason;
}

export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly exhaustedForMs: number | undefined;
  readonly attempts: number;
  readonly where: string | undefined;
  readonly baseUrl: string | undefined;
  readonly summary: string;
  readonly unreachable: UnreachableReason | undefined;

  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    details: LlmErrorDetails,
  ) {
    super(message);
    this.retryable = details.retryable;
    this.status = details.status;
    this.code = details.code;
    this.param = details.param;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.exhaustedForMs = details.exhaustedForMs;
    this.attempts = details.attempts ?? 1;
    this.where = details.where;
    this.baseUrl = details.baseUrl;
    this.summary = details.summary ?? message;
    this.unreachable = details.unreachable;
  }

  /** The same failure, told as the last of `attempts` tries. */
  afterAttempts(attempts: number): LlmError {
    if (attempts <= 1 || this.where === undefined) return this;
    const at = this.message.lastIndexOf(`(${this.where})`);
    const message = at < 0 ? this.message : `${this.message.slice(0, at)}(${this.where}, after ${attempts} attempts)${this.message.slice(at + this.where.length + 2)}`;
    return new LlmError(this.kind, message, { ...this.detailsOf(), attempts });
  }

  private detailsOf(): LlmErrorDetails {
    const d: LlmErrorDetails = { retryable: this.retryable, attempts: this.attempts };
    if (this.status !== undefined) d.status = this.status;
    if (this.code !== undefined) d.code = this.code;
    if (this.param !== undefined) d.param = this.param;
    if (this.requestId !== undefined) d.requestId = this.requestId;
    if (this.retryAfterMs !== undefined) d.retryAfterMs = this.retryAfterMs;
    if (this.exhaustedForMs !== undefined) d.exhaustedForMs = this.exhaustedForMs;
    if (this.where !== undefined) d.where = this.where;
    if (this.baseUrl !== undefined) d.baseUrl = this.baseUrl;
    d.summary = this.summary;
    if (this.unreachable !== undefined) d.unreachable = this.unreachable;
    return d;
  }
}

/** Where a request went, for messages; `secrets` are redacted from everything said. */
export interface RequestContext {
  /** The endpoint's base URL, e.g. http://localhost:8000/v1. */
  baseUrl: string;
  /** The URL of the request itself. */
  url: string;
  model: string;
  timeoutMs: number;
  secrets: readonly (string | undefined)[];
}

const ADVICE: Readonly<Record<LlmErrorKind, string>> = {
  rate_limit: 'Lower the concurrency or the requests/tokens-per-minute limits, or try again later.',
  server: 'The endpoint failed; try again later.',
  timeout: 'Raise the request timeout or lower max_tokens.',
  network: 'Check the base URL and that the server is running and reachable.',
  auth: 'Check the API key set for this endpoint.',
  bad_request: 'Check the model name and the sampling parameters for this endpoint.',
  malformed_response: 'Check that the base URL points at an OpenAI-compatible API (usually ending in /v1).',
  cancelled: '',
};

/**
 * Why a request failed, from whatever the SDK, fetch or our own checks threw. `endpointAnswered`:
 * whether this endpoint has answered before (any HTTP status). An endpoint that never answered and
 * cannot be reached (refused, unknown host, no route, TLS) is absent: that failure is final. One
 * that answered before is restarting or briefly away: the same failure is retried.
 */
export function classifyError(e: unknown, ctx: RequestContext, how: { timedOut: boolean; cancelled: boolean; endpointAnswered?: boolean }): LlmError {
  if (e instanceof LlmError) return e;
  if (how.cancelled) return make('cancelled', 'Cancelled.', { retryable: false }, ctx);
  if (how.timedOut || e instanceof APIConnectionTimeoutError) {
    return make('timeout', `No answer within ${ctx.timeoutMs} ms.`, { retryable: true }, ctx);
  }
  if (e instanceof APIUserAbortError) return make('cancelled', 'Cancelled.', { retryable: false }, ctx);
  // fetch reports a refused or dropped connection, or a body cut short ("terminated"), as a TypeError.
  if (e instanceof APIConnectionError || e instanceof TypeError) return connectionFailure(e, ctx, how.endpointAnswered === true);
  if (e instanceof APIError) return fromStatus(e, ctx);
  if (e instanceof SyntaxError) return make('malformed_response', `The response is not valid JSON (${e.message}).`, { retryable: true }, ctx);
  return make('network', e instanceof Error ? e.message : String(e), { retryable: true }, ctx);
}

function fromStatus(e: APIError, ctx: RequestContext): LlmError {
  const status = e.status ?? 0;
  const details: LlmErrorDetails = { retryable: false, status };
  if (typeof e.code === 'string') details.code = e.code;
  if (typeof e.param === 'string') details.param = e.param;
  if (e.requestID) details.requestId = e.requestID;
  const retryAfterMs = retryAfter(e.headers);
  if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  const exhausted = exhaustedForMs(e.headers);
  if (exhausted !== undefined) details.exhaustedForMs = exhausted;
  if (status === 401 || status === 403) return make('auth', e.message, details, ctx);
  if (status === 429) {
    // Out of credit is also a 429, but waiting will not help.
    const quota = e.code === 'insufficient_quota';
    return make('rate_limit', e.message, { ...details, retryable: !quota }, ctx, quota ? 'Add credit to the account behind this key.' : undefined);
  }
  if (status === 408) return make('timeout', e.message, { ...details, retryable: true }, ctx);
  if (status === 409 || status >= 500) return make('server', e.message, { ...details, retryable: true }, ctx);
  return make('bad_request', e.message, details, ctx);
}

/** Milliseconds the endpoint asks us to wait, from `retry-after-ms`, or `Retry-After` in seconds or as a date. */
export function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function connectionFailure(e: Error, ctx: RequestContext, endpointAnswered: boolean): LlmError {
  const cause = connectionCause(e, ctx.baseUrl);
  if (cause?.unreachable !== undefined) {
    return make('network', cannotConnect(ctx.baseUrl, cause), { retryable: endpointAnswered, unreachable: cause.unreachable }, ctx, UNREACHABLE_ADVICE[cause.unreachable]);
  }
  if (cause !== undefined) return make('network', `connection error: ${cause.words}`, { retryable: true }, ctx);
  const inner = (e as { cause?: unknown }).cause;
  return make('network', inner instanceof Error ? `${e.message.replace(/\.$/, '')}: ${inner.message}` : e.message, { retryable: true }, ctx);
}

/** An error whose message reads: `kind: what (where). What to do next.` */
export function make(kind: LlmErrorKind, what: string, details: LlmErrorDetails, ctx: RequestContext, advice = ADVICE[kind]): LlmError {
  const where = redact([`POST ${ctx.url}`, `model ${ctx.model}`, ...(details.requestId ? [`request ${details.requestId}`] : [])].join(', '), ctx.secrets);
  const said = redact(what.trim().replace(/\.$/, ''), ctx.secrets);
  const text = `${kind}: ${said} (${where}). ${advice}`.trim();
  return new LlmError(kind, text, { ...details, where, baseUrl: redact(ctx.baseUrl, ctx.secrets), summary: `${said}. ${advice}`.trim() });
}
