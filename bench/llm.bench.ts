/**
 * The model client's overhead: how close it gets to the physical limit of an endpoint
 * (concurrency / latency), and what a cache hit costs next to a live request. The fake endpoint
 * runs in its own process, as a real one would, so its work does not count against the client.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { LlmClient, type EndpointConfig } from '../src/core/llm/client';
import { DEFAULT_FAKE_API_KEY } from '../test/fake-openai/server';
import type { Benchmark } from './benchmark';

const CONCURRENCY = 16;
const LATENCY_MS = 20;
const THROUGHPUT_REQUESTS = 800;
const ROUNDS = 4;
const CACHE_REQUESTS = 300;
/** The endpoint: 100 ms per request, 50 generated at once, and 200 requests kept in flight. */
const CAPACITY = 50;
const CAPACITY_LATENCY_MS = 100;
const IN_FLIGHT = 200;
const CAPACITY_REQUESTS = 1000;
const SEQUENTIAL_REQUESTS = 20;

/** Starts test/fake-openai/main.ts and resolves with its base URL and a way to stop it. */
async function spawnFake(args: readonly string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../test/fake-openai/main.ts'), '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    if (!child.stdout) return reject(new Error('fake-openai has no stdout'));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake-openai exited with ${code} before printing its URL`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `requests` requests, `concurrency` at a time, each through `send`; requests per second. */
async function rate(requests: number, concurrency: number, send: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests) await send(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return requests / ((performance.now() - started) / 1000);
}

const throughput: Benchmark = {
  name: 'llm throughput vs concurrency/latency',
  async run() {
    const fake = await spawnFake(['--latency', String(LATENCY_MS)]);
    try {
      const client = new LlmClient({ endpoint: { baseUrl: fake.url, apiKey: DEFAULT_FAKE_API_KEY, model: 'echo' }, maxConcurrency: CONCURRENCY });
      // The same requests with bare fetch: what this machine allows without our client.
      const bare = (i: number): Promise<unknown> =>
        fetch(`${fake.url}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${DEFAULT_FAKE_API_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'echo', messages: [{ role: 'user', content: `bare ${i}` }], max_tokens: 64 }),
        }).then((r) => r.json());
      // Warm up connections so the figures are the steady state.
      await rate(CONCURRENCY * 4, CONCURRENCY, bare);
      await rate(CONCURRENCY * 4, CONCURRENCY, (i) => client.complete({ prompt: `warm ${i}` }));
      // Alternating rounds, so both see the same load from whatever else runs on the machine.
      let bareSeconds = 0;
      let clientSeconds = 0;
      const perRound = THROUGHPUT_REQUESTS / ROUNDS;
      for (let round = 0; round < ROUNDS; round++) {
        bareSeconds += perRound / (await rate(perRound, CONCURRENCY, (i) => bare(round * perRound + i)));
        // All requests handed over at once: the client's own limit keeps CONCURRENCY in flight.
        const started = performance.now();
        await Promise.all(Array.from({ length: perRound }, (_, i) => client.complete({ prompt: `question ${round * perRound + i}`, maxTokens: 64 })));
        clientSeconds += (performance.now() - started) / 1000;
      }
      const bareRate = THROUGHPUT_REQUESTS / bareSeconds;
      const clientRate = THROUGHPUT_REQUESTS / clientSeconds;
      const limit = CONCURRENCY / (LATENCY_MS / 1000);
      return [
        {
          name: 'llm: requests/s ÷ (concurrency/latency)',
          value: clientRate / limit,
          unit: '×',
          target: 0.8,
          better: 'higher',
          detail: `${clientRate.toFixed(0)} req/s vs limit ${limit.toFixed(0)} (${CONCURRENCY} in flight, ${LATENCY_MS} ms each, ${THROUGHPUT_REQUESTS} requests)`,
        },
        {
          name: 'llm: requests/s ÷ bare fetch requests/s',
          value: clientRate / bareRate,
          unit: '×',
          target: 0.9,
          better: 'higher',
          detail: `client ${clientRate.toFixed(0)} vs bare fetch ${bareRate.toFixed(0)} req/s, same fake, same concurrency`,
        },
      ];
    } finally {
      await fake.stop();
    }
  },
};

