import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../../src/core/ids';
import { runDir } from '../../../src/core/store/layout';
import { listRuns } from '../../../src/core/store/listRuns';
import type { RunInfo } from '../../../src/core/store/runInfo';
import { RunStore, type NewRun } from '../../../src/core/store/runStore';
import { useTempDir } from './workspace';

const CORRECTION_PROMPT = 'For the following math word problems, the original solutions may contain errors…';

function newRun(workspace: string, extra: Partial<NewRun> = {}): NewRun {
  return {
    toolVersion: '0.1.0',
    task: 'gsm8k',
    dataset: { path: join(workspace, 'datasets', 'gsm8k-train.jsonl'), sha256: 'ab'.repeat(32) },
    models: {
      reasoner: { endpoint: 'http://gpu1:8000/v1', model: 'meta-llama/Llama-2-7b-hf', api: 'completions', sampling: { temperature: 0.8, n: 4, seed: 1 } },
      corrector: { endpoint: 'https://api.openai.com/v1', model: 'gpt-4', api: 'chat', sampling: { temperature: 0 } },
    },
    prompts: { correction: { text: CORRECTION_PROMPT, file: 'prompts/gsm8k.fewshot.txt' } },
    settings: { questionLimit: 500 },
    ...extra,
  };
}

describe('RunStore', () => {
  const t = useTempDir();
  const options = { onDiagnostic: t.collect };

  it('creates a run directory whose run.json has what is needed to repeat the run', async () => {
    const store = await RunStore.create(t.dir(), newRun(t.dir()), options);
    assert.match(store.id, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-gsm8k-llama-2-7b-hf-[0-9a-f]{6}$/);
    assert.equal(store.dir, runDir(t.dir(), store.id));
    const info = JSON.parse(readFileSync(join(store.dir, 'run.json'), 'utf8')) as RunInfo;
    assert.deepEqual(info, store.info);
    assert.equal(info.formatVersion, 1);
    assert.equal(info.id, store.id);
    assert.equal(info.dataset.path, 'datasets/gsm8k-train.jsonl', 'stored relative to the workspace');
    assert.deepEqual(info.prompts.correction, { text: CORRECTION_PROMPT, file: 'prompts/gsm8k.fewshot.txt', sha256: sha256Hex(CORRECTION_PROMPT) });
    assert.equal(info.models.reasoner?.sampling.temperature, 0.8);
    assert.deepEqual(info.stages, {});
    assert.ok(Math.abs(Date.parse(info.createdAt) - Date.now()) < 60_000);
    await store.close();
  });

  it('gives the same configuration the same id suffix, and a second run in the same second its own directory', async () => {
    const a = await RunStore.create(t.dir(), newRun(t.dir()), options);
    const b = await RunStore.create(t.dir(), newRun(t.dir()), options);
    const c = await RunStore.create(t.dir(), newRun(t.dir(), { settings: { questionLimit: 50 } }), options);
    const configHash = (id: string): string | undefined => /-([0-9a-f]{6})(?:-\d+)?$/.exec(id)?.[1];
    assert.notEqual(a.id, b.id);
    assert.ok(existsSync(b.dir) && existsSync(a.dir));
    assert.equal(configHash(a.id), configHash(b.id));
    assert.notEqual(configHash(a.id), configHash(c.id));
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('uses an id the user gives, and refuses one that exists or could leave runs/', async () => {
    const store = await RunStore.create(t.dir(), newRun(t.dir(), { runId: 'ablation-A' }), options);
    assert.equal(store.id, 'ablation-A');
    await store.close();
    await assert.rejects(RunStore.create(t.dir(), newRun(t.dir(), { runId: 'ablation-A' }), options), /already exists.*open it to resume/);
    await assert.rejects(RunStore.create(t.dir(), newRun(t.dir(), { runId: '../escape' }), options), /not a usable run id/);
  });

  it('refuses to write a key into run.json', async () => {
    const withKeyInUrl = newRun(t.dir());
    withKeyInUrl.models.corrector = { endpoint: 'https://x.openai.azure.com/v1?api-key=123', model: 'gpt-4', api: 'chat', sampling: {} };
    await assert.rejects(RunStore.create(t.dir(), withKeyInUrl, options), /models\.corrector\.endpoint carries "api-key".*never hold keys/);
    const withKeyText = newRun(t.dir(), { settings: { note: 'sk-abcdefghijklmnopqrstuvwxyz123456' } });
    await assert.rejects(RunStore.create(t.dir(), withKeyText, options), /run\.settings\.note looks like an API key/);
    const withPassword = newRun(t.dir());
    withPassword.models.reasoner = { endpoint: 'http://me:hunter2@gpu1:8000/v1', model: 'm', api: 'chat', sampling: {} };
    await assert.rejects(RunStore.create(t.dir(), withPassword, options), /credentials in its URL/);
    assert.equal(existsSync(join(t.dir(), '.mistakebook', 'runs')) ? readdirSync(join(t.dir(), '.mistakebook', 'runs')).length : 0, 0);
  });

  it('opens tables lazily, reads them back, and resumes after close without duplicates', async () => {
    const store = await RunStore.create(t.dir(), newRun(t.dir(), { runId: 'r1' }), options);
    const paths = await store.table<{ id: string; text: string }>('paths');
    assert.equal(await store.table('paths'), paths, 'one writer per table per store');
    await paths.append({ id: 'a', text: 'one' });
    await store.close();
    await assert.rejects(store.table('paths'), /was closed/);

    const resumed = await RunStore.open(t.dir(), 'r1', options);
    assert.equal(resumed.info.task, 'gsm8k');
    const again = await resumed.table<{ id: string; text: string }>('paths');
    assert.equal(await again.append({ id: 'a', text: 'one' }), false);
    await again.append({ id: 'b', text: 'two' });
    const texts: string[] = [];
    for await (const r of resumed.read<{ id: string; text: string }>('paths')) texts.push(r.text);
    assert.deepEqual(texts, ['one', 'two']);
    await resumed.close();
    assert.deepEqual(t.diagnostics, []);
  });

  it('records stage progress atomically, keeping stages another process wrote meanwhile', async () => {
    const store = await RunStore.create(t.dir(), newRun(t.dir(), { runId: 'r2' }), options);
    await store.setStage('sample', 'running');
    assert.equal(store.info.stages.sample?.runner?.pid, process.pid);
    // Another process (say the VS Code window) marks a stage in the same run.json.
    const file = join(store.dir, 'run.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as RunInfo;
    onDisk.stages.evaluate = { state: 'pending' };
    writeFileSync(file, JSON.stringify(onDisk));
    await Promise.all([store.setStage('sample', 'done'), store.setStage('correct', 'failed', 'corrector returned 401: check the key')]);
    const final = JSON.parse(readFileSync(file, 'utf8')) as RunInfo;
    assert.equal(final.stages.sample?.state, 'done');
    assert.equal(final.stages.sample?.runner, undefined);
    assert.equal(final.stages.sample?.startedAt, store.info.stages.sample?.startedAt);
    assert.ok(final.stages.sample?.finishedAt !== undefined);
    assert.equal(final.stages.correct?.message, 'corrector returned 401: check the key');
    assert.deepEqual(final.stages.evaluate, { state: 'pending' });
    assert.deepEqual(readdirSync(store.dir).filter((f) => f.endsWith('.tmp')), []);
    await store.close();
  });

  it('refuses to open a run whose run.json is missing, naming the file', async () => {
    mkdirSync(runDir(t.dir(), 'empty'), { recursive: true });
    await assert.rejects(RunStore.open(t.dir(), 'empty', options), /empty[/\\]run\.json:1: error: missing/);
  });
});

describe('listRuns', () => {
  const t = useTempDir();
  const options = { onDiagnostic: t.collect };

  it('returns nothing for a workspace without runs', async () => {
    assert.deepEqual(await listRuns(t.dir()), []);
  });

  it('summarises each run: status from its stages, line counts per table, newest first', async () => {
    const done = await RunStore.create(t.dir(), newRun(t.dir(), { runId: 'done' }), options);
    const paths = await done.table('paths');
    for (const id of ['a', 'b', 'c']) await paths.append({ id });
    await (await done.table('ratings')).append({ id: 'r' });
    await done.setStage('sample', 'done');
    await done.close();

    const running = await RunStore.create(t.dir(), newRun(t.dir(), { runId: 'running' }), options);
    await running.setStage('sample', 'running');

    // A run whose sampler crashed: its stage still says running, but that process is gone.
    const crashed = await RunStore.create(t.dir(), newRun(t.dir(), { runId: 'crashed' }), options);
    await crashed.setStage('sample', 'running');
    await crashed.close();
    const file = join(crashed.dir, 'run.json');
    const info = JSON.parse(readFileSync(file, 'utf8')) as RunInfo;
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
    info.stages.sample = { state: 'running', runner: { pid: dead, host: hostname(), processStartedAt: new Date().toISOString() } };
    writeFileSync(file, JSON.stringify(info));

    mkdirSync(runDir(t.dir(), 'broken'));
    writeFileSync(join(runDir(t.dir(), 'broken'), 'run.json'), '{"formatVersion": 1, "id": ');

    const runs = await listRuns(t.dir());
    const byId = new Map(runs.map((r) => [r.id, r]));
    assert.equal(byId.get('done')?.status, 'done');
    assert.deepEqual(byId.get('done')?.counts, { paths: 3, ratings: 1 });
    const uncounted = await listRuns(t.dir(), { counts: false });
    assert.deepEqual(uncounted.find((r) => r.id === 'done')?.counts, {}, 'a reader about to stream the tables skips the line scan');
    assert.deepEqual(uncounted.map((r) => [r.id, r.status]), runs.map((r) => [r.id, r.status]));
    assert.equal(byId.get('running')?.status, 'running');
    assert.equal(byId.get('crashed')?.status, 'interrupted');
    assert.equal(byId.get('broken')?.status, 'unreadable');
    assert.match(byId.get('broken')?.problem?.message ?? '', /cannot read run\.json/);
    assert.deepEqual(runs.map((r) => r.id), ['crashed', 'running', 'done', 'broken'], 'newest first, unreadable last');
    await running.close();
  });
});
