import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../src/core/diagnostic';
import { exportFineTuningData } from '../../../src/core/export';
import type { TrainingExample } from '../../../src/core/export/example';
import { EXPORT_FORMATS, fileRenderer, toRow } from '../../../src/core/export/formats';
import { hashFiles } from '../../../src/core/export/inputHashes';
import { sha256File } from '../../../src/core/store/fileHash';
import { buildExportFixture } from '../../support/exportFixture';
import { useTempDir } from '../store/workspace';

const example = (n: number, text: string): TrainingExample => ({
  key: `gold:${n}`,
  source: 'gold',
  runId: 'r',
  questionId: `q${n}`,
  question: text,
  task: 'gsm8k',
  instruction: 'Solve.',
  input: `Question: ${text}`,
  prompt: `Solve.\nQuestion: ${text}\n`,
  output: `Step 1: "${text}"\n\tThe answer is ${n}. ✓ \u2028`,
});

describe('export written as it goes', () => {
  const t = useTempDir();

  it('renders each format row by row to exactly what the whole set at once would be', () => {
    for (const count of [0, 1, 3]) {
      const examples = Array.from({ length: count }, (_, i) => example(i, `line one\nline "two" {x} \\frac{1}{2}`));
      for (const format of EXPORT_FORMATS) {
        const renderer = fileRenderer(format, 'Be exact.');
        const streamed = renderer.start() + examples.map((e) => renderer.row(e)).join('') + renderer.end();
        const rows = examples.map((e) => toRow(format, e, 'Be exact.'));
        const whole = format.endsWith('chat') || format === 'prompt-completion' ? rows.map((r) => `${JSON.stringify(r)}\n`).join('') : `${JSON.stringify(rows, null, 1)}\n`;
        assert.equal(streamed, whole, `${format} with ${count} examples`);
      }
    }
  });

  it('a failure while writing leaves neither the file nor a temp file behind', async () => {
    await buildExportFixture(t.dir());
    const request = { workspaceDir: t.dir(), output: 'out/train.jsonl', format: 'prompt-completion' as const, content: 'correction' as const, filters: { verifiedOnly: true }, seed: 1, toolVersion: 'test' };
    // An unknown placeholder is found when a correction's text is first made (while collecting, to find duplicates).
    await assert.rejects(exportFineTuningData({ ...request, templates: { correctionInput: 'Q: {question} {nope}' } }), /unknown placeholder \{nope\}/);
    assert.equal(existsSync(join(t.dir(), 'out', 'train.jsonl')), false);
    assert.deepEqual(existsSync(join(t.dir(), 'out')) ? readdirSync(join(t.dir(), 'out')) : [], []);
    const ok = await exportFineTuningData(request);
    assert.ok(ok.manifest.examples > 0);
    assert.deepEqual(readdirSync(join(t.dir(), 'out')).sort(), ['train.jsonl', 'train.jsonl.manifest.json']);
  });

  it('hashes the inputs on a worker thread to the same sha256 as the file hash, null for a missing file', async () => {
    const file = join(t.dir(), 'table.jsonl');
    writeFileSync(file, 'x'.repeat(3 << 20) + '\n{"id":"a"}\n');
    const [sha, missing] = await hashFiles([file, join(t.dir(), 'missing.jsonl')]);
    assert.equal(sha, await sha256File(file));
    assert.equal(missing, null);
  });

  it('leaves a torn last line of a table out, with a warning naming the file and line', async () => {
    await buildExportFixture(t.dir());
    const request = { workspaceDir: t.dir(), output: 'train.jsonl', format: 'prompt-completion' as const, content: 'both' as const, filters: { verifiedOnly: true }, seed: 1, toolVersion: 'test' };
    const before = (await exportFineTuningData(request)).manifest.written;
    const corrections = join(t.dir(), '.mistakebook', 'runs', 'run-1-llama-7b', 'corrections.jsonl');
    const lines = readFileSync(corrections, 'utf8').split('\n').length - 1;
    appendFileSync(corrections, '{"id":"cut-off-by-a-crash","pathId":"p');
    const diagnostics: Diagnostic[] = [];
    const after = await exportFineTuningData({ ...request, overwrite: true, onDiagnostic: (d) => diagnostics.push(d) });
    assert.deepEqual(after.manifest.written, before);
    const torn = diagnostics.filter((d) => d.message.includes('left out of the export'));
    assert.deepEqual(torn.map((d) => [d.file, d.line, d.severity]), [[corrections, lines + 1, 'warning']]);
  });
});
