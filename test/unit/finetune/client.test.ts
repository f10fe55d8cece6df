/**
 * Issue 19: the fine-tuning client against the fake server's fine-tuning engine, through the real
 * `openai` SDK: upload (once per content), create, states to success with their times, events,
 * failure, cancel, a file rejected by its first bad line (locally and by the engine), and a job the
 * engine has but the workspace lost (found by its key, not started twice).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { FineTuneClient, FineTuneFailed } from '../../../src/core/finetune/client';
import { listJobs } from '../../../src/core/finetune/records';
import { TrainingFileError } from '../../../src/core/finetune/trainingFile';
import { LlmError } from '../../../src/core/llm/errors';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';

const chat = (q: string, a: string): string => JSON.stringify({ messages: [{ role: 'user', content: q }, { role: 'assistant', content: a }] });

describe('fine-tuning client (issue 19)', function () {
  this.timeout(20_000);
  let fake: FakeOpenAI;
  let dir: string;
  let client: FineTuneClient;
  let training: string;

  beforeEach(async () => {
    fake = await startFakeOpenAI({ fineTuning: { stepMs: 20 } });
    dir = mkdtempSync(join(tmpdir(), 'mistakebook-finetune-'));
    client = new FineTuneClient(dir, { baseUrl: fake.url, apiKey: fake.apiKey }, { pollMs: 10 });
    training = join(dir, 'train.jsonl');
    writeFileSync(training, `${[chat('1+1?', 'The answer is 2.'), chat('2+2?', 'Incorrect Step: Step 1.\nExplanation: slip.\nCorrect Solution:\nThe answer is 4.')].join('\n')}\n`);
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const posts = (path: string): number => fake.requests.filter((r) => r.method === 'POST' && r.path === path).length;

  it('uploads a file with purpose fine-tune, once per content', async () => {
    const first = await client.upload(training);
    assert.equal(first.examples, 2);
    assert.equal(first.path, 'train.jsonl');
    assert.equal(fake.fineTuning.files.get(first.fileId)?.purpose, 'fine-tune');
    assert.equal(fake.fineTuning.files.get(first.fileId)?.content, readFileSync(training, 'utf8'));
    const again = await new FineTuneClient(dir, { baseUrl: fake.url, apiKey: fake.apiKey }).upload(training);
    assert.equal(again.fileId, first.fileId);
    assert.equal(posts('/v1/files'), 1, 'the same content is not uploaded twice');
  });

  it('creates a job, follows it to success with each state and its time, and records the model and events', async () => {
    const seen: string[] = [];
    const events: string[] = [];
    const job = await client.ensureJob({ baseModel: 'reasoner', trainingFile: training, suffix: 'mb-test', seed: 3, hyperparameters: { n_epochs: 2 }, role: 'lema' });
    assert.match(job.jobId, /^ftjob-/);
    const done = await client.waitFor(job, { onUpdate: (r, e) => (seen.push(r.status), events.push(...e.map((x) => x.message))) });
    assert.equal(done.status, 'succeeded');
    assert.deepEqual(done.states.map((s) => s.status), ['validating_files', 'queued', 'running', 'succeeded'].filter((s) => done.states.some((x) => x.status === s)));
    assert.equal(done.states[0]?.status, 'validating_files');
    assert.equal(done.states[done.states.length - 1]?.status, 'succeeded');
    assert.ok(done.states.every((s) => !Number.isNaN(Date.parse(s.at))));
    assert.match(done.fineTunedModel ?? '', /^ft:reasoner:fake-org:mb-test:/);
    assert.ok((done.trainedTokens ?? 0) > 0);
    assert.ok(events.some((m) => /Validating training file/.test(m)));
    assert.ok(events.some((m) => /New fine-tuned model created/.test(m)));
    assert.ok(events.indexOf('The job has successfully completed') > events.findIndex((m) => /Fine-tuning job started/.test(m)), 'events come oldest first');
    const [stored] = await listJobs(dir);
    assert.equal(stored?.jobId, job.jobId);
    assert.equal(stored?.status, 'succeeded');
    assert.equal(stored?.fineTunedModel, done.fineTunedModel);
    assert.equal(stored?.trainingFile.sha256.length, 64);
    const chatReply = await new OpenAI({ baseURL: fake.url, apiKey: fake.apiKey }).chat.completions.create({ model: done.fineTunedModel ?? '', messages: [{ role: 'user', content: 'hi' }] });
    assert.ok(chatReply.choices[0]?.message.content, 'the fine-tuned model answers');
    // The same spec again is the same job: nothing is created.
    const again = await client.ensureJob({ baseModel: 'reasoner', trainingFile: training, suffix: 'mb-test', seed: 3, hyperparameters: { n_epochs: 2 }, role: 'lema' });
    assert.equal(again.jobId, job.jobId);
    assert.equal(posts('/v1/fine_tuning/jobs'), 1);
  });

  it('reports a failed job with the engine’s error', async () => {
    const job = await client.ensureJob({ baseModel: 'reasoner', trainingFile: training, suffix: 'will-fail' });
    await assert.rejects(client.waitFor(job), (e: unknown) => e instanceof FineTuneFailed && e.record.status === 'failed' && /training_failed/.test(e.message));
    assert.equal((await listJobs(dir))[0]?.status, 'failed');
    // The same spec again: a failed job yields no model, so a new job starts (the failed one stays on record).
    const again = await client.ensureJob({ baseModel: 'reasoner', trainingFile: training, suffix: 'will-fail' });
    assert.notEqual(again.jobId, job.jobId);
    assert.equal((await listJobs(dir)).length, 2);
  });

  it('cancels a running job', async () => {
    const slow = await startFakeOpenAI({ fineTuning: { stepMs: 60_000 } });
    try {
      const c = new FineTuneClient(dir, { baseUrl: slow.url, apiKey: slow.apiKey });
      const job = await c.ensureJob({ baseModel: 'reasoner', trainingFile: training });
      const cancelled = await c.cancel(job);
      assert.equal(cancelled.status, 'cancelled');
      assert.deepEqual(cancelled.states.map((s) => s.status), ['validating_files', 'cancelled']);
      await assert.rejects(c.waitFor(cancelled), FineTuneFailed);
      await assert.rejects(c.cancel(cancelled), (e: unknown) => e instanceof LlmError && e.kind === 'bad_request' && /already been cancelled/.test(e.message));
    } finally {
      await slow.close();
    }
  });

  it('refuses a file with a bad line before uploading it, naming file:line', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${chat('q', 'a')}\n${chat('q2', 'a2')}\n{"messages": [{"role": "user", "content": "no answer"}]}\n`);
    await assert.rejects(client.ensureJob({ baseModel: 'reasoner', trainingFile: bad }), (e: unknown) => e instanceof TrainingFileError && e.line === 3 && e.message.startsWith(`${bad}:3: no assistant message`));
    assert.equal(fake.requests.length, 0, 'nothing was sent');
  });

  it('a file the engine rejects fails the job naming its first bad line', async () => {
    // Uploaded by another tool, so the local check never saw it.
    const sdk = new OpenAI({ baseURL: fake.url, apiKey: fake.apiKey });
    const file = await sdk.files.create({ file: await toFile(Buffer.from(`${chat('q', 'a')}\nnot json\n`), 'other.jsonl'), purpose: 'fine-tune' });
    const job = await sdk.fineTuning.jobs.create({ model: 'reasoner', training_file: file.id });
    const record = { jobId: job.id, key: 'k', baseUrl: fake.url, baseModel: 'reasoner', hyperparameters: {}, trainingFile: { path: 'other.jsonl', sha256: '', fileId: file.id, examples: 0 }, states: [], status: job.status, createdAt: '', updatedAt: '' };
    await assert.rejects(client.waitFor(record), (e: unknown) => e instanceof FineTuneFailed && /invalid_training_file: .*line 2: not valid JSON/.test(e.message));
  });

  it('classifies a refused base model and a wrong key, with the key redacted', async () => {
    await assert.rejects(client.ensureJob({ baseModel: 'no-such-model', trainingFile: training }), (e: unknown) => e instanceof LlmError && e.kind === 'bad_request' && /not available for fine-tuning/.test(e.message));
    const wrongKey = 'sk-wrong-key-0123456789abcdef';
    const other = mkdtempSync(join(tmpdir(), 'mistakebook-finetune-key-'));
    try {
      const c = new FineTuneClient(other, { baseUrl: fake.url, apiKey: wrongKey });
      await assert.rejects(c.upload(training), (e: unknown) => e instanceof LlmError && e.kind === 'auth' && !e.message.includes(wrongKey));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('finds a job the engine started but the workspace never recorded, instead of starting another', async () => {
    const job = await client.ensureJob({ baseModel: 'reasoner', trainingFile: training, suffix: 'lost' });
    rmSync(join(dir, '.mistakebook', 'finetunes', `${job.jobId}.json`));
    assert.equal(existsSync(join(dir, '.mistakebook', 'finetunes', `${job.jobId}.json`)), false);
    const found = await client.ensureJob({ baseModel: 'reasoner', trainingFile: training, suffix: 'lost' });
    assert.equal(found.jobId, job.jobId);
    assert.equal(fake.fineTuning.jobs.size, 1);
  });
});
