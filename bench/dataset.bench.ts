/**
 * Dataset loading: readDataset (streaming, diagnostics, format detection, gold extraction, ids)
 * against the least a script could do (readline + JSON.parse), on a generated 100k-question
 * GSM8K file; and how much memory loading it takes compared with the file's size.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readDataset, readRecords } from '../src/core/dataset';
import { contentId } from '../src/core/dataset/questionIds';
import { taskById } from '../src/core/task';
import type { Benchmark, BenchmarkResult } from './benchmark';

const QUESTIONS = 100_000;

/** A small deterministic generator, so every run reads the same file. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Mara', 'Tomas', 'Ines', 'Kofi', 'Lena', 'Ravi', 'Yuki', 'Omar', 'Sofia', 'Piet'];
const THINGS = ['apples', 'stickers', 'pencils', 'marbles', 'books', 'cookies', 'stamps', 'shells'];

/** GSM8K-shaped lines (question, worked answer with <<calc>> notes, "#### n"), about 450 bytes each. */
function gsm8kLine(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const name = pick(NAMES);
  const thing = pick(THINGS);
  const boxes = 2 + Math.floor(rand() * 20);
  const each = 3 + Math.floor(rand() * 40);
  const given = 1 + Math.floor(rand() * boxes * each * 0.5);
  const price = 1 + Math.floor(rand() * 9);
  const total = boxes * each;
  const left = total - given;
  const question =
    `${name} has ${boxes} boxes with ${each} ${thing} in each box. ${name} gives ${given} ${thing} to friends ` +
    `and sells the rest at $${price} each. How many dollars does ${name} make from selling the ${thing}?`;
  const answer =
    `${name} starts with ${boxes} * ${each} = <<${boxes}*${each}=${total}>>${total} ${thing}.\n` +
    `After giving some away, ${total} - ${given} = <<${total}-${given}=${left}>>${left} ${thing} are left.\n` +
    `Selling them brings ${left} * ${price} = <<${left}*${price}=${left * price}>>${left * price} dollars.\n#### ${left * price}`;
  return JSON.stringify({ question, answer });
}

function writeDataset(dir: string): string {
  const rand = random(2310_20689);
  const file = join(dir, 'gsm8k-100k.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < QUESTIONS; i++) lines.push(gsm8kLine(rand));
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function loadWithReadDataset(file: string): Promise<number> {
  let n = 0;
  for await (const r of readDataset(file)) if (r.kind === 'question') n++;
  return n;
}

/** The baseline: what a one-off script does, with none of the checks. */
async function loadWithReadline(file: string): Promise<number> {
  let n = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length === 0) continue;
    const record = JSON.parse(line) as { question?: unknown };
    if (record.question !== undefined) n++;
  }
  return n;
}

/**
 * What the two necessary per-question costs of readDataset take on their own, measured on the
 * same records: the task's gold extraction and the SHA-256 content id.
 */
async function necessaryWork(file: string): Promise<{ goldMs: number; idMs: number }> {
  const answers: string[] = [];
  const questions: string[] = [];
  for await (const batch of readRecords(file)) {
    for (const entry of batch.entries) {
      if (entry.kind !== 'record') continue;
      answers.push(String(entry.record.fields['answer']));
      questions.push(String(entry.record.fields['question']));
    }
  }
  const task = taskById('gsm8k');
  let goldMs = Infinity;
  let idMs = Infinity;
  for (let round = 0; round < 3; round++) {
    let start = performance.now();
    const golds = answers.map((a) => task.extractGold(a) ?? '');
    goldMs = Math.min(goldMs, performance.now() - start);
    start = performance.now();
    questions.forEach((question, i) => contentId({ question, goldAnswer: golds[i] ?? '' }));
    idMs = Math.min(idMs, performance.now() - start);
  }
  return { goldMs, idMs };
}

async function time(f: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const start = performance.now();
  const count = await f();
  return { ms: performance.now() - start, count };
}

/**
 * Peak memory of loading the file in a fresh process: peak RSS (getrusage) minus RSS before the
 * read, so module loading is not counted; peak heap sampled while the read runs.
 */
function measureMemory(file: string): { rssGrowth: number; heapGrowth: number; count: number } {
  const script = `
    const { readDataset } = require(${JSON.stringify(join(__dirname, '../src/core/dataset'))});
    (async () => {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const heapBefore = process.memoryUsage().heapUsed;
      let heapPeak = heapBefore;
      const sampler = setInterval(() => { heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed); }, 5);
      let count = 0;
      for await (const r of readDataset(${JSON.stringify(file)})) if (r.kind === 'question') count++;
      clearInterval(sampler);
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      const rssPeak = process.resourceUsage().maxRSS * 1024;
      console.log(JSON.stringify({ rssGrowth: rssPeak - rssBefore, heapGrowth: heapPeak - heapBefore, count }));
    })();
  `;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as { rssGrowth: number; heapGrowth: number; count: number };
}

const MB = 1024 * 1024;

export const benchmarks: Benchmark[] = [
  {
    name: 'dataset: load 100k GSM8K questions',
    async run(): Promise<BenchmarkResult[]> {
      const dir = mkdtempSync(join(tmpdir(), 'mistakebook-bench-'));
      try {
        const file = writeDataset(dir);
        const size = statSync(file).size;
        // Warm both paths up, then alternate and keep each one's best: the machine is shared and noisy.
        await loadWithReadDataset(file);
        await loadWithReadline(file);
        let ours = Infinity;
        let base = Infinity;
        for (let round = 0; round < 7; round++) {
          const a = await time(() => loadWithReadDataset(file));
          const b = await time(() => loadWithReadline(file));
          if (a.count !== QUESTIONS || b.count !== QUESTIONS) throw new Error(`loaded ${a.count} and ${b.count} of ${QUESTIONS} questions`);
          ours = Math.min(ours, a.ms);
          base = Math.min(base, b.ms);
        }
        const { goldMs, idMs } = await necessaryWork(file);
        const memory = measureMemory(file);
        if (memory.count !== QUESTIONS) throw new Error(`the memory run loaded ${memory.count} of ${QUESTIONS} questions`);
        return [
          {
            name: 'dataset: readDataset vs readline + JSON.parse',
            value: ours / base,
            unit: '×',
            target: 1.5,
            better: 'lower',
            detail:
              `${ours.toFixed(0)} ms vs ${base.toFixed(0)} ms for ${QUESTIONS.toLocaleString('en-US')} questions, ${(size / MB).toFixed(1)} MiB; ` +
              `of ours, gold extraction alone ${goldMs.toFixed(0)} ms, SHA-256 ids alone ${idMs.toFixed(0)} ms`,
          },
          {
            name: 'dataset: peak memory growth / file size',
            value: memory.rssGrowth / size,
            unit: '×',
            target: 2,
            better: 'lower',
            detail: `RSS +${(memory.rssGrowth / MB).toFixed(1)} MiB, heap +${(memory.heapGrowth / MB).toFixed(1)} MiB for a ${(size / MB).toFixed(1)} MiB file`,
          },
        ];
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
