import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import { startFakeOpenAI, type FakeOpenAI } from '../../../test/fake-openai/server';

const LATENCY_MS = 60;

/** Sends `count` chat requests at once; resolves with each one's time to answer, in ms, sorted. */
async function burst(fake: FakeOpenAI, count: number): Promise<number[]> {
  const started = performance.now();
  const times = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await fetch(`${fake.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: `request ${i}` }] }),
      });
      assert.equal(response.status, 200);
      await response.json();
      return performance.now() - started;
    }),
  );
  return times.sort((a, b) => a - b);
}

describe('fake-openai capacity', function () {
  this.timeout(10_000);
  let fake: FakeOpenAI | undefined;
  afterEach(async () => fake?.close());

  it('generates at most `capacity` requests at once and queues the rest in order', async () => {
    fake = await startFakeOpenAI({ latencyMs: LATENCY_MS, capacity: 2 });
    const times = await burst(fake, 6);
    // Three waves of two: the 3rd and 5th answers wait for a whole wave each.
    assert.ok((times[2] ?? 0) >= 2 * LATENCY_MS - 5, `3rd answer after ${times[2]} ms`);
    assert.ok((times[4] ?? 0) >= 3 * LATENCY_MS - 5, `5th answer after ${times[4]} ms`);
    assert.equal(fake.maxInFlight, 6, 'the queued ones were accepted, not refused');
    assert.equal(fake.requests.filter((r) => r.status === 200).length, 6);
  });

  it('without a capacity, answers them all in one latency', async () => {
    fake = await startFakeOpenAI({ latencyMs: LATENCY_MS });
    const times = await burst(fake, 6);
    assert.ok((times[5] ?? Infinity) < 2 * LATENCY_MS, `last answer after ${times[5]} ms`);
  });
});

describe('fake-openai capacity, refusing beyond it', function () {
  this.timeout(10_000);
  let fake: FakeOpenAI | undefined;
  afterEach(async () => fake?.close());

  it('answers `capacity` requests and refuses the others at once with a 429 and Retry-After', async () => {
    fake = await startFakeOpenAI({ latencyMs: LATENCY_MS, capacity: 2, refuseOverCapacityMs: 150 });
    const replies = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const started = performance.now();
        const response = await fetch(`${fake?.url}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${fake?.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: `request ${i}` }] }),
        });
        await response.text();
        return { status: response.status, ms: performance.now() - started, retryAfterMs: response.headers.get('retry-after-ms'), retryAfter: response.headers.get('retry-after') };
      }),
    );
    const refused = replies.filter((r) => r.status === 429);
    assert.equal(replies.filter((r) => r.status === 200).length, 2);
    assert.equal(refused.length, 3);
    for (const r of refused) {
      assert.ok(r.ms < LATENCY_MS, `a refusal took ${r.ms} ms: it must not wait for a slot`);
      assert.equal(r.retryAfterMs, '150');
      assert.equal(r.retryAfter, '1');
    }
    assert.equal(fake.refusedOverCapacity, 3);
  });
});
