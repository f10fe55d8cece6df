/**
 * Adaptive concurrency under 429 (issue 14): a 400-request sample stage against an endpoint that
 * generates CAPACITY requests at a time and refuses the rest at once with a 429 and Retry-After.
 * Goodput (answers stored per second) ÷ the endpoint's capacity (CAPACITY answers per LATENCY_MS):
 * how much of what the endpoint can serve the run gets, starting from a concurrency of 8.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRun, runStages, type ProgressEvent } from '../src/core/pipeline';
import { startFakeOpenAI } from '../test/fake-openai/server';
import type { Benchmark } from './benchmark';

const REQUESTS = 400;
const CAPACITY = 4;
const LATENCY_MS = 100;
const RETRY_AFTER_MS = 200;
const MAX_CONCURRENCY = 8;

export const benchmarks: Benchmark[] = [
  {
    name: 'capacity: goodput against a capacity-limited endpoint',
    async run() {
      const entries = Array.from({ length: REQUESTS }, (_, i) => ({ question: `Question ${i}: what is ${i} + 1?`, goldAnswer: String(i + 1) }));
      const fake = await startFakeOpenAI({ requireKey: false, answerKey: entries, latencyMs: LATENCY_MS, capacity: CAPACITY, refuseOverCapacityMs: RETRY_AFTER_MS });
      const dir = mkdtempSync(join(tmpdir(), 'mb-bench-capacity-'));
      try {
        mkdirSync(join(dir, 'data'));
        writeFileSync(join(dir, 'data/train.jsonl'), entries.map((e) => JSON.stringify({ question: e.question, answer: `#### ${e.goldAnswer}` })).join('\n') + '\n');
        const runId = await createRun({
          workspaceDir: dir,
          datasetFile: 'data/train.jsonl',
          reasoner: { baseUrl: fake.url, model: 'reasoner', api: 'chat', sampling: { temperature: 0.7, maxTokens: 128 }, maxConcurrency: MAX_CONCURRENCY },
          samplesPerQuestion: 1,
        });
        const shown: number[] = [];
        const t0 = performance.now();
        const result = await runStages(dir, runId, ['sample'], { onProgress: (e: ProgressEvent) => e.concurrency && shown.push(e.concurrency.current) });
        const seconds = (performance.now() - t0) / 1000;
        const stored = readFileSync(join(dir, '.mistakebook/runs', runId, 'paths.jsonl'), 'utf8').split('\n').filter((l) => l !== '').length;
        const answered = fake.requests.filter((r) => r.status === 200);
        const capacityPerSecond = CAPACITY / (LATENCY_MS / 1000);
        const goodput = stored / seconds;
        return [
          {
            name: 'capacity: goodput ÷ endpoint capacity under 429 + Retry-After',
            value: goodput / capacityPerSecond,
            unit: '×',
            target: 0.8,
            better: 'higher',
            detail: `${stored}/${REQUESTS} stored (${result.stages.sample?.state}) in ${seconds.toFixed(1)} s = ${goodput.toFixed(1)}/s vs ${capacityPerSecond}/s; ${fake.refusedOverCapacity} refused, ${answered.length - new Set(answered.map((r) => r.bodyHash)).size} answered twice; concurrency ${MAX_CONCURRENCY} → ${Math.min(...shown)}–${Math.max(...shown)}`,
          },
        ];
      } finally {
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
