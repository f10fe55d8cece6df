import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LlmClient, type LlmClientOptions } from '../../../src/core/llm/client';
import { LlmError } from '../../../src/core/llm/errors';
import { startFakeOpenAI, type FakeOpenAI } from '../../../test/fake-openai/server';
import { rejection } from './rejection';

const QUESTION = 'Sam reads 25 pages a day for 6 days and 40 pages on the seventh day. How many pages does he read that week?';
const KEY = 'sk-test-SECRET-4f8a9b0c1d2e3f';

describe('LlmClient against the fake OpenAI server', function () {
  this.timeout(15_000);
  let server: FakeOpenAI;
  let cacheDir: string;

  const client = (overrides: Partial<LlmClientOptions> = {}, model = 'reasoner'): LlmClient =>
    new LlmClient({ endpoint: { baseUrl: server.url, apiKey: KEY, model }, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...overrides });

  beforeEach(async () => {
    server = await startFakeOpenAI({
      apiKey: KEY,
      answerKey: [{ question: QUESTION, goldAnswer: '190', goldSolution: 'In six days he reads 25*6 = 150 pages.\nThat week he reads 150+40 = 190 pages.' }],
    });
    cacheDir = await mkdtemp(join(tmpdir(), 'mistakebook-llm-'));
  });
  afterEach(async () => {
    await server.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('samples n paths from a chat endpoint, with usage and cost', async () => {
    const c = client({ prices: { reasoner: { inputPerMillion: 1, outputPerMillion: 2 } } });
    const r = await c.complete({ prompt: `Question: ${QUESTION}\nAnswer:`, n: 4, temperature: 0.8, maxTokens: 300 });
    assert.equal(r.samples.length, 4);
    assert.ok(r.samples.every((s) => /The answer is \d+\.$/.test(s.text) && s.finishReason === 'stop'));
    assert.equal(server.requests.length, 1);
    assert.ok(r.usage.promptTokens > 0 && r.usage.completionTokens > 0);
    assert.equal(r.costUsd, (r.usage.promptTokens * 1 + r.usage.completionTokens * 2) / 1e6);
    assert.deepEqual(r.requestIds, ['req_fake_1']);
    const run = c.usage;
    assert.deepEqual([run.requests, run.promptTokens, run.completionTokens, run.costUsd], [1, r.usage.promptTokens, r.usage.completionTokens, r.costUsd]);
  });

  it('uses legacy /v1/completions for base models and always sends max_tokens', async () => {
    const c = new LlmClient({ endpoint: { baseUrl: server.url, apiKey: KEY, model: 'echo', api: 'completion' } });
    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    const r = await c.complete({ prompt: long, stop: ['w30'] });
    assert.equal(server.requests[0]?.path, '/v1/completions');
    assert.equal(r.samples[0]?.text, `${Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ')} `);
    await assert.rejects(c.complete({ prompt: [{ role: 'user', content: 'x' }] }), /legacy completions API takes a prompt string/);
  });

  it('answers an identical request from the disk cache, across client instances, without the key', async () => {
    const request = { prompt: `Question: ${QUESTION}\nAnswer:`, n: 2, seed: 3 };
    const first = await client({ cacheDir }).complete(request);
    assert.equal(first.fromCache, false);
    const again = client({ cacheDir });
    const second = await again.complete(request);
    assert.equal(server.requests.length, 1, 'no second request reached the server');
    assert.equal(second.fromCache, true);
    assert.deepEqual(second.samples, first.samples);
    assert.deepEqual(second.usage, first.usage);
    assert.deepEqual([again.usage.requests, again.usage.cacheHits], [0, 1]);
    await client({ cacheDir }).complete({ ...request, seed: 4 });
    assert.equal(server.requests.length, 2, 'a different request is not a cache hit');

    const files = (await readdir(cacheDir, { recursive: true })).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 2);
    assert.ok(files.every((f) => /^[0-9a-f]{2}\/[0-9a-f]{64}\.json$/.test(f)), files.join());
    for (const f of await readdir(cacheDir, { recursive: true })) assert.ok(!f.endsWith('.tmp'));
    for (const f of files) assert.ok(!(await readFile(join(cacheDir, f), 'utf8')).includes(KEY));
  });

  it('sends identical concurrent requests once', async () => {
    server.injectFault({ kind: 'latency', ms: 50 });
    const c = client({ cacheDir });
    const results = await Promise.all([1, 2, 3].map(() => c.complete({ prompt: 'same', seed: 1 })));
    assert.equal(server.requests.length, 1);
    assert.deepEqual(results.map((r) => r.fromCache).sort(), [false, true, true]);
  });

  it('waits as long as Retry-After asks before retrying a 429', async () => {
    server.injectFault({ kind: 'rate_limit', retryAfterSeconds: 1 }, { first: 1 });
    const started = performance.now();
    const r = await client().complete({ prompt: 'hi' });
    const waited = performance.now() - started;
    assert.ok(waited >= 1000 && waited < 2500, `waited ${waited} ms`);
    assert.equal(r.samples.length, 1);
    assert.deepEqual(server.requests.map((q) => q.status), [429, 200]);
    const arrivalGap = (server.requests[1]?.receivedAt ?? 0) - (server.requests[0]?.receivedAt ?? 0);
    assert.ok(arrivalGap >= 1000, `retried after ${arrivalGap} ms`);
  });

  it('prefers retry-after-ms, and fails a 429 whose wait is longer than the policy allows', async () => {
    server.injectFault({ kind: 'rate_limit', retryAfterSeconds: 9, retryAfterMs: 150 }, { first: 1 });
    const c = client();
    const started = performance.now();
    await c.complete({ prompt: 'a' });
    assert.ok(performance.now() - started >= 150);
    assert.equal(c.usage.retries, 1);
    server.injectFault({ kind: 'rate_limit', retryAfterSeconds: 600 }, { first: 1 });
    const e = await rejection(client({ retry: { maxRetryAfterMs: 1000 } }).complete({ prompt: 'b' }));
    assert.equal(e.kind, 'rate_limit');
    assert.equal(e.retryAfterMs, 600_000);
  });

  it('retries server errors, resets, truncated and non-JSON bodies with backoff, then succeeds', async () => {
    for (const kind of ['server_error', 'unavailable', 'reset', 'truncated', 'non_json'] as const) {
      server.injectFault({ kind }, { first: 2 });
      const c = client();
      const r = await c.complete({ prompt: `after ${kind}` });
      assert.equal(r.samples.length, 1, kind);
      assert.equal(c.usage.retries, 2, kind);
      server.clearFaults();
    }
    assert.equal(server.requests.filter((q) => q.fault === undefined).length, 5);
  });

  it('gives up after maxAttempts with the error kind and attempts in the message', async () => {
    server.injectFault({ kind: 'non_json' });
    const e = await rejection(client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).complete({ prompt: 'x' }));
    assert.equal(e.kind, 'malformed_response');
    assert.equal(e.attempts, 3);
    assert.match(e.message, /after 3 attempts/);
    assert.equal(server.requests.length, 3);
  });

  it('does not retry auth or bad requests, and never shows the key', async () => {
    const logs: string[] = [];
    const wrongKey = 'sk-wrong-0123456789abcdef';
    const c = new LlmClient({ endpoint: { baseUrl: server.url, apiKey: wrongKey, model: 'reasoner' }, log: (l) => logs.push(l) });
    const auth = await rejection(c.complete({ prompt: 'x' }));
    assert.equal(auth.kind, 'auth');
    assert.equal(auth.status, 401);
    assert.equal(server.requests.length, 1);
    assert.ok(!auth.message.includes(wrongKey) && !String(auth.stack).includes(wrongKey), auth.message);
    assert.match(auth.message, /\[redacted\]/);
    assert.match(auth.message, /POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions, model reasoner, request req_fake_1/);
    assert.match(auth.message, /Check the API key/);
    const bad = await rejection(client({}, 'no-such-model').complete({ prompt: 'x' }));
    assert.equal(bad.kind, 'bad_request');
    assert.equal(server.requests.length, 2);
    assert.ok(logs.every((l) => !l.includes(wrongKey)));
  });

  it('times out a request the endpoint never answers', async () => {
    server.injectFault({ kind: 'hang' });
    const started = performance.now();
    const e = await rejection(client({ timeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).complete({ prompt: 'x' }));
    const took = performance.now() - started;
    assert.equal(e.kind, 'timeout');
    assert.equal(server.requests.length, 2);
    assert.ok(took >= 400 && took < 2000, `took ${took} ms`);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(server.inFlight, 0, 'timed-out requests were dropped');
  });

  it('cancels a request in flight, a retry wait and a request not yet sent', async () => {
    server.injectFault({ kind: 'hang' }, { first: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = performance.now();
    const e = await rejection(client().complete({ prompt: 'x' }, { signal: ac.signal }));
    assert.equal(e.kind, 'cancelled');
    assert.ok(performance.now() - started < 1000);

    server.injectFault({ kind: 'rate_limit', retryAfterSeconds: 30 }, { first: 1 });
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(), 100);
    assert.equal((await rejection(client().complete({ prompt: 'y' }, { signal: waiting.signal }))).kind, 'cancelled');

    const before = server.requests.length;
    assert.equal((await rejection(client().complete({ prompt: 'z' }, { signal: AbortSignal.abort() }))).kind, 'cancelled');
    assert.equal(server.requests.length, before);
  });

  it('keeps no more requests in flight than the concurrency limit', async () => {
    server.injectFault({ kind: 'latency', ms: 30 });
    const c = client({ maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.complete({ prompt: `q${i}` })));
    assert.equal(server.requests.length, 12);
    assert.equal(server.maxInFlight, 3);
  });

  it('spaces requests to stay under requests per minute', async () => {
    // 300/min = 5 a second: a burst of 5, then one every 200 ms.
    const c = client({ requestsPerMinute: 300 });
    await Promise.all(Array.from({ length: 9 }, (_, i) => c.complete({ prompt: `q${i}` })));
    const at = server.requests.map((r) => r.receivedAt);
    const span = (at[8] ?? 0) - (at[0] ?? 0);
    assert.ok(span >= 750, `9 requests within ${span} ms`);
    for (let i = 6; i < 9; i++) assert.ok((at[i] ?? 0) - (at[i - 1] ?? 0) >= 150, `gap before request ${i + 1}`);
  });

  it('falls back to one request per sample when an endpoint ignores n, with a distinct seed each', async () => {
    server.setScript('llama', (req) => `seed ${String(req.body['seed'])}`, { n: 'ignore' });
    const c = client({ cacheDir }, 'llama');
    const r = await c.complete({ prompt: 'p', n: 3, seed: 10 });
    assert.deepEqual(r.samples.map((s) => s.text), ['seed 10', 'seed 11', 'seed 12']);
    assert.equal(server.requests.length, 3);
    assert.equal(new Set(server.requests.map((q) => q.bodyHash)).size, 3, 'no request repeated');
    await c.complete({ prompt: 'other', n: 2 });
    assert.equal(server.requests.length, 5, 'once known, n is not tried again');
    await client({ cacheDir }, 'llama').complete({ prompt: 'p', n: 3, seed: 10 });
    assert.equal(server.requests.length, 5, 'the fallback requests are cached too');
  });

  it('falls back to one request per sample when an endpoint rejects n', async () => {
    server.setScript('strict', (_req, ctx) => `sample ${ctx.sampleIndex}`, { n: 'reject' });
    const logs: string[] = [];
    const r = await client({ log: (l) => logs.push(l) }, 'strict').complete({ prompt: 'p', n: 3 });
    assert.equal(r.samples.length, 3);
    assert.deepEqual(server.requests.map((q) => q.status), [400, 200, 200, 200]);
    assert.match(logs.join('\n'), /rejects n > 1/);
    await assert.rejects(
      new LlmClient({ endpoint: { baseUrl: server.url, apiKey: KEY, model: 'strict', n: 'native' } }).complete({ prompt: 'q', n: 2 }),
      (e: unknown) => e instanceof LlmError && e.kind === 'bad_request',
    );
  });

  it('sums usage and cost over a run, counting cache hits apart', async () => {
    const prices = { reasoner: { inputPerMillion: 3, outputPerMillion: 15 } };
    const c = client({ cacheDir, prices });
    const a = await c.complete({ prompt: `Question: ${QUESTION}\nAnswer:`, n: 2 });
    const b = await c.complete({ prompt: 'something else' });
    await c.complete({ prompt: 'something else' });
    const u = c.usage;
    assert.equal(u.requests, 2);
    assert.equal(u.cacheHits, 1);
    assert.equal(u.promptTokens, a.usage.promptTokens + b.usage.promptTokens);
    assert.equal(u.completionTokens, a.usage.completionTokens + b.usage.completionTokens);
    assert.ok(Math.abs(u.costUsd - ((a.costUsd ?? 0) + (b.costUsd ?? 0))) < 1e-12);
    assert.equal(u.cachedTokens, b.usage.promptTokens + b.usage.completionTokens);
    assert.deepEqual(u.unpricedModels, []);
  });

  it('talks to Azure OpenAI deployments with api-version and an api-key header', async () => {
    const c = new LlmClient({ endpoint: { baseUrl: `http://127.0.0.1:${server.port}`, apiKey: KEY, model: 'my-deployment', azureApiVersion: '2024-10-21' } });
    const e = await rejection(c.complete({ prompt: 'x' }));
    // The fake only knows bearer keys, so it refuses; what matters is where the request went.
    assert.equal(e.kind, 'auth');
    assert.equal(server.requests[0]?.path, '/openai/deployments/my-deployment/chat/completions');
    assert.equal(server.requests[0]?.query, '?api-version=2024-10-21');
    assert.ok(!e.message.includes(KEY));
  });
});
