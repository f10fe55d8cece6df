import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { PathRecord } from '../../../src/core/pipeline';
import { startBatchEndpoint } from '../pipeline/batchEndpoint';
import { KEY, makeFixture, rows, runJson, type Fixture } from '../pipeline/fixture';
import { run } from './capture';

const MAIN = join(__dirname, '../../../src/cli/main.ts');

interface Child {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `mistakebook …` in a child process (asynchronously: the fake endpoint answers from this one). */
function mistakebook(argv: readonly string[], env: Record<string, string>): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...argv], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('mistakebook run (command line)', function () {
  this.timeout(60_000);
  let fx: Fixture;
  afterEach(async () => fx.close());

  const create = async (...extra: string[]): Promise<string> => {
    const created = await run('run', 'create', '--workspace', fx.dir, '--dataset', fx.dataset, '--base-url', fx.fake.url, '--model', 'reasoner', '--samples', '3', '--seed', '3', '--temperature', '0.7', '--corrector-model', 'corrector', '--prompt', fx.prompt, ...extra);
    assert.equal(created.code, 0, created.stderr);
    return created.stdout.trim();
  };

  it('create, sample and correct in child processes, with the key from the environment only', async () => {
    fx = await makeFixture({ questions: 8, reasoner: { wrongRate: 0.4 } });
    const env = { MISTAKEBOOK_API_KEY: KEY };
    const created = await mistakebook(['run', 'create', '--workspace', fx.dir, '--dataset', fx.dataset, '--base-url', fx.fake.url, '--model', 'reasoner', '--samples', '3', '--corrector-model', 'corrector', '--prompt', fx.prompt, '--id', 'cli-run'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'cli-run\n');
    const sampled = await mistakebook(['run', 'sample', '--run', 'cli-run', '--workspace', fx.dir], env);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stderr, /sample: done, 24 of 24 paths/);
    const corrected = await mistakebook(['run', 'correct', '--run', 'cli-run', '--workspace', fx.dir], env);
    assert.equal(corrected.code, 0, corrected.stderr);
    const mistakes = rows<PathRecord>(fx.dir, 'cli-run', 'paths').filter((p) => !p.correct).length;
    assert.equal(mistakes, fx.tally.wrongPaths);
    assert.match(corrected.stderr, new RegExp(`correct: done, ${mistakes} of ${mistakes} corrections`));
    assert.equal(rows(fx.dir, 'cli-run', 'corrections').length, mistakes);
    assert.ok(!JSON.stringify(runJson(fx.dir, 'cli-run')).includes(KEY));

    const status = await run('run', 'status', 'cli-run', '--workspace', fx.dir);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`paths 24, mistakes ${mistakes}, corrected ${mistakes}`));
    assert.match(status.stdout, /stage sample: done/);
    const list = await run('run', 'list', '--workspace', fx.dir);
    assert.match(list.stdout, /^cli-run {2}done {2}gsm8k {2}reasoner → corrector {2}paths 24, corrections \d+/);
  });

  it('Ctrl-C cancels a stage cleanly (exit 130), and the same command resumes it', async () => {
    fx = await makeFixture({ questions: 12, latencyMs: 150 });
    const id = await create('--concurrency', '1');
    const env = { MISTAKEBOOK_API_KEY: KEY };
    let interrupted = false;
    const cancelled = await new Promise<Child>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run', 'sample', '--run', id, '--workspace', fx.dir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      // Interrupt once a few requests went out: the stage is running, with most questions still to do.
      const timer = setInterval(() => {
        if (!interrupted && fx.fake.requests.length >= 3) {
          interrupted = true;
          child.kill('SIGINT');
        }
      }, 20);
      child.once('error', reject);
      child.once('close', (code) => {
        clearInterval(timer);
        resolve({ code, stdout: '', stderr });
      });
    });
    assert.ok(interrupted);
    assert.equal(cancelled.code, 130, cancelled.stderr);
    assert.match(cancelled.stderr, /cancelling/);
    assert.equal(runJson(fx.dir, id).stages['sample']?.state, 'cancelled');
    const partial = rows(fx.dir, id, 'paths').length;
    assert.ok(partial < 36, `stored ${partial}`);
    const resumed = await mistakebook(['run', 'sample', '--run', id, '--workspace', fx.dir], env);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(rows(fx.dir, id, 'paths').length, 36);
  });

  it('run batch submit and collect go through the Batch API with the key from the environment', async () => {
    fx = await makeFixture({ questions: 4 });
    const endpoint = await startBatchEndpoint(fx.fake);
    const saved = process.env['MB_TEST_BATCH_KEY'];
    process.env['MB_TEST_BATCH_KEY'] = KEY;
    try {
      const created = await run('run', 'create', '--workspace', fx.dir, '--dataset', fx.dataset, '--base-url', endpoint.url, '--model', 'reasoner', '--samples', '2', '--id', 'b');
      assert.equal(created.code, 0, created.stderr);
      const submitted = await run('run', 'batch', 'submit', '--stage', 'sample', '--run', 'b', '--workspace', fx.dir, '--api-key-env', 'MB_TEST_BATCH_KEY');
      assert.equal(submitted.code, 0, submitted.stderr);
      assert.match(submitted.stdout, /^batch_1 in_progress\n$/);
      assert.match(submitted.stderr, /submitted with 4 requests/);
      let collected = await run('run', 'batch', 'collect', '--stage', 'sample', '--run', 'b', '--workspace', fx.dir, '--api-key-env', 'MB_TEST_BATCH_KEY');
      for (let i = 0; i < 100 && collected.stdout.includes('in_progress'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        collected = await run('run', 'batch', 'collect', '--stage', 'sample', '--run', 'b', '--workspace', fx.dir, '--api-key-env', 'MB_TEST_BATCH_KEY');
      }
      assert.equal(collected.code, 0, collected.stderr);
      assert.match(collected.stderr, /batch batch_1 completed: 4 stored, 0 failed/);
      assert.equal(rows(fx.dir, 'b', 'paths').length, 8);
      assert.equal((await run('run', 'batch', 'submit', '--stage', 'evaluate', '--run', 'b', '--workspace', fx.dir)).code, 2);
    } finally {
      if (saved === undefined) delete process.env['MB_TEST_BATCH_KEY'];
      else process.env['MB_TEST_BATCH_KEY'] = saved;
      await endpoint.close();
    }
  });

  it('refuses a wrong command line with exit code 2', async () => {
    fx = await makeFixture({ questions: 2 });
    assert.equal((await run('run', 'sample', '--workspace', fx.dir)).code, 2);
    const id = await create();
    const unset = await run('run', 'sample', '--run', id, '--workspace', fx.dir, '--api-key-env', 'MB_TEST_UNSET_KEY_VARIABLE');
    assert.equal(unset.code, 2);
    assert.match(unset.stderr, /MB_TEST_UNSET_KEY_VARIABLE .*not set/);
    assert.equal((await run('run', 'create', '--dataset', fx.dataset, '--model', 'm', '--base-url', fx.fake.url, '--samples', '0')).code, 2);
    assert.equal((await run('run', 'status', 'no-such-run', '--workspace', fx.dir)).code, 2);
    assert.equal(fx.fake.requests.length, 0);
  });
});
