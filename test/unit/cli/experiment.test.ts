/**
 * Issue 19, `mistakebook experiment` on a copy of the sample run against the fake server: without a
 * terminal and without --yes it prints the estimate and uploads nothing; with --yes --json it prints
 * the report's JSON keys; the key comes from the environment and is never printed.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentReport } from '../../../src/core/experiment/types';
import { loadAnswerKeys } from '../../fake-openai/answer-key';
import { scanForSecret } from '../../hardening/secretScan';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import { projectRoot } from '../../support/tools';
import { run } from './capture';

describe('mistakebook experiment (issue 19)', function () {
  this.timeout(60_000);
  let fake: FakeOpenAI;
  let dir: string;
  const ENV = 'MB_EXPERIMENT_TEST_KEY';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mistakebook-cli-experiment-'));
    cpSync(join(projectRoot, 'samples'), dir, { recursive: true });
    fake = await startFakeOpenAI({ fineTuning: { stepMs: 15 }, answerKey: await loadAnswerKeys([join(dir, 'datasets/gsm8k-sample.jsonl'), join(dir, 'datasets/gsm8k-sample-test.jsonl')]) });
    process.env[ENV] = fake.apiKey;
    writeFileSync(join(dir, 'prices.json'), JSON.stringify({ reasoner: { inputPerMillion: 0.15, outputPerMillion: 0.6, trainingPerMillion: 3, fineTunedInputPerMillion: 0.3, fineTunedOutputPerMillion: 1.2 } }));
  });
  after(async () => {
    delete process.env[ENV];
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const args = (...more: string[]): string[] => ['experiment', '--workspace', dir, '--run', 'sample-run', '--test-set', 'datasets/gsm8k-sample-test.jsonl', '--base-model', 'reasoner', '--base-url', fake.url, '--api-key-env', ENV, '--poll-seconds', '0.01', '--prices', join(dir, 'prices.json'), ...more];

  it('without a terminal and without --yes: the estimate, and nothing uploaded', async () => {
    const r = await run(...args());
    assert.equal(r.code, 1);
    assert.match(r.stderr, /estimated cost ≈ \$\d+\.\d\d\n {2}train CoT-only on 12 examples: \$/);
    assert.match(r.stderr, /nothing was uploaded\. No terminal to ask: run again with --yes/);
    assert.equal(fake.requests.length, 0);
  });

  it('with --yes --json: the report with three models and the pairs', async () => {
    const r = await run(...args('--yes', '--json', '--trainer-files'));
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as ExperimentReport;
    assert.deepEqual(report.models.map((m) => m.role), ['base', 'cot', 'lema']);
    for (const m of report.models) for (const key of ['model', 'trainingExamples', 'passAt1', 'passAt1Ci95', 'majority']) assert.ok(key in m, key);
    assert.ok(report.pairs.some((p) => p.a === 'cot' && p.b === 'lema' && typeof p.mcnemarP === 'number'));
    assert.ok(!r.stdout.includes(fake.apiKey) && !r.stderr.includes(fake.apiKey), 'the key is never printed');
    const scan = scanForSecret([dir], fake.apiKey);
    assert.deepEqual(scan.hits, [], 'the key is in no file of the workspace: job records, uploads, experiment, evaluation runs');
    assert.ok(scan.filesScanned > 10);
    const files = readdirSync(join(dir, '.mistakebook/experiments', report.id));
    for (const f of ['cot.jsonl', 'lema.jsonl', 'report.json', 'report.md', 'dataset_info.json', 'axolotl-cot.yml', 'axolotl-lema.yml', 'experiment.json']) assert.ok(files.includes(f), f);
  });

  it('refuses a missing --base-model as a usage error', async () => {
    const r = await run('experiment', '--run', 'x', '--test-set', 'y');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing --base-model/);
  });

  it('Ctrl-C while the jobs train stops waiting (exit 130) and leaves them running; the same command resumes without a second job', async () => {
    const slow = await startFakeOpenAI({ fineTuning: { stepMs: 400 }, answerKey: await loadAnswerKeys([join(dir, 'datasets/gsm8k-sample.jsonl'), join(dir, 'datasets/gsm8k-sample-test.jsonl')]) });
    const other = mkdtempSync(join(tmpdir(), 'mistakebook-cli-experiment-int-'));
    try {
      cpSync(join(projectRoot, 'samples'), other, { recursive: true });
      const argv = ['experiment', '--workspace', other, '--run', 'sample-run', '--test-set', 'datasets/gsm8k-sample-test.jsonl', '--base-model', 'reasoner', '--base-url', slow.url, '--api-key-env', ENV, '--poll-seconds', '0.05', '--yes'];
      const env = { ...process.env, [ENV]: slow.apiKey };
      const interrupted = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/main.ts'), ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (b: Buffer) => {
          stderr += b.toString();
          // Both jobs started and training: interrupt.
          if (/lema job \S+ started/.test(stderr) && /Fine-tuning job started/.test(stderr) && !child.killed) child.kill('SIGINT');
        });
        child.once('error', reject);
        child.once('close', (code) => resolve({ code, stderr }));
      });
      assert.equal(interrupted.code, 130, interrupted.stderr);
      assert.match(interrupted.stderr, /the fine-tuning jobs keep running on the engine; run the same command to resume/);
      assert.equal(slow.fineTuning.jobs.size, 2);
      assert.ok([...slow.fineTuning.jobs.values()].every((j) => j.status !== 'cancelled'), 'the jobs were left running');
      const resumed = await run(...argv.map((a) => (a === '0.05' ? '0.01' : a)));
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, /cot job ftjob-fake0001 resumed/);
      assert.match(resumed.stdout, /LEMA experiment exp-[0-9a-f]{12} on 20 test questions × 4 samples/);
      assert.equal(slow.fineTuning.jobs.size, 2, 'no second job');
      assert.equal(slow.fineTuning.files.size, 2, 'no second upload');
    } finally {
      await slow.close();
      rmSync(other, { recursive: true, force: true });
    }
  });
});
