import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExportFixture, FIXTURE_QUESTIONS } from '../../support/exportFixture';
import { run } from '../cli/capture';
import { useTempDir } from '../store/workspace';

describe('mistakebook export and stats (command line)', () => {
  const t = useTempDir();
  beforeEach(async () => {
    await buildExportFixture(t.dir());
  });

  it('export writes the file and its manifest and says what it wrote', async () => {
    const out = join(t.dir(), 'sets', 'lema.jsonl');
    const r = await run('export', '--workspace', t.dir(), '--output', out, '--format', 'openai-chat', '--seed', '3');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^wrote 9 examples \(4 gold, 2 augmented, 3 corrections\); 3 duplicates removed \(3 exact duplicates\) to .*lema\.jsonl\nmanifest: .*lema\.jsonl\.manifest\.json\n$/);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { messages: Array<{ role: string }> });
    assert.equal(rows.length, 9);
    const manifest = JSON.parse(readFileSync(join(t.dir(), 'sets', 'lema.jsonl.manifest.json'), 'utf8')) as { seed: number; format: string; toolVersion: string };
    assert.deepEqual([manifest.seed, manifest.format], [3, 'openai-chat']);
    assert.match(manifest.toolVersion, /^\d+\.\d+\.\d+/);
  });

  it('export takes filters, size control and templates', async () => {
    const templates = join(t.dir(), 'templates.json');
    writeFileSync(templates, JSON.stringify({ correctionInstruction: 'Fix the first wrong step.' }));
    const out = join(t.dir(), 'c.json');
    const r = await run('export', '--workspace', t.dir(), '--output', out, '--format', 'alpaca', '--content', 'correction', '--min-rating', 'good', '--templates', templates);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(readFileSync(out, 'utf8')) as Array<{ instruction: string }>;
    // Rated at least good: the excellent correction and the good one, which repeats it word for word.
    assert.deepEqual(rows.map((x) => x.instruction), ['Fix the first wrong step.']);
    const sized = await run('export', '--workspace', t.dir(), '--output', join(t.dir(), 's.jsonl'), '--size-like', 'cot', '--run', 'run-1-llama-7b');
    assert.match(sized.stdout, /^wrote 6 examples/);
  });

  it('export reads --templates like every user file: a folder is refused by name, nothing written', async () => {
    const out = join(t.dir(), 'never.jsonl');
    const r = await run('export', '--workspace', t.dir(), '--output', out, '--templates', t.dir());
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--templates .*it is a folder/);
    assert.equal(existsSync(out), false);
  });

  it('export refuses test-set questions with exit code 1 and names them', async () => {
    const test = join(t.dir(), 'test.jsonl');
    writeFileSync(test, `${JSON.stringify({ question: FIXTURE_QUESTIONS[3]?.question, answer: '#### 54' })}\n`);
    const r = await run('export', '--workspace', t.dir(), '--output', join(t.dir(), 'x.jsonl'), '--test-set', test);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /refusing to export: 1 question of the test set would be trained on \(1 example\)/);
    assert.ok(r.stderr.includes(`${test}:1: question`));
    assert.ok(r.stderr.includes('A box holds 6 eggs'));
  });

  it('export rejects a wrong command line with exit code 2', async () => {
    assert.equal((await run('export', '--workspace', t.dir())).code, 2);
    const both = await run('export', '--output', 'x.jsonl', '--size', '3', '--size-like', 'cot');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--size or --size-like, not both/);
    assert.match((await run('export', '--output', 'x', '--format', 'csv')).stderr, /--format must be one of prompt-completion, openai-chat, alpaca, sharegpt/);
  });

  it('stats prints each aggregate, and JSON on request', async () => {
    const r = await run('stats', '--workspace', t.dir());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /llama-2-7b · gsm8k {2}62\.5% {2}10\/16 paths, 4 questions/);
    assert.match(r.stdout, /ratings {2}excellent 1, good 1, poor 1, unrated 2/);
    assert.match(r.stdout, /llama-2-7b · datasets\/test\.jsonl {2}pass@1 50\.0%, majority 60\.0% \(10 questions × 4\)/);
    assert.match(r.stdout, /correct · gpt-4 {2}7 calls \(0 cached\) {2}4200 in, 840 out {2}\$0\.1764/);
    const json = await run('stats', '--workspace', t.dir(), '--json', '--model', 'llama-2-13b');
    const report = JSON.parse(json.stdout) as { accuracy: Array<{ model: string }> };
    assert.deepEqual(report.accuracy.map((a) => a.model), ['llama-2-13b']);
  });
});
