/**
 * What faults cost (issue 8): answered requests per second while about a third of attempts fail
 * (429 with a short Retry-After, 500, 503, connection resets, truncated and HTML bodies) ÷ requests
 * per second of the same client against the same server without faults; and how many requests are
 * lost or answered twice on the way (must be 0).
 */
import { performance } from 'node:perf_hooks';
import { LlmClient } from '../src/core/llm/client';
import { LlmError } from '../src/core/llm/errors';
import { startFakeOpenAI, type FakeOpenAI } from '../test/fake-openai/server';
import type { Benchmark } from './benchmark';

const REQUESTS = 2000;
const CONCURRENCY = 16;
const LATENCY_MS = 5;

async function pass(fake: FakeOpenAI, tag: string): Promise<{ seconds: number; answered: number; failed: number; settledTwice: number }> {
  const client = new LlmClient({
    endpoint: { baseUrl: fake.url, apiKey: fake.apiKey, model: 'echo' },
    maxConcurrency: CONCURRENCY,
    timeoutMs: 2000,
    retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 8, maxRetryAfterMs: 1000 },
  });
  const settled = new Set<number>();
  let settledTwice = 0;
  let answered = 0;
  let failed = 0;
  const settle = (i: number): void => {
    if (settled.has(i)) settledTwice++;
    settled.add(i);
  };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: REQUESTS }, (_, i) =>
      client.complete({ prompt: `${tag} ${i}` }).then(
        (c) => {
          settle(i);
          if (c.samples[0]?.text === `${tag} ${i}`) answered++;
        },
        (e: unknown) => {
          settle(i);
          if (e instanceof LlmError) failed++;
        },
      ),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, answered, failed, settledTwice: settledTwice + (REQUESTS - settled.size) };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'hardening: goodput under faults',
    async run() {
      const fake = await startFakeOpenAI({ latencyMs: LATENCY_MS });
      try {
        const clean = await pass(fake, 'clean');
        const rules = [
          fake.injectFault({ kind: 'rate_limit', retryAfterMs: 2 }, { every: 11 }),
          fake.injectFault({ kind: 'server_error' }, { every: 13 }),
          fake.injectFault({ kind: 'unavailable' }, { every: 17 }),
          fake.injectFault({ kind: 'reset' }, { every: 19 }),
          fake.injectFault({ kind: 'truncated' }, { every: 23 }),
          fake.injectFault({ kind: 'non_json' }, { every: 29 }),
        ];
        const before = fake.requests.length;
        const faulty = await pass(fake, 'faulty');
        const attempts = fake.requests.length - before;
        const faulted = fake.requests.slice(before).filter((r) => r.fault !== undefined).length;
        for (const r of rules) r.active = false;
        const cleanRate = clean.answered / clean.seconds;
        const faultyRate = faulty.answered / faulty.seconds;
        return [
          {
            name: 'hardening: answered/s under faults ÷ answered/s without',
            value: faultyRate / cleanRate,
            unit: '×',
            target: 0.6,
            better: 'higher',
            detail: `${faultyRate.toFixed(0)} vs ${cleanRate.toFixed(0)} answered/s; ${attempts} attempts for ${REQUESTS} requests, ${faulted} faulted (${((100 * faulted) / attempts).toFixed(0)}%), ${faulty.failed} gave up after 6; ${CONCURRENCY} in flight, ${LATENCY_MS} ms each`,
          },
          {
            name: 'hardening: requests lost or settled twice under faults',
            value: faulty.settledTwice + (REQUESTS - faulty.answered - faulty.failed),
            unit: 'requests',
            target: 0,
            better: 'lower',
            detail: `${REQUESTS} requests: ${faulty.answered} answered with their own text, ${faulty.failed} classified LlmErrors`,
          },
        ];
      } finally {
        await fake.close();
      }
    },
  },
];
