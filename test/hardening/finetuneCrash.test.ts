/**
 * Issue 19: a process waiting for a fine-tuning job is killed with SIGKILL (twice: right after the
 * job is recorded, and later while it is running), and the same command resumes. The engine must
 * see one upload and one job, and the resumed process must end with the job's model and the states
 * the first one saw.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { listJobs } from '../../src/core/finetune/records';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

const ROOT = join(__dirname, '../..');

interface Child {
  lines: string[];
  /** Resolves with the first line matching, or undefined if the child ends first. */
  line(pattern: RegExp): Promise<string | undefined>;
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

function startChild(workspace: string, fake: FakeOpenAI, training: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'finetuneChild.ts'), workspace, fake.url, fake.apiKey, training], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (l: string | undefined) => void }> = [];
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  createInterface({ input: child.stdout }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters.filter((x) => x.pattern.test(l))) w.resolve(l);
  });
  child.stderr.on('data', (chunk: Buffer) => lines.push(`stderr ${chunk.toString()}`));
  void exited.then(() => waiters.forEach((w) => w.resolve(undefined)));
  return {
    lines,
    exited,
    line: (pattern) => {
      const seen = lines.find((l) => pattern.test(l));
      return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('fine-tuning: SIGKILL while waiting, then resume (issue 19)', function () {
  this.timeout(60_000);
  let fake: FakeOpenAI;
  let dir: string;

  before(async () => {
    fake = await startFakeOpenAI({ fineTuning: { stepMs: 700 } });
    dir = mkdtempSync(join(tmpdir(), 'mistakebook-finetune-crash-'));
  });
  after(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts no second job and no second upload, and the resume ends with the model', async () => {
    const training = join(dir, 'train.jsonl');
    const row = (i: number): string => JSON.stringify({ messages: [{ role: 'user', content: `What is ${i} + ${i}?` }, { role: 'assistant', content: `The answer is ${2 * i}.` }] });
    writeFileSync(training, `${Array.from({ length: 12 }, (_, i) => row(i)).join('\n')}\n`);

    const first = startChild(dir, fake, training);
    const waiting = await first.line(/^waiting /);
    assert.ok(waiting, `the first child never waited: ${first.lines.join('\n')}`);
    await first.kill();

    const second = startChild(dir, fake, training);
    assert.ok(await second.line(/^state running/), `the second child never saw the job running: ${second.lines.join('\n')}`);
    await second.kill();

    const third = startChild(dir, fake, training);
    const done = await third.line(/^done /);
    assert.equal(await third.exited, 0, third.lines.join('\n'));
    assert.equal(second.lines.find((l) => l.startsWith('waiting ')), waiting, 'the resume waits for the same job');
    assert.equal(third.lines.find((l) => l.startsWith('waiting ')), waiting);

    assert.equal(fake.fineTuning.jobs.size, 1, 'one job on the engine');
    assert.equal(fake.fineTuning.files.size, 1, 'one upload');
    assert.equal(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/fine_tuning/jobs').length, 1);
    const [record, ...others] = await listJobs(dir);
    assert.equal(others.length, 0);
    assert.equal(record?.status, 'succeeded');
    assert.equal(done, `done ${record?.fineTunedModel ?? ''}`);
    const states = record?.states.map((s) => s.status) ?? [];
    assert.equal(states[0], 'validating_files');
    assert.ok(states.includes('running'));
    assert.equal(states[states.length - 1], 'succeeded');
  });
});
