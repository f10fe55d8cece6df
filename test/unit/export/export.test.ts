import { RATING_RULE_TEXT } from '../../../src/core/runs/ratingBook';
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportFineTuningData, TestSetOverlapError, type ExportManifest, type ExportRequest } from '../../../src/core/export';
import { seededRandom, shuffleExamples } from '../../../src/core/export/sample';
import { normalizeQuestion } from '../../../src/core/export/testSetGuard';
import { sha256Hex } from '../../../src/core/ids';
import { buildExportFixture, FIXTURE_PROMPT_INSTRUCTION, FIXTURE_QUESTIONS, type ExportFixture } from '../../support/exportFixture';
import { useTempDir } from '../store/workspace';
import { exportRequest, readJsonl } from './requests';


describe('exportFineTuningData', () => {
  const t = useTempDir();
  let fixture: ExportFixture;
  beforeEach(async () => {
    fixture = await buildExportFixture(t.dir());
  });

  const request = (extra: Partial<ExportRequest> = {}): ExportRequest => exportRequest(t.dir(), 'out/train.jsonl', 7, extra);

  // The fixture holds three exact duplicates: q3's augmented path is its gold solution word for word, and
  // q1's two wrong paths are alike and corrected alike (twice under prompt v1, once more under v2).
  it('both = gold + correct augmented paths + verified, parsed corrections, each counted in the manifest', async () => {
    const result = await exportFineTuningData(request());
    const m = result.manifest;
    assert.deepEqual(m.written, { gold: 4, augmented: 2, correction: 3 });
    assert.equal(m.examples, 9);
    assert.deepEqual(m.sources.gold, { read: 4, kept: 4, dropped: {} }, 'the shared dataset is read once for both runs');
    assert.deepEqual(m.sources.augmented, { read: 4, kept: 2, dropped: { 'path not correct': 1, 'exact duplicate': 1 } });
    assert.deepEqual(m.sources.correction, { read: 7, kept: 3, dropped: { 'not verified': 1, 'unparseable correction': 1, 'exact duplicate': 2 } });
    assert.equal(m.duplicatesRemoved, 3);
    assert.deepEqual(m.duplicateReasons, { 'exact duplicate': 3 });
    const rows = readJsonl<{ prompt: string; completion: string }>(result.output);
    assert.equal(rows.length, 9);
    const corrections = rows.filter((r) => r.completion.startsWith('Incorrect Step: Step '));
    assert.equal(corrections.length, 3);
    for (const r of corrections) {
      assert.ok(r.prompt.startsWith(`${FIXTURE_PROMPT_INSTRUCTION}\n\nQuestion: `), 'the run prompt\'s instruction leads the input');
      assert.match(r.prompt, /\nOriginal Solution:\nStep 1: /);
      assert.match(r.completion, /^Incorrect Step: Step \d\.\nExplanation: .+\nCorrect Solution:\n/);
    }
    const gold = rows.find((r) => r.prompt.includes(FIXTURE_QUESTIONS[0]?.question ?? '?') && r.completion.startsWith('Mara bakes'));
    assert.equal(gold?.completion, 'Mara bakes 4 * 12 = 48 muffins.\nAfter selling 30 she has 48 - 30 = 18 left.\nThe answer is 18.');
    for (const r of rows) assert.ok(r.prompt.trim() !== '' && r.completion.trim() !== '');
  });

  it('writes a manifest beside the file with seed, filters, input hashes, output hash and tool version', async () => {
    const result = await exportFineTuningData(request());
    assert.equal(result.manifestPath, join(t.dir(), 'out', 'train.jsonl.manifest.json'));
    const m = JSON.parse(readFileSync(result.manifestPath, 'utf8')) as ExportManifest;
    assert.equal(m.tool, 'mistakebook');
    assert.equal(m.toolVersion, '0.1.0');
    assert.equal(m.seed, 7);
    assert.equal(m.format, 'prompt-completion');
    assert.deepEqual(m.filters, { runs: ['run-1-llama-7b', 'run-2-llama-13b'], models: [], tasks: [], verifiedOnly: true, minRating: null, ratingInForce: { rule: 'agreed', text: RATING_RULE_TEXT.agreed } });
    assert.equal(m.output.sha256, sha256Hex(readFileSync(result.output)));
    const dataset = m.inputs.find((i) => i.role === 'dataset');
    assert.equal(dataset?.sha256, sha256Hex(readFileSync(fixture.dataset)));
    const corrections = m.inputs.filter((i) => i.role === 'corrections');
    assert.equal(corrections.length, 1, 'only run 1 has corrections');
    assert.equal(corrections[0]?.sha256, sha256Hex(readFileSync(join(t.dir(), corrections[0]?.path ?? ''))), 'inputs are relative to the workspace');
  });

  it('rating ≥ good keeps excellent and good, and counts poor and unrated separately', async () => {
    const m = (await exportFineTuningData(request({ content: 'correction', filters: { verifiedOnly: true, minRating: 'good' } }))).manifest;
    // The good one corrects q1's second wrong path exactly as the excellent one corrects the first: written once.
    assert.deepEqual(m.written, { gold: 0, augmented: 0, correction: 1 });
    assert.deepEqual(m.sources.correction.dropped, { 'not verified': 1, 'unparseable correction': 1, 'rated below minimum': 1, unrated: 2, 'exact duplicate': 1 });
  });

  it('verified-only off keeps parsed unverified corrections; model and run filters narrow the sources', async () => {
    const all = (await exportFineTuningData(request({ content: 'correction', filters: { verifiedOnly: false } }))).manifest;
    assert.equal(all.written.correction, 4, 'six parsed corrections, two of them repeats of q1\'s');
    const noGpt4 = (await exportFineTuningData(request({ output: 'out/no-gpt4.jsonl', filters: { verifiedOnly: true, models: ['llama-2-7b'] } }))).manifest;
    assert.deepEqual(noGpt4.written, { gold: 4, augmented: 0, correction: 0 }, 'gold has no model and stays');
    const run2 = (await exportFineTuningData(request({ output: 'out/run2.jsonl', filters: { verifiedOnly: true, runs: ['run-2-llama-13b'] } }))).manifest;
    assert.deepEqual(run2.written, { gold: 4, augmented: 0, correction: 0 });
    await assert.rejects(exportFineTuningData(request({ output: 'out/nope.jsonl', filters: { verifiedOnly: true, runs: ['nope'] } })), /no run "nope".*run-1-llama-7b/s);
  });

  it('size control: CoT-only at the size of CoT + corrections is refused when the pool is short, and sizes are exact otherwise', async () => {
    await assert.rejects(
      exportFineTuningData(request({ content: 'cot', sizeLike: 'both' })),
      /asked for 9 examples but the filters leave only 6 cot examples; sample more paths/,
    );
    const matched = (await exportFineTuningData(request({ content: 'both', sizeLike: 'cot' }))).manifest;
    assert.equal(matched.examples, 6);
    assert.deepEqual(matched.size, { requested: 6, matched: 'cot' });
    const five = (await exportFineTuningData(request({ output: 'out/five.jsonl', content: 'both', size: 5 }))).manifest;
    assert.equal(five.examples, 5);
    assert.equal(Object.values(five.written).reduce((a, b) => a + b, 0), 5);
  });

  it('is deterministic under a seed: same seed same bytes, other seed other order', async () => {
    const a = await exportFineTuningData(request({ output: 'a.jsonl', size: 6 }));
    const b = await exportFineTuningData(request({ output: 'b.jsonl', size: 6 }));
    const c = await exportFineTuningData(request({ output: 'c.jsonl', size: 6, seed: 8 }));
    assert.equal(readFileSync(a.output, 'utf8'), readFileSync(b.output, 'utf8'));
    assert.notEqual(readFileSync(a.output, 'utf8'), readFileSync(c.output, 'utf8'));
  });

  it('refuses to export questions of a chosen test set, naming each item and its test line', async () => {
    const test = join(t.dir(), 'test.jsonl');
    const q = FIXTURE_QUESTIONS[2]?.question ?? '';
    writeFileSync(test, `${JSON.stringify({ question: 'Unrelated question?', answer: '#### 1' })}\n${JSON.stringify({ question: `  ${q.toUpperCase().replace(/ /g, '\n')} `, answer: '#### 12' })}\n`);
    const refused = await exportFineTuningData(request({ testSets: [test] })).then(
      () => assert.fail('the export should be refused'),
      (e: unknown) => e,
    );
    assert.ok(refused instanceof TestSetOverlapError);
    // q3: its gold solution and its verified correction (its augmented path repeats the gold solution, so is not written).
    assert.equal(refused.overlap.length, 2);
    assert.match(refused.message, /refusing to export: 1 question of the test set would be trained on \(2 examples\)/);
    assert.ok(refused.message.includes(`${test}:2: question`), refused.message);
    assert.ok(refused.message.includes('Sam has 5 apples'));
    const clean = join(t.dir(), 'clean.jsonl');
    writeFileSync(clean, `${JSON.stringify({ question: 'Unrelated question?', answer: '#### 1' })}\n`);
    const ok = await exportFineTuningData(request({ testSets: [clean] }));
    assert.deepEqual(ok.manifest.testSets.map((s) => s.questions), [1]);
  });

  it('writes each format so that its parser reads back every example', async () => {
    const chat = await exportFineTuningData(request({ format: 'openai-chat', output: 'chat.jsonl', templates: { systemMessage: 'Be exact.' } }));
    const rows = readJsonl<{ messages: Array<{ role: string; content: string }> }>(chat.output);
    assert.equal(rows.length, 9);
    for (const r of rows) assert.deepEqual(r.messages.map((m) => m.role), ['system', 'user', 'assistant']);
    const alpaca = await exportFineTuningData(request({ format: 'alpaca', output: 'alpaca.json', content: 'correction' }));
    const items = JSON.parse(readFileSync(alpaca.output, 'utf8')) as Array<{ instruction: string; input: string; output: string }>;
    assert.equal(items.length, 3);
    for (const i of items) {
      assert.equal(i.instruction, FIXTURE_PROMPT_INSTRUCTION);
      assert.match(i.input, /^Question: .+\nOriginal Solution:\nStep 1: /s);
    }
    const share = await exportFineTuningData(request({ format: 'sharegpt', output: 'share.json', content: 'cot' }));
    const convs = JSON.parse(readFileSync(share.output, 'utf8')) as Array<{ conversations: Array<{ from: string }> }>;
    assert.equal(convs.length, 6);
  });

  it('an export the filters leave empty is an error that says what was dropped', async () => {
    await assert.rejects(
      exportFineTuningData(request({ content: 'correction', filters: { verifiedOnly: true, minRating: 'excellent', models: ['gpt-3.5'] } })),
      /nothing to export: .*correction: 7 read \(7 model not chosen\)/,
    );
  });
});

describe('seeded sampling and question matching', () => {
  it('the PRNG repeats under a seed and spreads values over [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(xs.slice(0, 5), Array.from({ length: 5 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
  });

  it('shuffling does not depend on the input order', () => {
    const make = (k: string) => ({ key: k }) as never;
    const one = shuffleExamples(['a', 'b', 'c', 'd', 'e'].map(make), 3).map((e: { key: string }) => e.key);
    const two = shuffleExamples(['e', 'd', 'c', 'b', 'a'].map(make), 3).map((e: { key: string }) => e.key);
    assert.deepEqual(one, two);
    assert.deepEqual([...one].sort(), ['a', 'b', 'c', 'd', 'e']);
  });

  it('normalises case, spacing and Unicode form', () => {
    assert.equal(normalizeQuestion('  What  is\n2＋2? '), normalizeQuestion('what is 2+2?'));
    assert.notEqual(normalizeQuestion('What is 2+3?'), normalizeQuestion('What is 2+2?'));
  });
});
