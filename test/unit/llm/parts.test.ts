import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import { APIError } from 'openai';
import { cacheKey } from '../../../src/core/llm/cache';
import { LlmError, classifyError, retryAfter } from '../../../src/core/llm/errors';
import { ConcurrencyLimit, RateLimit } from '../../../src/core/llm/limits';
import { redact } from '../../../src/core/llm/redact';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../../../src/core/llm/retry';
import { DEFAULT_PRICES, UsageMeter, costUsd, parsePriceTable, priceFor } from '../../../src/core/llm/usage';
import { readResponse, wireBody } from '../../../src/core/llm/wire';

const ctx = { baseUrl: 'https://example.test/v1', url: 'https://example.test/v1/chat/completions', model: 'm', timeoutMs: 1000, secrets: ['sk-live-abcdefghijklmnop'] };

describe('llm redaction', () => {
  it('removes the key, bearer tokens, api-key headers and sk- keys', () => {
    const text = 'key sk-live-abcdefghijklmnop; Authorization: Bearer tok_1234567890; {"api-key": "azure123456789"}; other sk-proj-zzzzzzzzzzzz';
    const out = redact(text, ['sk-live-abcdefghijklmnop']);
    assert.ok(!/abcdefghijklmnop|tok_1234567890|azure123456789|zzzzzzzzzzzz/.test(out), out);
    assert.equal(redact('model none answered', ['none']), 'model none answered');
  });
});

