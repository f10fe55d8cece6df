/**
 * Hardening II (issue 14), tried from the CLI as a hostile user and a capacity-limited endpoint
 * would: every file reader guarded (1), adaptive concurrency under 429 (2), no silent gold guesses
 * (3), a quiet prompt checker (4), the cost guard (5), no stray Authorization header (6),
 * bookkeeping of resolved errors and damaged lines (7), the corrector's seed (8).
 *
 * Readers of special files run as child processes with a bounded timeout, so a reader that hangs
 * fails the test instead of hanging it; every FIFO made here is removed in `after`.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CorrectionRecord, ErrorRecord, PathRecord } from '../../src/core/pipeline';
import { run } from '../unit/cli/capture';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'src/cli/main.ts');
/** No reader may take longer than this on a file it must refuse. */
const REFUSE_WITHIN_MS = 15_000;

interface Child {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** `mistakebook …` as a child process, killed after `timeoutMs`; `heapMb` caps its heap to prove bounded memory. */
function cli(argv: string[], options: { timeoutMs?: number; heapMb?: number; cwd?: string } = {}): Child {
  const started = performance.now();
  const node = [...(options.heapMb === undefined ? [] : [`--max-old-space-size=${options.heapMb}`]), '--import', 'tsx', CLI];
  const r = spawnSync(process.execPath, [...node, ...argv], { cwd: options.cwd ?? ROOT, encoding: 'utf8', timeout: options.timeoutMs ?? REFUSE_WITHIN_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Math.round(performance.now() - started), timedOut: r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' };
}

/** A clean refusal: exit 1 in time, a message with the words wanted, no stack trace. */
function assertRefused(r: Child, words: RegExp, what: string): void {
  assert.equal(r.timedOut, false, `${what}: still running after ${REFUSE_WITHIN_MS} ms`);
  assert.equal(r.status, 1, `${what}: exit ${r.status}\n${r.stderr}`);
  assert.match(r.stderr, words, what);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, `${what}: a stack trace`);
  assert.ok(r.stderr.length < 4096, `${what}: ${r.stderr.length} bytes of stderr`);
}

function rows<R>(file: string): R[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as R);
}

function gsm8k(i: number): { question: string; goldAnswer: string; line: string } {
  const a = 3 + (i % 89);
  const b = 4 + Math.floor(i / 89);
  const question = `Question ${i}: Ana has ${a} pens and buys ${b} more. How many pens does she have?`;
  return { question, goldAnswer: String(a + b), line: JSON.stringify({ question, answer: `${a} + ${b} = ${a + b}\n#### ${a + b}` }) };
}

describe('hardening II (issue 14): guarded readers, 429s, no guesses, cost guard, bookkeeping, seeds', function () {
  this.timeout(180_000);
  let dir: string;
  let fifo: string;
  const timings: string[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mb-guards-'));
    fifo = join(dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    if (timings.length > 0) console.log(`      ${timings.join('; ')}`);
  });

  /** A workspace with a run made by the CLI against `fake`, `n` GSM8K questions. */
  async function workspace(name: string, fake: FakeOpenAI, n: number, extra: string[] = []): Promise<{ ws: string; runId: string }> {
    const ws = join(dir, name);
    mkdirSync(join(ws, 'data'), { recursive: true });
    writeFileSync(join(ws, 'data/train.jsonl'), Array.from({ length: n }, (_, i) => gsm8k(i).line).join('\n') + '\n');
    writeFileSync(join(ws, 'p.fewshot.txt'), readFileSync(join(ROOT, 'samples/prompts/gsm8k.fewshot.txt')));
    const created = await run('run', 'create', '--workspace', ws, '--dataset', 'data/train.jsonl', '--base-url', fake.url, '--model', 'reasoner', '--corrector-model', 'corrector', '--samples', '1', '--temperature', '0.7', '--max-tokens', '256', '--prompt', 'p.fewshot.txt', ...extra);
    assert.equal(created.code, 0, created.stderr);
    return { ws, runId: created.stdout.trim() };
  }

  describe('1. every file reader refuses a FIFO, a device and a folder, caps lines and sizes, checks UTF-8, calls an empty file empty', () => {
    let fake: FakeOpenAI;
    let ws: string;
    let runId: string;
    before(async () => {
      fake = await startFakeOpenAI({ requireKey: false, answerKey: Array.from({ length: 5 }, (_, i) => gsm8k(i)) });
      ({ ws, runId } = await workspace('readers', fake, 5));
      await fake.close(); // nothing below may reach a model
    });
    const imp = (file: string, heapMb?: number): Child => cli(['import', '--workspace', ws, '--run', runId, '--file', file], heapMb === undefined ? {} : { heapMb });

    it('import: /dev/zero, a FIFO and a folder are refused at once, naming the path, and leave no lock', () => {
      const zero = imp('/dev/zero');
      assertRefused(zero, /cannot read '\/dev\/zero': it is a device/, 'import /dev/zero');
      assertRefused(imp(fifo), /it is a named pipe \(FIFO\)/, 'import FIFO');
      assertRefused(imp(join(ws, 'data')), /it is a folder/, 'import folder');
      const runDir = join(ws, '.mistakebook/runs', runId);
      assert.deepEqual(readdirSync(runDir).filter((f) => f.endsWith('.lock')), [], 'a stale lock was left');
      timings.push(`import /dev/zero refused in ${zero.ms} ms`);
    });

    it('import: a 12 MB line and a 700 MB file without a newline are skipped with their line, in bounded memory', () => {
      const long = join(dir, 'long-line.jsonl');
      writeFileSync(long, `${JSON.stringify({ samples: ['x'.repeat(12 * 1024 * 1024)] })}\n${JSON.stringify({ samples: ['The answer is 7.'] })}\n`);
      const r = imp(long, 96);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /long-line\.jsonl:1: error: line is 12\.0 MiB, over the 4\.0 MiB limit for one record; skipped/);
      assert.match(r.stderr, /import: 1 paths of reasoner imported/);
      const huge = join(dir, 'huge.jsonl');
      writeFileSync(huge, '');
      truncateSync(huge, 700 * 1024 * 1024); // sparse: 700 MB of zero bytes, no newline
      const h = imp(huge, 96);
      assert.equal(h.timedOut, false);
      assert.equal(h.status, 1, h.stderr);
      assert.match(h.stderr, /huge\.jsonl:1: error: line is 700\.0 MiB, over the 4\.0 MiB limit/);
      assert.doesNotMatch(h.stderr, /RangeError|Invalid string length/);
      rmSync(huge);
      timings.push(`import of a 700 MB line: a diagnostic in ${h.ms} ms within a 96 MB heap`);
    });

    it('import: Latin-1 is an error at line:column, not U+FFFD and "no question has this text"; an empty file is called empty', () => {
      const latin = join(dir, 'latin1.jsonl');
      writeFileSync(latin, Buffer.concat([Buffer.from('{"question": "Caf'), Buffer.from([0xe9]), Buffer.from('", "completion": "The answer is 7."}\n')]));
      const r = imp(latin);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /latin1\.jsonl:1:18: error: not valid UTF-8 text \(byte 0xE9\)/);
      assert.doesNotMatch(r.stderr, /no question of the run has this text/);
      const empty = join(dir, 'empty.jsonl');
      writeFileSync(empty, '');
      const e = imp(empty);
      assert.equal(e.status, 1, 'an empty file must not exit 0');
      assert.match(e.stderr, /empty\.jsonl:1: error: the file is empty/);
    });

    it('run create --dataset: a FIFO, /dev/zero and a folder are refused at once', () => {
      const create = (dataset: string): Child => cli(['run', 'create', '--workspace', ws, '--dataset', dataset, '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm']);
      const zero = create('/dev/zero');
      assertRefused(zero, /cannot read '\/dev\/zero': it is a device/, 'create /dev/zero');
      assertRefused(create(fifo), /named pipe \(FIFO\)/, 'create FIFO');
      assertRefused(create(join(ws, 'data')), /it is a folder/, 'create folder');
      timings.push(`run create --dataset /dev/zero refused in ${zero.ms} ms`);
    });

    it('prompt check and run create --prompt: a 50 MB file is refused by size; garbage gets capped, summarised diagnostics', () => {
      const big = join(dir, 'big.fewshot.txt');
      writeFileSync(big, '');
      truncateSync(big, 50 * 1024 * 1024);
      const check = cli(['prompt', 'check', big, '--json'], { heapMb: 96 });
      assertRefused(check, /is 50\.0 MiB, over the 8\.0 MiB limit for a few-shot prompt/, 'prompt check 50 MB');
      assert.equal(check.stdout, '', '--json echoed the file');
      const create = cli(['run', 'create', '--workspace', ws, '--dataset', 'data/train.jsonl', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', '--prompt', big]);
      assertRefused(create, /over the 8\.0 MiB limit/, 'run create --prompt 50 MB');
      rmSync(big);

      const garbage = join(dir, 'garbage.fewshot.txt');
      writeFileSync(garbage, 'Fix it.\n\n' + 'Question: what?\n'.repeat(40_000));
      const g = cli(['prompt', 'check', garbage]);
      assert.equal(g.status, 1);
      const lines = g.stdout.split('\n').filter((l) => l.includes('garbage.fewshot.txt:'));
      assert.ok(lines.length <= 102, `${lines.length} diagnostic lines printed`);
      assert.match(g.stdout, /4000\d errors/);
      assert.match(g.stdout, /… and \d+ more problems from here on/);
      const c = cli(['run', 'create', '--workspace', ws, '--dataset', 'data/train.jsonl', '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', '--prompt', garbage]);
      assert.equal(c.status, 1);
      assert.ok(c.stderr.split('\n').length <= 25, `run create printed ${c.stderr.split('\n').length} lines`);
      assert.match(c.stderr, /the few-shot prompt has 4000\d errors; fix them first/);
      assert.match(c.stderr, /… and 399\d\d more/);
      timings.push(`prompt check of 50 MB refused in ${check.ms} ms; 40,000 errors printed as ${lines.length} lines`);
    });
  });

  it('2. a 400-request stage against an endpoint serving 3 at a time (429 + Retry-After beyond) finishes in one run, nothing lost or sent twice', async () => {
    const entries = Array.from({ length: 400 }, (_, i) => gsm8k(i));
    const fake = await startFakeOpenAI({ requireKey: false, answerKey: entries, latencyMs: 20, capacity: 3, refuseOverCapacityMs: 50 });
    try {
      const { ws, runId } = await workspace('capacity', fake, 400);
      const started = performance.now();
      const r = await run('run', 'sample', '--workspace', ws, '--run', runId, '--concurrency', '8', '--api-key-env', 'none');
      const ms = performance.now() - started;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /sample: done, 400 of 400 paths/);
      const runDir = join(ws, '.mistakebook/runs', runId);
      const paths = rows<PathRecord>(join(runDir, 'paths.jsonl'));
      assert.equal(paths.length, 400);
      assert.equal(new Set(paths.map((p) => p.questionId)).size, 400, 'a question lost or stored twice');
      assert.deepEqual(rows(join(runDir, 'errors.jsonl')), [], 'a request failed for good');
      const answered = fake.requests.filter((q) => q.status === 200);
      assert.equal(answered.length, 400, `${answered.length} answers for 400 requests: one was sent twice`);
      assert.equal(new Set(answered.map((q) => q.bodyHash)).size, 400);
      assert.ok(fake.refusedOverCapacity > 0, 'the endpoint never refused: the test proved nothing');
      const shown = [...r.stderr.matchAll(/concurrency (\d+)\/8/g)].map((m) => Number(m[1]));
      assert.ok(shown.length > 0, 'the progress line shows no concurrency');
      assert.ok(Math.min(...shown) <= 4, `the concurrency never came down: ${shown.join(',')}`);
      timings.push(`400 requests at capacity 3: ${Math.round(ms)} ms (ideal ${(400 / 3) * 20} ms), ${fake.refusedOverCapacity} refused, concurrency shown ${shown.join(',')}`);
    } finally {
      await fake.close();
    }
  });

  it('3. golds only from documented places: MATH without \\boxed{} and a numeric question are diagnostics with their line', async () => {
    const file = join(dir, 'mixed-math.jsonl');
    writeFileSync(file, [{ problem: 'What is 2+4?', solution: 'We add: $2+4=\\boxed{6}$.' }, { problem: 'What is 3+3?', solution: 'Adding gives 6, so the answer is 6.' }, { problem: 42, solution: '$\\boxed{1}$' }].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = await run('dataset', 'inspect', file);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /questions {2}1\n/);
    assert.match(r.stdout, /mixed-math\.jsonl:2: error: no \\boxed\{\} final answer in field 'solution'; skipped/);
    assert.match(r.stdout, /mixed-math\.jsonl:3: error: field 'problem' is a number, expected text; skipped/);
  });

  it("4. the prompt checker: LEMA's '...' before Step 1 is no warning; an empty prompt is called empty", async () => {
    const file = join(dir, 'lema.fewshot.txt');
    writeFileSync(file, readFileSync(join(ROOT, 'samples/prompts/gsm8k.fewshot.txt'), 'utf8').replace('Correct Solution:\n{\nStep 1: On weekdays', 'Correct Solution:\n{\n...\nStep 1: On weekdays'));
    const r = await run('prompt', 'check', file);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /0 errors, 0 warnings/);
    const empty = join(dir, 'empty.fewshot.txt');
    writeFileSync(empty, '\n\n');
    const e = await run('prompt', 'check', empty);
    assert.equal(e.code, 1);
    assert.match(e.stdout, /empty\.fewshot\.txt:1:1: error: the prompt file is empty \(only blank lines\)/);
  });

