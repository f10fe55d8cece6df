/**
 * Issue 8, crash: the sample and correct stages run in a child process against test/fake-openai
 * (started here, its URL passed down through run.json) and are killed with SIGKILL at 20 seeded
 * random moments (after a seeded number of requests), resumed each time, and twice the kill is made to tear the last line of a table.
 * The final store must equal that of an uninterrupted run: the same records, no duplicate, every
 * torn line reported by the process that found it, and no request sent again whose answer was
 * already stored in the response cache.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRun, runStages, type CorrectionRecord, type ErrorRecord, type PathRecord } from '../../src/core/pipeline';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { cachedBodies } from './cachedBodies';

const ROOT = join(__dirname, '../..');
const KILLS = 20;
const SEED = 8;
const QUESTIONS = 200;
const SAMPLES = 4;
/** Kills land after the killed process has sent this many requests (seeded, uniform), and 0–20 ms more. */
const MIN_REQUESTS_BEFORE_KILL = 3;
const MAX_REQUESTS_BEFORE_KILL = 45;
/** After these kills the last line of a table is cut in half, as a write cut off by a crash would leave it. */
const TEAR_AFTER = new Set([5, 12]);
const RUN_ID = 'crash-suite';

/** mulberry32: a small seeded generator, so a failing schedule can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

function records<R>(file: string): R[] {
  return lines(file).map((l) => JSON.parse(l) as R);
}

interface Child {
  process: ChildProcess;
  output: string[];
  working: Promise<boolean>;
  exited: Promise<number | null>;
}

function startChild(workspace: string, apiKey: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'crashChild.ts'), workspace, RUN_ID, apiKey], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  // 'close', not 'exit': by then every line the child wrote has been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const working = new Promise<boolean>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (line === 'working') resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  child.stderr!.on('data', (chunk: Buffer) => output.push(`stderr ${chunk.toString()}`));
  return { process: child, output, working, exited };
}

/** Tables whose last line has no newline: a torn write the next process must report. */
function tornTables(runDir: string): string[] {
  return readdirSync(runDir)
    .filter((name) => name.endsWith('.jsonl'))
    .map((name) => join(runDir, name))
    .filter((file) => {
      const size = statSync(file).size;
      if (size === 0) return false;
      const text = readFileSync(file);
      return text[size - 1] !== 0x0a;
    });
}

/** Cuts the last line of the table in half, dropping its newline. */
function tear(file: string): void {
  const text = readFileSync(file, 'utf8');
  const end = text.lastIndexOf('\n', text.length - 2) + 1;
  const last = text.slice(end);
  truncateSync(file, Buffer.byteLength(text.slice(0, end)) + Math.floor(Buffer.byteLength(last) / 2));
}

