import { strict as assert } from 'node:assert';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LlmClient } from '../../../src/core/llm/client';
import { LlmError } from '../../../src/core/llm/errors';
import { ConcurrencyLimit } from '../../../src/core/llm/limits';
import { exhaustedForMs, parseResetDuration } from '../../../src/core/llm/rateHeaders';
import { DEFAULT_RETRY_POLICY, rateLimitDelayMs } from '../../../src/core/llm/retry';
import { startFakeOpenAI, type FakeOpenAI } from '../../../test/fake-openai/server';

describe('adaptive concurrency (issue 14, point 2)', function () {
  this.timeout(20_000);

  it('lowers the limit below what was in flight on a 429, once a round, and raises it by one a round of successes', async () => {
    const limit = new ConcurrencyLimit(8);
    const releases = await Promise.all(Array.from({ length: 5 }, () => limit.acquire()));
    releases[4]?.('rate_limited'); // five in flight, the fifth refused: the endpoint holds four
    assert.equal(limit.current, 4);
    releases[3]?.('rate_limited'); // sent before the lowering: it says nothing new
    assert.equal(limit.current, 4);
    const next = await limit.acquire();
    next('rate_limited'); // sent after it, four in flight: the endpoint still refuses
    assert.equal(limit.current, 3);
    for (const release of releases.slice(0, 3)) release('ok');
    for (let i = 0; i < 3; i++) (await limit.acquire())('ok');
    assert.equal(limit.current, 4, 'raised after a round (3) of successes');
    for (let i = 0; i < 200; i++) (await limit.acquire())('ok');
    assert.equal(limit.current, 8, 'never above the maximum');
  });

  it('holds back the requests beyond the lowered limit, and never goes below 1', async () => {
    const limit = new ConcurrencyLimit(2);
    const a = await limit.acquire();
    a('rate_limited');
    assert.equal(limit.current, 1);
    const b = await limit.acquire();
    let second = false;
    const waiting = limit.acquire().then((r) => {
      second = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(second, false, 'a second request went out under a limit of 1');
    b('rate_limited');
    assert.equal(limit.current, 1);
    const c = await waiting;
    c('rate_limited');
    assert.equal(limit.current, 1, 'never below 1');
  });

  it('reads the x-ratelimit reset durations and tells when a budget is spent', () => {
    assert.equal(parseResetDuration('6m0s'), 360_000);
    assert.equal(parseResetDuration('1.5s'), 1500);
    assert.equal(parseResetDuration('250ms'), 250);
    assert.equal(parseResetDuration('2'), 2000);
    assert.equal(parseResetDuration('soon'), undefined);
    const spent = new Headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-remaining-tokens': '500', 'x-ratelimit-reset-tokens': '9s' });
    assert.equal(exhaustedForMs(spent), 2000);
    assert.equal(exhaustedForMs(new Headers({ 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '2s' })), undefined);
  });

  it('retries a rate-limited request until its wait budget is spent, not a fixed number of times', () => {
    const error = new LlmError('rate_limit', 'rate_limit: busy', { retryable: true, retryAfterMs: 100 });
    const policy = { ...DEFAULT_RETRY_POLICY, rateLimitBudgetMs: 1000 };
    assert.ok((rateLimitDelayMs(50, 0, error, policy, () => 0) ?? 0) >= 100, 'the 50th 429 is still retried');
    assert.equal(rateLimitDelayMs(3, 950, error, policy, () => 0), undefined, 'past the budget');
    const quota = new LlmError('rate_limit', 'rate_limit: out of credit', { retryable: false });
    assert.equal(rateLimitDelayMs(1, 0, quota, policy), undefined);
  });

  describe('against a capacity-limited endpoint', () => {
    let fake: FakeOpenAI;
    afterEach(async () => fake.close());

    it('answers every request, once each, with the limit settled at the capacity', async () => {
      fake = await startFakeOpenAI({ latencyMs: 20, capacity: 3, refuseOverCapacityMs: 30 });
      const client = new LlmClient({ endpoint: { baseUrl: fake.url, apiKey: fake.apiKey, model: 'echo' }, maxConcurrency: 8, retry: { maxAttempts: 2 } });
      const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => client.complete({ prompt: `request ${i}` })));
      assert.equal(answers.length, 60);
      const ok = fake.requests.filter((r) => r.status === 200);
      assert.equal(ok.length, 60, 'an answered request was sent again, or one was lost');
      assert.equal(new Set(ok.map((r) => r.bodyHash)).size, 60);
      assert.ok(fake.refusedOverCapacity > 0, 'the endpoint never refused: the test proved nothing');
      // Adapting shows in how often the endpoint had to refuse: a client that kept sending 8 at a time
      // to a capacity of 3 would be refused more often than it has requests; adapting, about half as often (25–29 here).
      assert.ok(fake.refusedOverCapacity < 60, `refused ${fake.refusedOverCapacity} times for 60 requests`);
      assert.equal(client.concurrency.max, 8);
    });
  });

  it('sends no Authorization header at all when the endpoint has no key (issue 14, point 6)', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      await new LlmClient({ endpoint: { baseUrl, model: 'm' } }).complete({ prompt: 'hello' });
      await new LlmClient({ endpoint: { baseUrl, model: 'm', apiKey: 'sk-real-key' } }).complete({ prompt: 'hello again' });
      assert.equal(seen[0]?.authorization, undefined, `sent: ${String(seen[0]?.authorization)}`);
      assert.equal(seen[0]?.['api-key'], undefined);
      assert.equal(seen[1]?.authorization, 'Bearer sk-real-key');
    } finally {
      server.close();
    }
  });
});
