/**
 * Is there an OpenAI-compatible endpoint at a base URL, and which models does it serve? One
 * `GET /models` with a short timeout and no retries, told in words a researcher can act on:
 * nothing listens there, no such host, the key is missing or wrong, no such path, no answer in time.
 */
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { cannotConnect, connectionCause, type UnreachableReason } from './connection';
import { openAiClient } from './openaiClient';
import { redact } from './redact';

export type EndpointProblem = UnreachableReason | 'network' | 'timeout' | 'auth' | 'not_found' | 'server' | 'not_openai' | 'cancelled';

export type EndpointCheck =
  /** The endpoint answered; `models` is empty when it lists none (some servers do not implement GET /models). */
  | { ok: true; models: string[] }
  | { ok: false; problem: EndpointProblem; message: string; status?: number };

export interface EndpointCheckOptions {
  baseUrl: string;
  /** Absent or empty: no key is sent (a local server). */
  apiKey?: string;
  /** Default 5 s: long enough for a loaded server, short enough to wait for in a dialog. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const ENDPOINT_CHECK_TIMEOUT_MS = 5000;

/** Asks the endpoint for its models, once. Never throws; keys never appear in the message. */
export async function checkEndpoint(o: EndpointCheckOptions): Promise<EndpointCheck> {
  const timeoutMs = o.timeoutMs ?? ENDPOINT_CHECK_TIMEOUT_MS;
  const client = openAiClient({ baseUrl: o.baseUrl, ...(o.apiKey === undefined ? {} : { apiKey: o.apiKey }), timeoutMs, maxRetries: 0 });
  let body: unknown;
  try {
    body = await client.get<unknown>('/models', { timeout: timeoutMs, maxRetries: 0, ...(o.signal === undefined ? {} : { signal: o.signal }) });
  } catch (e) {
    const failed = failure(e, o, timeoutMs);
    return { ...failed, message: redact(failed.message, [o.apiKey]) };
  }
  const models = modelIds(body);
  if (models === undefined) return { ok: false, problem: 'not_openai', message: notAList(o.baseUrl.replace(/\/+$/, '')) };
  return { ok: true, models };
}

function failure(e: unknown, o: EndpointCheckOptions, timeoutMs: number): { ok: false; problem: EndpointProblem; message: string; status?: number } {
  const url = o.baseUrl.replace(/\/+$/, '');
  if (e instanceof APIUserAbortError || o.signal?.aborted === true) return { ok: false, problem: 'cancelled', message: `the check of ${url} was cancelled` };
  if (e instanceof APIConnectionTimeoutError) return { ok: false, problem: 'timeout', message: `${url} did not answer GET /models within ${timeoutMs / 1000} s: the server may be down, busy or behind a firewall` };
  if (e instanceof APIError && e.status !== undefined) {
    const status = e.status;
    if (status === 401 || status === 403) {
      const hasKey = o.apiKey !== undefined && o.apiKey !== '';
      return { ok: false, problem: 'auth', status, message: hasKey ? `${url} refused the API key set for it (${status})` : `${url} needs an API key (${status})` };
    }
    if (status === 404) return { ok: false, problem: 'not_found', status, message: `${url}/models was not found (404): the base URL may be wrong (it usually ends in /v1), or the server does not list its models` };
    return { ok: false, problem: 'server', status, message: `${url} answered GET /models with ${status}: ${e.message}` };
  }
  if (e instanceof SyntaxError) return { ok: false, problem: 'not_openai', message: notAList(url) };
  const cause = connectionCause(e, url);
  if (cause?.unreachable !== undefined) return { ok: false, problem: cause.unreachable, message: cannotConnect(url, cause) };
  const said = cause?.words ?? (e instanceof Error ? e.message : String(e));
  return { ok: false, problem: 'network', message: `cannot connect to ${url}: ${said}` };
}

function notAList(url: string): string {
  return `${url}/models did not answer with a list of models: is this an OpenAI-compatible API? Its base URL usually ends in /v1`;
}

/** The ids of an OpenAI model list (`{ data: [{ id }] }`), sorted; undefined when the body is not one. */
function modelIds(body: unknown): string[] | undefined {
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return undefined;
  const ids = data.flatMap((m: unknown) => (typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'string' ? [(m as { id: string }).id] : []));
  return ids.sort();
}
