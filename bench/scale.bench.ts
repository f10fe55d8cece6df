/**
 * LEMA scale (issue 13): a run of N questions × 8 paths made by scripts/makeScaleRun.ts, GSM8K and
 * MATH mixed, a correction per mistake, ratings on 5%. Rows: time of `stats`, `stats --json`,
 * `run status`, `run list` and `export` ÷ a bare readline + JSON.parse of the same tables, and
 * their peak memory growth ÷ the tables' bytes (each in a child process); a follow-up read of
 * the run's tables after one appended correction ÷ the first full read (what the extension's run
 * index pays per new record); and loading the run's dataset ÷ a bare parse of it.
 *
 * Paths default to 50,000 to keep `npm run bench` short; MB_SCALE_PATHS=200000 gives LEMA's size.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { makeScaleRun, SCALE_DATASET } from '../scripts/makeScaleRun';
import { readDataset } from '../src/core/dataset';
import type { CorrectionRecord } from '../src/core/pipeline/records';
import { runDir, TABLE_NAMES, tableFile } from '../src/core/store/layout';
import { TableFollower } from '../src/core/store/tableFollower';
import { openTable } from '../src/core/store/tableWriter';
import type { Benchmark, BenchmarkResult } from './benchmark';
import { measureCommands, SCALE_COMMANDS, tableBytes } from './scaleMeasure';

const SAMPLES = 8;
const MB = 1024 * 1024;

export function scalePaths(): number {
  const asked = Number((process.env['MB_SCALE_PATHS'] ?? '50000').replace(/_/g, ''));
  if (!Number.isInteger(asked) || asked < SAMPLES) throw new Error(`MB_SCALE_PATHS must be a whole number ≥ ${SAMPLES}`);
  return asked;
}

/** The run's tables followed the way a run index would: the first refresh reads them whole, later ones what was appended. */
async function followAll(followers: readonly TableFollower[]): Promise<{ ms: number; bytes: number; records: number }> {
  const started = performance.now();
  let bytes = 0;
  let records = 0;
  for (const f of followers) {
    const r = await f.refresh({ record: () => undefined });
    bytes += r.bytesRead;
    records += r.records;
  }
  return { ms: performance.now() - started, bytes, records };
}

async function refreshRow(workspace: string, runId: string): Promise<BenchmarkResult> {
  const dir = runDir(workspace, runId);
  let full = Infinity;
  let fullBytes = 0;
  let followers: TableFollower[] = [];
  for (let round = 0; round < 3; round++) {
    followers = TABLE_NAMES.map((t) => new TableFollower(tableFile(dir, t)));
    const r = await followAll(followers);
    full = Math.min(full, r.ms);
    fullBytes = r.bytes;
  }
  // One new correction, appended by the table writer as the correct stage would.
  let template: CorrectionRecord | undefined;
  await new TableFollower<CorrectionRecord>(tableFile(dir, 'corrections')).refresh({ record: (c) => (template ??= c) });
  const writer = await openTable<CorrectionRecord>(tableFile(dir, 'corrections'), { onDiagnostic: () => undefined });
  await writer.append({ ...(template as CorrectionRecord), id: 'bench-appended-correction', correctionIndex: 1 });
  await writer.close();
  const after = await followAll(followers);
  if (after.records !== 1) throw new Error(`the refresh after one append read ${after.records} records`);
  return {
    name: 'scale: run index refresh after 1 appended correction ÷ full read',
    value: after.ms / full,
    unit: '×',
    target: 0.05,
    better: 'lower',
    detail: `${after.ms.toFixed(2)} ms and ${after.bytes} bytes vs ${full.toFixed(0)} ms and ${(fullBytes / MB).toFixed(1)} MiB for all tables`,
  };
}

async function datasetRow(workspace: string): Promise<BenchmarkResult> {
  const file = join(workspace, SCALE_DATASET);
  const ours = async (): Promise<number> => {
    let n = 0;
    for await (const r of readDataset(file)) if (r.kind === 'question') n++;
    return n;
  };
  const bare = async (): Promise<number> => {
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.length > 0 && (JSON.parse(line) as { problem?: unknown }).problem !== undefined) n++;
    return n;
  };
  await ours();
  await bare();
  let a = Infinity;
  let b = Infinity;
  let count = 0;
  for (let round = 0; round < 7; round++) {
    let t = performance.now();
    count = await ours();
    a = Math.min(a, performance.now() - t);
    t = performance.now();
    await bare();
    b = Math.min(b, performance.now() - t);
  }
  return {
    name: 'scale: dataset load (readDataset) ÷ readline + JSON.parse',
    value: a / b,
    unit: '×',
    target: 1.5,
    better: 'lower',
    detail: `${a.toFixed(0)} ms vs ${b.toFixed(0)} ms for ${count.toLocaleString('en-US')} questions, ${(statSync(file).size / MB).toFixed(1)} MiB (MATH format, ids by SHA-256)`,
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'scale: a LEMA-size run through every reader',
    async run(): Promise<BenchmarkResult[]> {
      const paths = scalePaths();
      const dir = mkdtempSync(join(tmpdir(), 'mistakebook-scale-'));
      try {
        const made = await makeScaleRun({ out: dir, questions: Math.ceil(paths / SAMPLES), samplesPerQuestion: SAMPLES });
        const bytes = tableBytes(dir);
        const size = `${made.paths.toLocaleString('en-US')} paths, ${made.corrections.toLocaleString('en-US')} corrections, ${made.ratings.toLocaleString('en-US')} ratings, ${(bytes / MB).toFixed(0)} MiB of tables`;
        const rows: BenchmarkResult[] = [];
        for (const f of measureCommands(dir, SCALE_COMMANDS, 3)) {
          rows.push({
            name: `scale: ${f.command} time ÷ bare parse`,
            value: f.timeRatio,
            unit: '×',
            target: 3,
            better: 'lower',
            detail: `${f.ms.toFixed(0)} ms vs ${f.bareMs.toFixed(0)} ms; ${size}`,
          });
          rows.push({
            name: `scale: ${f.command} peak memory ÷ table bytes`,
            value: f.memoryRatio,
            unit: '×',
            target: 2,
            better: 'lower',
            detail: `RSS +${(f.rssGrowth / MB).toFixed(0)} MiB (peak ${(f.peakRss / MB).toFixed(0)} MiB with Node and tsx) for ${(bytes / MB).toFixed(0)} MiB of tables`,
          });
        }
        rows.push(await refreshRow(dir, made.runId));
        rows.push(await datasetRow(dir));
        return rows;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