const cacheHit: Benchmark = {
  name: 'llm cache hit vs live request',
  async run() {
    const fake = await spawnFake([]);
    const cacheDir = await mkdtemp(join(tmpdir(), 'mistakebook-bench-cache-'));
    try {
      const endpoint: EndpointConfig = { baseUrl: fake.url, apiKey: DEFAULT_FAKE_API_KEY, model: 'reasoner' };
      const requests = Array.from({ length: CACHE_REQUESTS }, (_, i) => ({ prompt: `Please solve the following math problem.\nQuestion: What is ${i} + ${i}?\nAnswer: Let's think step by step.\n`, n: 4 }));
      const live = new LlmClient({ endpoint, cacheDir });
      await live.complete({ prompt: 'warm up' });
      let started = performance.now();
      for (const r of requests) await live.complete(r);
      const liveMs = (performance.now() - started) / CACHE_REQUESTS;
      // A fresh client, as in a rerun: every answer comes from disk.
      const rerun = new LlmClient({ endpoint, cacheDir });
      started = performance.now();
      for (const r of requests) await rerun.complete(r);
      const hitMs = (performance.now() - started) / CACHE_REQUESTS;
      if (rerun.usage.requests !== 0) throw new Error(`the rerun sent ${rerun.usage.requests} requests; every one should have been a cache hit`);
      return [
        {
          name: 'llm: cache hit time ÷ live request time',
          value: hitMs / liveMs,
          unit: '×',
          target: 0.25,
          better: 'lower',
          detail: `hit ${hitMs.toFixed(3)} ms vs live ${liveMs.toFixed(3)} ms to a zero-latency local fake (${CACHE_REQUESTS} sequential requests, n=4); a real endpoint takes seconds`,
        },
      ];
    } finally {
      await fake.stop();
      await rm(cacheDir, { recursive: true, force: true });
    }
  },
};

const atCapacity: Benchmark = {
  name: 'llm throughput at the endpoint capacity',
  async run() {
    const fake = await spawnFake(['--latency', String(CAPACITY_LATENCY_MS), '--capacity', String(CAPACITY)]);
    try {
      // 200 in flight against 50 slots: the endpoint queues the rest, and the client must keep it busy.
      const client = new LlmClient({ endpoint: { baseUrl: fake.url, apiKey: DEFAULT_FAKE_API_KEY, model: 'echo' }, maxConcurrency: IN_FLIGHT });
      const ask = (label: string): Promise<unknown> => client.complete({ prompt: label, maxTokens: 64 });
      // Warm up every connection the measured part will use.
      await rate(IN_FLIGHT, IN_FLIGHT, (i) => ask(`warm ${i}`));
      const clientRate = await rate(CAPACITY_REQUESTS, IN_FLIGHT, (i) => ask(`at capacity ${i}`));
      // The loop a script without a client would write: one request, wait, the next.
      const started = performance.now();
      for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) await ask(`one by one ${i}`);
      const sequentialRate = SEQUENTIAL_REQUESTS / ((performance.now() - started) / 1000);
      const limit = CAPACITY / (CAPACITY_LATENCY_MS / 1000);
      return [
        {
          name: 'llm: requests/s ÷ endpoint capacity (50 at 100 ms, 200 in flight)',
          value: clientRate / limit,
          unit: '×',
          target: 0.9,
          better: 'higher',
          detail: `${clientRate.toFixed(0)} req/s vs capacity ${limit.toFixed(0)} req/s (${CAPACITY_REQUESTS} requests, ${IN_FLIGHT} in flight)`,
        },
        {
          name: 'llm: requests/s ÷ sequential loop requests/s',
          value: clientRate / sequentialRate,
          unit: '×',
          // The endpoint allows CAPACITY× a sequential loop; keep 90 % of that.
          target: 0.9 * CAPACITY,
          better: 'higher',
          detail: `${clientRate.toFixed(0)} req/s vs ${sequentialRate.toFixed(1)} req/s one at a time (${SEQUENTIAL_REQUESTS} requests)`,
        },
      ];
    } finally {
      await fake.stop();
    }
  },
};

export const benchmarks: Benchmark[] = [throughput, cacheHit, atCapacity];
