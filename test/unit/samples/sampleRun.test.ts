import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File } from '../../../src/core/store/fileHash';

// The run committed in samples/ (scripts/makeSampleRun.ts): what a new user sees before any key.
const workspace = join(__dirname, '..', '..', '..', 'samples');
const dir = join(workspace, '.mistakebook', 'runs', 'sample-run');
const rows = (table: string): Record<string, unknown>[] =>
  readFileSync(join(dir, `${table}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const info = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as {
  dataset: { path: string; sha256: string };
  models: Record<string, { endpoint: string; model: string }>;
  prompts: { correction?: { file: string } };
  stages: Record<string, { state: string }>;
};

describe('the sample run in samples/', () => {
  it('is a finished sample-and-correct run of the scripted demo models', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(info.stages).map(([k, v]) => [k, v.state])), { sample: 'done', correct: 'done' });
    assert.equal(info.models['reasoner']?.model, 'scripted-demo-reasoner');
    assert.equal(info.models['corrector']?.model, 'scripted-demo-corrector');
    for (const m of Object.values(info.models)) assert.match(m.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('was made from the sample dataset as it is now, named relative to the workspace', async () => {
    assert.equal(info.dataset.path, 'datasets/gsm8k-sample.jsonl');
    assert.equal(info.prompts.correction?.file, 'prompts/gsm8k.fewshot.txt');
    assert.equal(info.dataset.sha256, await sha256File(join(workspace, info.dataset.path)), 'the dataset changed: run `npx tsx scripts/makeSampleRun.ts`');
  });

  it('holds no key and no path of the machine that made it', () => {
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.doesNotMatch(text, /sk-[\w-]{8,}|"\/(?:home|work|tmp|Users|root)\/|[A-Z]:\\\\/, file);
    }
  });

  it('has mistakes, one correction each, and a few ratings of its corrections', () => {
    const wrong = rows('paths').filter((p) => p['correct'] === false);
    const corrections = rows('corrections');
    assert.ok(wrong.length > 0);
    assert.deepEqual(corrections.map((c) => c['pathId']).sort(), wrong.map((p) => p['id']).sort());
    const ratings = rows('ratings');
    assert.ok(ratings.length >= 3);
    const ids = new Set(corrections.map((c) => c['id']));
    for (const r of ratings) assert.ok(ids.has(r['correctionId']), `rating ${String(r['id'])} rates a correction of the run`);
  });
});