describe('llm error classification', () => {
  const status = (code: number, body: object = {}, headers: Record<string, string> = {}): LlmError =>
    classifyError(APIError.generate(code, { error: body }, undefined, new Headers(headers)), ctx, { timedOut: false, cancelled: false });

  it('maps statuses to kinds that decide retrying', () => {
    assert.deepEqual([401, 403, 400, 404, 422, 429, 408, 409, 500, 503].map((s) => [s, status(s).kind, status(s).retryable]), [
      [401, 'auth', false],
      [403, 'auth', false],
      [400, 'bad_request', false],
      [404, 'bad_request', false],
      [422, 'bad_request', false],
      [429, 'rate_limit', true],
      [408, 'timeout', true],
      [409, 'server', true],
      [500, 'server', true],
      [503, 'server', true],
    ]);
    const quota = status(429, { code: 'insufficient_quota', message: 'You exceeded your current quota' });
    assert.equal(quota.retryable, false);
    assert.match(quota.message, /Add credit/);
    assert.equal(classifyError(new SyntaxError('Unexpected token <'), ctx, { timedOut: false, cancelled: false }).kind, 'malformed_response');
    assert.equal(classifyError(new TypeError('terminated'), ctx, { timedOut: false, cancelled: false }).kind, 'network');
    assert.equal(classifyError(new Error('aborted'), ctx, { timedOut: true, cancelled: false }).kind, 'timeout');
    assert.equal(classifyError(new Error('aborted'), ctx, { timedOut: false, cancelled: true }).kind, 'cancelled');
  });

  it('reads Retry-After in ms, seconds or as a date', () => {
    assert.equal(retryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
    assert.equal(retryAfter(new Headers({ 'retry-after': '2' })), 2000);
    const inTwoSeconds = retryAfter(new Headers({ 'retry-after': new Date(Date.now() + 2000).toUTCString() })) ?? 0;
    assert.ok(inTwoSeconds > 500 && inTwoSeconds <= 2000);
    assert.equal(retryAfter(new Headers()), undefined);
  });

  it('says where and what next, and how many attempts were made', () => {
    const e = status(500, { message: 'boom (see docs).' }, { 'x-request-id': 'req_9' }).afterAttempts(4);
    assert.equal(e.message, 'server: 500 boom (see docs) (POST https://example.test/v1/chat/completions, model m, request req_9, after 4 attempts). The endpoint failed; try again later.');
    assert.equal(e.attempts, 4);
  });
});

describe('llm retry policy', () => {
  const err = (kind: 'server' | 'auth', retryAfterMs?: number): LlmError =>
    new LlmError(kind, kind, { retryable: kind === 'server', ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

  it('backs off exponentially with jitter up to a ceiling', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 10 };
    assert.deepEqual([1, 2, 3, 4, 5].map((a) => retryDelayMs(a, err('server'), p, () => 1)), [100, 200, 400, 800, 1000]);
    assert.deepEqual([1, 2, 3].map((a) => retryDelayMs(a, err('server'), p, () => 0)), [50, 100, 200]);
  });

  it('honours Retry-After, stops at maxAttempts, and never retries what cannot succeed', () => {
    const p = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
    assert.equal(retryDelayMs(1, err('server', 1500), p, () => 0), 1500);
    assert.ok((retryDelayMs(1, err('server', 1500), p, () => 1) ?? 0) <= 1650);
    assert.equal(retryDelayMs(3, err('server'), p), undefined);
    assert.equal(retryDelayMs(1, err('auth'), p), undefined);
    assert.equal(retryDelayMs(1, err('server', 10 * 60_000), p), undefined);
  });
});

describe('llm limits', () => {
  it('lets a waiter for a concurrency slot be cancelled without losing the slot', async () => {
    const limit = new ConcurrencyLimit(1);
    const release = await limit.acquire();
    const ac = new AbortController();
    const waiting = limit.acquire(ac.signal);
    ac.abort();
    await assert.rejects(waiting, (e: unknown) => e instanceof LlmError && e.kind === 'cancelled');
    release();
    const again = await limit.acquire();
    again();
  });

  it('holds tokens per minute, counting the real usage once known', async () => {
    // 6000 tokens/min = 100 a second, bucket of 100.
    const rate = new RateLimit({ tokensPerMinute: 6000 });
    const started = performance.now();
    await rate.acquire(50);
    rate.settle(50, 120); // the request used 120, leaving the bucket 20 in debt
    await rate.acquire(10);
    const waited = performance.now() - started;
    assert.ok(waited >= 180, `waited ${waited} ms`);
  });

  it('pauses every request when the endpoint asks to wait', async () => {
    const rate = new RateLimit();
    rate.pause(120);
    const started = performance.now();
    await rate.acquire(1);
    assert.ok(performance.now() - started >= 110);
  });
});

describe('llm cache keys, wire bodies, usage and prices', () => {
  it('hashes requests by content, not by field order', () => {
    const a = cacheKey({ baseURL: 'u', model: 'm', body: { x: 1, y: 2 } });
    assert.equal(a, cacheKey({ model: 'm', body: { y: 2, x: 1 }, baseURL: 'u' }));
    assert.equal(cacheKey({ baseURL: 'u', model: 'm', body: { a: { d: [2, { z: 1, y: 2 }] } } }), cacheKey({ baseURL: 'u', model: 'm', body: { a: { d: [2, { y: 2, z: 1 }] } } }));
    assert.notEqual(a, cacheKey({ baseURL: 'u', model: 'm', body: { x: 1, y: 2 }, sample: 0 }));
    assert.match(a, /^[0-9a-f]{64}$/);
  });

  it('builds bodies without unset parameters, and reads choices in index order', () => {
    assert.deepEqual(wireBody('chat', 'm', { prompt: 'hi' }, 1, undefined), { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(wireBody('completion', 'm', { prompt: 'hi', n: 2, topP: 0.9, stop: ['\n\n'] }, 2, 5), { model: 'm', prompt: 'hi', n: 2, top_p: 0.9, max_tokens: 1024, seed: 5, stop: ['\n\n'] });
    const read = readResponse('completion', { choices: [{ index: 1, text: 'b', finish_reason: 'length' }, { index: 0, text: 'a', finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2 } });
    assert.deepEqual(read, { samples: [{ text: 'a', finishReason: 'stop' }, { text: 'b', finishReason: 'length' }], usage: { promptTokens: 3, completionTokens: 2 } });
    assert.equal(readResponse('chat', '<html>'), 'expected a JSON object, got text starting "<html>"');
    assert.equal(readResponse('chat', { choices: [] }), 'the response has no "choices"');
  });

  it('prices dated snapshots like their family and reads an edited price table', () => {
    assert.equal(priceFor('gpt-4o-mini-2024-07-18', DEFAULT_PRICES), DEFAULT_PRICES['gpt-4o-mini']);
    assert.equal(priceFor('llama-3-8b', DEFAULT_PRICES), undefined);
    assert.equal(costUsd('gpt-4o', { promptTokens: 1_000_000, completionTokens: 100_000 }, DEFAULT_PRICES), 3.5);
    const { prices, diagnostics } = parsePriceTable('{\n  "local": { "inputPerMillion": 0, "outputPerMillion": 0 },\n  "bad": { "inputPerMillion": "x" }\n}', 'prices.json');
    assert.deepEqual(prices, { local: { inputPerMillion: 0, outputPerMillion: 0 } });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.line, 3);
    assert.equal(parsePriceTable('[', 'p.json').diagnostics[0]?.severity, 'error');
  });

  it('meters spending apart from what the cache saved', () => {
    const meter = new UsageMeter({ m: { inputPerMillion: 1, outputPerMillion: 1 } });
    meter.recordResponse('m', { promptTokens: 10, completionTokens: 5 }, false);
    meter.recordResponse('m', { promptTokens: 10, completionTokens: 5 }, true);
    meter.recordResponse('free', { promptTokens: 1, completionTokens: 1 }, false);
    meter.recordRetry();
    assert.deepEqual(meter.snapshot(), { requests: 2, retries: 1, cacheHits: 1, promptTokens: 11, completionTokens: 6, cachedTokens: 15, costUsd: 15 / 1e6, unpricedModels: ['free'] });
  });
});
