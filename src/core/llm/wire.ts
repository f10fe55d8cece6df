/**
 * What goes over the wire: request bodies for `/chat/completions` and the legacy `/completions`
 * (base models on vLLM need it), and reading choices and usage back. Kept apart from the
 * client so the Batch API can write the same bodies into its JSONL later.
 */
import type { TokenUsage } from './usage';

export type Api = 'chat' | 'completion';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One call's worth of sampling: `n` samples of one prompt. */
export interface SampleRequest {
  /** A chat conversation, or a plain prompt (sent as one user message to a chat endpoint). */
  prompt: string | readonly ChatMessage[];
  n?: number;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  stop?: readonly string[];
}

export interface Sample {
  text: string;
  /** `stop`, `length` (cut by max_tokens), …; null when the endpoint does not say. */
  finishReason: string | null;
}

/**
 * Legacy completions stop at 16 tokens when `max_tokens` is left out (OpenAI and vLLM alike),
 * which would cut every reasoning path short; we always send a limit.
 */
export const COMPLETION_DEFAULT_MAX_TOKENS = 1024;

export function wirePath(api: Api): string {
  return api === 'chat' ? '/chat/completions' : '/completions';
}

/** A problem with the request itself, found before sending; undefined when it is fine. */
export function checkRequest(api: Api, request: SampleRequest): string | undefined {
  const n = request.n ?? 1;
  if (!Number.isInteger(n) || n < 1) return `n must be a whole number ≥ 1, got ${n}`;
  if (api === 'completion' && typeof request.prompt !== 'string') return 'the legacy completions API takes a prompt string, not chat messages; use api "chat" for chat models';
  if (request.stop && request.stop.length > 4) return `at most 4 stop sequences, got ${request.stop.length}`;
  return undefined;
}

/** The JSON body for `n` samples; parameters left unset are left out, so they do not change the cache key. */
export function wireBody(api: Api, model: string, request: SampleRequest, n: number, seed: number | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { model };
  if (api === 'chat') {
    body['messages'] = typeof request.prompt === 'string' ? [{ role: 'user', content: request.prompt }] : request.prompt.map((m) => ({ role: m.role, content: m.content }));
  } else {
    body['prompt'] = request.prompt;
  }
  if (n > 1) body['n'] = n;
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  const maxTokens = request.maxTokens ?? (api === 'completion' ? COMPLETION_DEFAULT_MAX_TOKENS : undefined);
  if (maxTokens !== undefined) body['max_tokens'] = maxTokens;
  if (seed !== undefined) body['seed'] = seed;
  if (request.stop && request.stop.length > 0) body['stop'] = [...request.stop];
  return body;
}

/** A rough token count for rate limiting before the endpoint tells the real one. */
export function estimateTokens(body: Readonly<Record<string, unknown>>): number {
  const promptChars = JSON.stringify(body['messages'] ?? body['prompt'] ?? '').length;
  const n = typeof body['n'] === 'number' ? body['n'] : 1;
  const maxTokens = typeof body['max_tokens'] === 'number' ? body['max_tokens'] : 256;
  return Math.ceil(promptChars / 4) + n * maxTokens;
}

/** The samples and usage in a response, or what is wrong with it. */
export function readResponse(api: Api, data: unknown): { samples: Sample[]; usage: TokenUsage | undefined } | string {
  if (typeof data !== 'object' || data === null) return `expected a JSON object, got ${describe(data)}`;
  const choices = (data as { choices?: unknown }).choices;
  if (!Array.isArray(choices) || choices.length === 0) return 'the response has no "choices"';
  const samples: Sample[] = [];
  for (const c of choices as unknown[]) {
    const choice = c as { message?: { content?: unknown }; text?: unknown; finish_reason?: unknown; index?: unknown } | null;
    const text = api === 'chat' ? choice?.message?.content : choice?.text;
    if (typeof text !== 'string') return `a choice has no ${api === 'chat' ? 'message.content' : 'text'} string`;
    samples.push({ text, finishReason: typeof choice?.finish_reason === 'string' ? choice.finish_reason : null });
  }
  // Endpoints are expected to list choices in index order; sort in case one does not.
  const order = (choices as { index?: unknown }[]).map((c, i) => (typeof c.index === 'number' ? c.index : i));
  const sorted = samples.map((s, i) => ({ s, at: order[i] ?? i })).sort((a, b) => a.at - b.at).map((x) => x.s);
  const u = (data as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null }).usage;
  const usage = typeof u?.prompt_tokens === 'number' && typeof u.completion_tokens === 'number' ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens } : undefined;
  return { samples: sorted, usage };
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `text starting "${v.slice(0, 40)}"`;
  return v === null ? 'null' : typeof v;
}