  it('5. the cost guard: a 5,000-example prompt is estimated before anything is sent, and needs --yes without a terminal', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => gsm8k(i));
    const fake = await startFakeOpenAI({ requireKey: false, answerKey: entries, reasoner: { wrongRate: 1 } });
    try {
      const example = readFileSync(join(ROOT, 'samples/prompts/gsm8k.fewshot.txt'), 'utf8').split('\n\nQuestion:')[2] ?? '';
      const huge = ['Fix the first wrong step.', ...Array.from({ length: 5000 }, (_, i) => `Question: (${i})${example.replace(/\n+$/, '')}`)].join('\n\n') + '\n';
      const ws = join(dir, 'cost');
      mkdirSync(ws);
      writeFileSync(join(ws, 'huge.fewshot.txt'), huge);
      writeFileSync(join(ws, 'train.jsonl'), entries.map((e) => e.line).join('\n') + '\n');
      writeFileSync(join(ws, 'prices.json'), JSON.stringify({ corrector: { inputPerMillion: 2.5, outputPerMillion: 10 } }));
      const created = await run('run', 'create', '--workspace', ws, '--dataset', 'train.jsonl', '--base-url', fake.url, '--model', 'reasoner', '--corrector-model', 'corrector', '--samples', '1', '--max-tokens', '256', '--prompt', 'huge.fewshot.txt');
      assert.equal(created.code, 0, created.stderr);
      const runId = created.stdout.trim();
      assert.equal((await run('run', 'sample', '--workspace', ws, '--run', runId, '--api-key-env', 'none')).code, 0);
      const before = fake.requests.length;
      const stopped = await run('run', 'correct', '--workspace', ws, '--run', runId, '--api-key-env', 'none', '--prices', join(ws, 'prices.json'));
      assert.equal(stopped.code, 1, stopped.stderr);
      assert.match(stopped.stderr, /correct: 6 requests to corrector, ≈ [\d.]+M prompt \+ 1536 completion tokens \(at most, from max_tokens\), ≈ \$\d+\.\d\d at corrector's price; cached answers cost nothing; the largest request alone carries \d+k prompt tokens/);
      assert.match(stopped.stderr, /the estimate \(\$\d+\.\d\d\) is above \$5\.00; nothing sent\. Run again with --yes/);
      assert.equal(fake.requests.length, before, 'a request was sent before the estimate was confirmed');
      const sent = await run('run', 'correct', '--workspace', ws, '--run', runId, '--api-key-env', 'none', '--prices', join(ws, 'prices.json'), '--yes');
      assert.equal(sent.code, 0, sent.stderr);
      assert.equal(fake.requests.length - before, 6);
      const cheap = await run('run', 'correct', '--workspace', ws, '--run', runId, '--api-key-env', 'none', '--confirm-above', '1000');
      assert.equal(cheap.code, 0, 'nothing left to send: no estimate, no question');
    } finally {
      await fake.close();
    }
  });

  it('6. with no key the client sends no Authorization header at all', async () => {
    const fake = await startFakeOpenAI({ requireKey: false, answerKey: Array.from({ length: 3 }, (_, i) => gsm8k(i)) });
    try {
      const { ws, runId } = await workspace('nokey', fake, 3);
      const r = await run('run', 'sample', '--workspace', ws, '--run', runId, '--api-key-env', 'none');
      assert.equal(r.code, 0, r.stderr);
      assert.ok(fake.requests.length >= 3);
      assert.deepEqual(fake.requests.filter((q) => q.hadAuthorization).map((q) => q.seq), [], 'requests with an Authorization header');
    } finally {
      await fake.close();
    }
  });

  it('7. errors resolved by a rerun are marked so and no longer counted; a damaged middle line is moved aside once', async () => {
    const fake = await startFakeOpenAI({ requireKey: false, answerKey: Array.from({ length: 8 }, (_, i) => gsm8k(i)) });
    try {
      const { ws, runId } = await workspace('ledger', fake, 8);
      const runDir = join(ws, '.mistakebook/runs', runId);
      const rule = fake.injectFault({ kind: 'bad_request' });
      const failed = await run('run', 'sample', '--workspace', ws, '--run', runId, '--api-key-env', 'none');
      assert.equal(failed.code, 1);
      rule.active = false;
      assert.match((await run('run', 'status', runId, '--workspace', ws)).stdout, /failed items 8\n/);
      assert.equal((await run('run', 'sample', '--workspace', ws, '--run', runId, '--api-key-env', 'none')).code, 0);
      const status = await run('run', 'status', runId, '--workspace', ws);
      assert.match(status.stdout, /run .*: done/);
      assert.match(status.stdout, /failed items 0 \(8 earlier failures resolved by reruns\)/);
      const ledger = rows<ErrorRecord>(join(runDir, 'errors.jsonl'));
      assert.equal(ledger.filter((e) => e.resolves !== undefined).length, 8);

      // A damaged line in the middle of paths.jsonl: reported, then moved aside by the next stage run, and not counted.
      const pathsFile = join(runDir, 'paths.jsonl');
      const lines = readFileSync(pathsFile, 'utf8').split('\n');
      const damaged = `${(lines[3] ?? '').slice(0, 40)}#garbled`;
      lines[3] = damaged;
      writeFileSync(pathsFile, lines.join('\n'));
      const seen = await run('run', 'status', runId, '--workspace', ws);
      assert.match(seen.stderr, /paths\.jsonl:4(:\d+)?: error: not valid JSON .*moves it to .*paths\.jsonl\.damaged/);
      const repaired = await run('run', 'sample', '--workspace', ws, '--run', runId, '--api-key-env', 'none');
      assert.equal(repaired.code, 0, repaired.stderr);
      assert.match(repaired.stderr, /paths\.jsonl:4: warning: moved this damaged line/);
      assert.equal(readFileSync(`${pathsFile}.damaged`, 'utf8'), `${damaged}\n`);
      const after = await run('run', 'status', runId, '--workspace', ws);
      assert.doesNotMatch(after.stderr, /paths\.jsonl/, 'the damaged line is still reported');
      assert.match(after.stdout, /paths 8,/);
      assert.equal(rows<PathRecord>(pathsFile).length, 8, 'the redone record and the seven others');
    } finally {
      await fake.close();
    }
  });

  it('8. the corrector gets a seed kept in run.json: corrections asked again come out the same', async () => {
    const fake = await startFakeOpenAI({ requireKey: false, answerKey: Array.from({ length: 40 }, (_, i) => gsm8k(i)), reasoner: { wrongRate: 1 }, corrector: { wrongRate: 0.3, unparseableRate: 0.3 } });
    try {
      const { ws, runId } = await workspace('seeds', fake, 40, ['--corrector-temperature', '0.7']);
      const runDir = join(ws, '.mistakebook/runs', runId);
      const info = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { models: { corrector: { sampling: { seed?: number } } } };
      assert.equal(typeof info.models.corrector.sampling.seed, 'number', 'run.json keeps no corrector seed');
      assert.equal((await run('run', 'sample', '--workspace', ws, '--run', runId, '--api-key-env', 'none')).code, 0);
      /** Corrects every mistake, then forgets the corrections and the cache (as a crash forgets what was in flight) and corrects again. */
      const differing = async (): Promise<number> => {
        const texts = async (): Promise<Map<string, string>> => {
          rmSync(join(runDir, 'corrections.jsonl'), { force: true });
          rmSync(join(ws, '.mistakebook/cache'), { recursive: true, force: true });
          const r = await run('run', 'correct', '--workspace', ws, '--run', runId, '--api-key-env', 'none');
          assert.equal(r.code, 0, r.stderr);
          return new Map(rows<CorrectionRecord>(join(runDir, 'corrections.jsonl')).map((c) => [c.pathId, c.raw]));
        };
        const first = await texts();
        const second = await texts();
        assert.equal(first.size, 40);
        return [...first].filter(([path, raw]) => second.get(path) !== raw).length;
      };
      const withSeed = await differing();
      assert.equal(withSeed, 0, `${withSeed} of 40 corrections differ although the corrector had a seed`);
      // Before: the same run without the seed (as runs were made until now).
      delete info.models.corrector.sampling.seed;
      writeFileSync(join(runDir, 'run.json'), JSON.stringify(info, null, 2));
      const withoutSeed = await differing();
      assert.ok(withoutSeed > 0, 'without a seed the corrections repeat anyway: the test proves nothing');
      timings.push(`corrections asked again: ${withSeed}/40 differ with the recorded seed, ${withoutSeed}/40 without`);
    } finally {
      await fake.close();
    }
  });
});
