/**
 * The run store's two hot paths, each against the obvious baseline measured in the same run:
 * appending with a flush per record vs one buffered write of the same bytes, and streaming records
 * back vs readline + JSON.parse.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Benchmark, BenchmarkResult } from './benchmark';
import { readTable } from '../src/core/store/tableReader';
import { openTable } from '../src/core/store/tableWriter';

const RECORDS = 50_000;
const ROUNDS = 3;

/** A sampled reasoning path as the pipeline stores it, about 1 KB a line. */
function pathRecord(n: number): { id: string; [field: string]: unknown } {
  const steps = Array.from({ length: 3 + (n % 5) }, (_, k) => `Step ${k + 1}: ${n} apples and ${k} pears make ${n + k} pieces of fruit.`);
  return {
    id: n.toString(16).padStart(16, '0'),
    questionId: `gsm8k-train-${n % 7473}`,
    endpoint: 'http://gpu1:8000/v1',
    model: 'meta-llama/Llama-2-70b-hf',
    sampling: { temperature: 0.8, topP: 0.95, maxTokens: 512, seed: 1 },
    sampleIndex: n % 8,
    completion: `${steps.join('\n')}\nThe answer is ${n + 3}.`,
    answer: String(n + 3),
    correct: n % 3 !== 0,
    usage: { promptTokens: 180 + (n % 40), completionTokens: 90 + (n % 60) },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function time(work: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;

async function appendBench(dir: string, records: ReturnType<typeof pathRecord>[]): Promise<BenchmarkResult> {
  const perRecord: number[] = [];
  const buffered: number[] = [];
  const syscallsOnly: number[] = [];
  const oneWriteOnly: number[] = [];
  let bytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const file = join(dir, `append-${round}.jsonl`);
    const writer = await openTable(file, { onDiagnostic: () => undefined });
    perRecord.push(
      await time(async () => {
        for (const r of records) await writer.append(r);
      }),
    );
    await writer.close();

    const fd = openSync(join(dir, `buffered-${round}.jsonl`), 'w');
    buffered.push(
      await time(() => {
        const all = Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
        bytes = all.length;
        writeSync(fd, all);
      }),
    );
    closeSync(fd);

    // The same comparison with serialisation taken out: 50k write calls vs one.
    const lines = records.map((r) => Buffer.from(`${JSON.stringify(r)}\n`));
    const all = Buffer.concat(lines);
    const fdLines = openSync(join(dir, `lines-${round}.jsonl`), 'w');
    syscallsOnly.push(await time(() => lines.forEach((line) => writeSync(fdLines, line))));
    closeSync(fdLines);
    const fdAll = openSync(join(dir, `all-${round}.jsonl`), 'w');
    oneWriteOnly.push(await time(() => void writeSync(fdAll, all)));
    closeSync(fdAll);
  }

  // Why fsync is batched rather than per record: what one fsync costs on this disk.
  const syncFile = join(dir, 'fsync.jsonl');
  const syncWriter = await openTable(syncFile, { onDiagnostic: () => undefined });
  const syncCount = 200;
  const syncMs = await time(async () => {
    for (const r of records.slice(0, syncCount)) {
      await syncWriter.append(r);
      await syncWriter.sync();
    }
  });
  await syncWriter.close();
  const perSync = syncMs / syncCount;

  const ours = median(perRecord);
  const base = median(buffered);
  return {
    name: 'store: append 50k records, flush per record vs one buffered write',
    value: ours / base,
    unit: '×',
    target: 5,
    better: 'lower',
    detail:
      `${(bytes / 1e6).toFixed(1)} MB; ${ms(ours)} vs ${ms(base)} incl. JSON.stringify; write calls alone ${ms(median(syscallsOnly))} vs ${ms(median(oneWriteOnly))}; ` +
      `fsync per record would cost ${perSync.toFixed(2)} ms each = ${((perSync * RECORDS) / 1000).toFixed(0)} s for 50k, so fsync is batched (1 s)`,
  };
}

async function readBench(dir: string, records: ReturnType<typeof pathRecord>[]): Promise<BenchmarkResult> {
  const file = join(dir, 'read.jsonl');
  const writer = await openTable(file, { onDiagnostic: () => undefined });
  for (const r of records) await writer.append(r);
  await writer.close();

  const ours: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let a = 0;
    ours.push(
      await time(async () => {
        for await (const r of readTable(file, () => undefined)) a += r.id.length;
      }),
    );
    let b = 0;
    baseline.push(
      await time(async () => {
        for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
          b += (JSON.parse(line) as { id: string }).id.length;
        }
      }),
    );
    if (a !== b) throw new Error(`read bench: the two readers disagree (${a} vs ${b} id characters)`);
  }
  return {
    name: 'store: read 50k records vs readline + JSON.parse',
    value: median(ours) / median(baseline),
    unit: '×',
    target: 1.5,
    better: 'lower',
    detail: `${ms(median(ours))} vs ${ms(median(baseline))}, median of ${ROUNDS}`,
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'store',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'mb-bench-store-'));
      try {
        const records = Array.from({ length: RECORDS }, (_, n) => pathRecord(n));
        return [await appendBench(dir, records), await readBench(dir, records)];
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