describe('hardening: crash (SIGKILL at 20 random moments, then resume)', function () {
  this.timeout(300_000);
  let fake: FakeOpenAI;
  let base: string;
  const workspaces = { crashed: '', reference: '' };

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'mistakebook-crash-'));
    const entries = Array.from({ length: QUESTIONS }, (_, i) => {
      const a = 2 + (i % 50);
      const b = 3 + Math.floor(i / 50);
      return { question: `Question ${i}: a crate holds ${a} melons and ${b} more are added. How many melons are in it?`, goldAnswer: String(a + b), a, b };
    });
    fake = await startFakeOpenAI({
      answerKey: entries.map(({ question, goldAnswer }) => ({ question, goldAnswer })),
      reasoner: { wrongRate: 0.6 },
      corrector: { unparseableRate: 0.2, wrongRate: 0.2 },
      // Slow enough that a kill lands in the middle of the work.
      latencyMs: 25,
    });
    const dataset = entries.map((e) => JSON.stringify({ question: e.question, answer: `${e.a} + ${e.b} = ${e.goldAnswer}\n#### ${e.goldAnswer}` })).join('\n') + '\n';
    for (const which of ['crashed', 'reference'] as const) {
      const workspace = join(base, which);
      mkdirSync(join(workspace, 'datasets'), { recursive: true });
      mkdirSync(join(workspace, 'prompts'));
      writeFileSync(join(workspace, 'datasets/train.jsonl'), dataset);
      copyFileSync(join(ROOT, 'test/fixtures/prompts/steps-lf.fewshot.txt'), join(workspace, 'prompts/p.fewshot.txt'));
      // A seed makes the fake models repeat themselves, so both runs must come out the same.
      const model = (name: string) => ({ baseUrl: fake.url, model: name, api: 'chat' as const, sampling: { temperature: 0.7, maxTokens: 256, seed: 7 }, maxConcurrency: 4 });
      await createRun({
        workspaceDir: workspace,
        datasetFile: 'datasets/train.jsonl',
        reasoner: model('reasoner'),
        corrector: model('corrector'),
        samplesPerQuestion: SAMPLES,
        promptFile: 'prompts/p.fewshot.txt',
        runId: RUN_ID,
      });
      workspaces[which] = workspace;
    }
  });
  after(async () => {
    await fake.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('ends with the same store as an uninterrupted run: same records, no duplicates, torn lines reported, nothing paid twice', async () => {
    const random = seeded(SEED);
    const runDir = join(workspaces.crashed, '.mistakebook/runs', RUN_ID);
    const cacheDir = join(workspaces.crashed, '.mistakebook/cache');
    let kills = 0;
    let torn = 0;
    let repeated = 0;
    let requestsOfCrashedRun = 0;
    /** Tables found torn after the last kill, which the next process must report. */
    let mustReport: string[] = [];
    const killedAt: number[] = [];
    /** Kills of a process that had stored paths, and corrections (one process can do both). */
    const killedIn = { sample: 0, correct: 0 };
    /** Bodies sent by a killed process and not answered into the cache before it died: resending those is right. */
    let resentInFlight = 0;
    const everSent = new Set<string>();
    let finished: Child | undefined;

    while (finished === undefined) {
      const stored = cachedBodies(cacheDir);
      const pathsBefore = lines(join(runDir, 'paths.jsonl')).length;
      const correctionsBefore = lines(join(runDir, 'corrections.jsonl')).length;
      const from = fake.requests.length;
      const child = startChild(workspaces.crashed, fake.apiKey);
      const lastRound = kills === KILLS;
      if (lastRound || !(await child.working)) {
        const code = await child.exited;
        assert.equal(code, 0, child.output.join('\n'));
        finished = child;
      } else {
        // A random moment measured in work, not wall time, so a loaded machine moves it no later in the run:
        // after the server has seen N more requests, then up to 20 ms more.
        const requests = MIN_REQUESTS_BEFORE_KILL + Math.floor(random() * (MAX_REQUESTS_BEFORE_KILL - MIN_REQUESTS_BEFORE_KILL + 1));
        const delay = Math.floor(random() * 20);
        let alive = true;
        void child.exited.then(() => (alive = false));
        while (alive && fake.requests.length < from + requests) await new Promise((resolve) => setTimeout(resolve, 2));
        await new Promise((resolve) => setTimeout(resolve, delay));
        child.process.kill('SIGKILL');
        await child.exited;
        kills++;
        killedAt.push(requests);
        if (lines(join(runDir, 'paths.jsonl')).length > pathsBefore) killedIn.sample++;
        if (lines(join(runDir, 'corrections.jsonl')).length > correctionsBefore) killedIn.correct++;
      }
      // What this process sent, checked against the answers stored before it started.
      const sent = fake.requests.slice(from);
      requestsOfCrashedRun += sent.length;
      repeated += sent.filter((r) => stored.has(r.bodyHash)).length;
      resentInFlight += sent.filter((r) => everSent.has(r.bodyHash)).length;
      for (const r of sent) everSent.add(r.bodyHash);
      for (const file of mustReport) {
        const reported = child.output.some((l) => l.startsWith(`log ${file}:`) && /incomplete/.test(l));
        assert.ok(reported, `the torn end of ${file} went unreported by the next process:\n${child.output.join('\n')}`);
      }
      if (finished === undefined && TEAR_AFTER.has(kills)) {
        const table = ['corrections.jsonl', 'paths.jsonl'].map((n) => join(runDir, n)).find((f) => existsSync(f) && statSync(f).size > 0);
        if (table !== undefined && tornTables(runDir).length === 0) tear(table);
      }
      mustReport = tornTables(runDir);
      torn += mustReport.length;
    }
    assert.equal(kills, KILLS, `the run finished after only ${kills} kills; give it more work`);
    assert.ok(killedIn.sample > 0 && killedIn.correct > 0, `kills landed in one stage only: ${JSON.stringify(killedIn)}`);
    const result = finished.output.find((l) => l.startsWith('result '));
    assert.ok(result, finished.output.join('\n'));
    const stages = (JSON.parse(result.slice('result '.length)) as { stages: Record<string, { state: string }> }).stages;
    assert.equal(stages['sample']?.state, 'done');
    assert.equal(stages['correct']?.state, 'done');

    // The uninterrupted run, in-process, against the same server.
    const reference = await runStages(workspaces.reference, RUN_ID, ['sample', 'correct'], {
      apiKeys: { reasoner: fake.apiKey, corrector: fake.apiKey },
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4 },
    });
    assert.equal(reference.stages.sample?.state, 'done');
    assert.equal(reference.stages.correct?.state, 'done');
    const referenceDir = join(workspaces.reference, '.mistakebook/runs', RUN_ID);

    const pathView = (p: PathRecord) => [p.questionId, p.sampleIndex, p.completion, p.answer, p.correct];
    const correctionView = (c: CorrectionRecord) => [c.pathId, c.raw, c.outcome, c.incorrectStep, c.expandedSteps, c.answer, c.verified];
    const compare = <R extends { id: string }>(table: string, view: (r: R) => unknown[]): number => {
      const crashed = records<R>(join(runDir, table));
      const expected = records<R>(join(referenceDir, table));
      assert.equal(new Set(crashed.map((r) => r.id)).size, crashed.length, `${table}: duplicate ids`);
      const byId = new Map(crashed.map((r) => [r.id, view(r)]));
      assert.deepEqual([...byId.keys()].sort(), expected.map((r) => r.id).sort(), `${table}: different records`);
      for (const r of expected) assert.deepEqual(byId.get(r.id), view(r), `${table}: record ${r.id} differs`);
      return crashed.length;
    };
    const pathCount = compare<PathRecord>('paths.jsonl', pathView);
    const correctionCount = compare<CorrectionRecord>('corrections.jsonl', correctionView);
    assert.ok(pathCount === QUESTIONS * SAMPLES && correctionCount > 0);
    assert.deepEqual(records<ErrorRecord>(join(runDir, 'errors.jsonl')), []);
    assert.deepEqual(tornTables(runDir), [], 'a table still ends in a torn line');
    assert.ok(torn >= TEAR_AFTER.size, 'no torn line was ever produced, so none was checked');
    assert.equal(repeated, 0, `${repeated} requests were sent again although their answers were stored`);
    console.log(
      `      ${kills} kills (seed ${SEED}, after ${Math.min(...killedAt)}–${Math.max(...killedAt)} requests; ${killedIn.sample} while sampling, ${killedIn.correct} while correcting), ` +
        `${torn} torn tails reported; ${requestsOfCrashedRun} requests by the 21 processes, ${resentInFlight} resent after dying in flight, ${repeated} resent after being stored; ` +
        `${pathCount} paths and ${correctionCount} corrections identical to the uninterrupted run, 0 duplicates`,
    );
  });
});
