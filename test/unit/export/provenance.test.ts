import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureExportFolder,
  exampleTextKey,
  EXPORT_FORMATS,
  exportFineTuningData,
  ExportWouldOverwriteError,
  filesAnExportReplaces,
  findManifest,
  formatExtension,
  legacyManifestPathFor,
  manifestPathFor,
  normaliseExampleText,
  readManifest,
  type ExportManifest,
  type ExportRequest,
} from '../../../src/core/export';
import type { PathRecord } from '../../../src/core/pipeline/records';
import { sha256Hex } from '../../../src/core/ids';
import { buildExportFixture, type ExportFixture } from '../../support/exportFixture';
import { run } from '../cli/capture';
import { useTempDir } from '../store/workspace';
import { exportRequest, readJsonl } from './requests';

const tableOf = (workspace: string, runId: string, table: string): string => join(workspace, '.mistakebook', 'runs', runId, `${table}.jsonl`);


describe('export provenance', () => {
  const t = useTempDir();
  let fixture: ExportFixture;
  beforeEach(async () => {
    fixture = await buildExportFixture(t.dir());
  });

  const request = (extra: Partial<ExportRequest> = {}): ExportRequest => exportRequest(t.dir(), 'exports/lema-both.jsonl', 0, extra);

  describe('manifest names', () => {
    it('are the full output name + .manifest.json, so a .jsonl and a .json of one base name keep one each', async () => {
      assert.equal(manifestPathFor('/x/lema-both.jsonl'), '/x/lema-both.jsonl.manifest.json');
      assert.equal(legacyManifestPathFor('/x/lema-both.jsonl'), '/x/lema-both.manifest.json');
      const jsonl = await exportFineTuningData(request());
      const json = await exportFineTuningData(request({ output: 'exports/lema-both.json', format: 'alpaca' }));
      assert.equal(jsonl.manifestPath, join(t.dir(), 'exports', 'lema-both.jsonl.manifest.json'));
      assert.equal(json.manifestPath, join(t.dir(), 'exports', 'lema-both.json.manifest.json'));
      const first = JSON.parse(readFileSync(jsonl.manifestPath, 'utf8')) as ExportManifest;
      const second = JSON.parse(readFileSync(json.manifestPath, 'utf8')) as ExportManifest;
      assert.deepEqual([first.output.path, first.format], ['lema-both.jsonl', 'prompt-completion']);
      assert.deepEqual([second.output.path, second.format], ['lema-both.json', 'alpaca']);
      assert.equal(first.output.sha256, sha256Hex(readFileSync(jsonl.output)), 'the first manifest still describes its own file');
    });
  });

  describe('relative paths', () => {
    it('stores no absolute path: the output beside the manifest, inputs under the workspace', async () => {
      const test = join(t.dir(), 'datasets', 'held-out.jsonl');
      writeFileSync(test, `${JSON.stringify({ question: 'Unrelated question?', answer: '#### 1' })}\n`);
      const result = await exportFineTuningData(request({ output: join(t.dir(), 'exports', 'deep', 'set.jsonl'), testSets: [test] }));
      const text = readFileSync(result.manifestPath, 'utf8');
      assert.ok(!text.includes(t.dir()), 'the workspace folder is named nowhere in the manifest');
      const m = JSON.parse(text) as ExportManifest;
      assert.equal(m.manifestVersion, 2);
      assert.equal(m.output.path, 'set.jsonl');
      assert.equal(m.workspace, '../..');
      assert.deepEqual(m.testSets.map((s) => s.path), ['datasets/held-out.jsonl']);
      assert.deepEqual(
        m.inputs.filter((i) => i.role !== 'run').map((i) => i.path),
        [
          '.mistakebook/runs/run-1-llama-7b/paths.jsonl',
          '.mistakebook/runs/run-1-llama-7b/augmented.jsonl',
          '.mistakebook/runs/run-1-llama-7b/corrections.jsonl',
          '.mistakebook/runs/run-1-llama-7b/ratings.jsonl',
          'datasets/train.jsonl',
          '.mistakebook/runs/run-2-llama-13b/paths.jsonl',
          'datasets/held-out.jsonl',
        ],
      );
    });

    it('readManifest resolves every path of a new manifest, and of an older one with absolute paths', async () => {
      const result = await exportFineTuningData(request());
      const read = await readManifest(result.manifestPath);
      assert.equal(read.output, result.output);
      assert.equal(read.workspace, t.dir());
      for (const input of read.inputs) assert.equal(sha256Hex(readFileSync(input.path)), input.sha256, input.path);

      // A version-1 manifest: named without the extension, absolute paths, no `workspace`.
      const legacy = legacyManifestPathFor(result.output);
      const old: ExportManifest = { ...read.manifest, output: { path: result.output, sha256: read.manifest.output.sha256 }, inputs: read.inputs };
      delete old.manifestVersion;
      delete old.workspace;
      writeFileSync(legacy, JSON.stringify(old));
      const again = await readManifest(legacy);
      assert.equal(again.output, result.output);
      assert.deepEqual(again.inputs.map((i) => i.path), read.inputs.map((i) => i.path));
      await assert.rejects(readManifest(join(t.dir(), 'datasets', 'train.jsonl')), /train\.jsonl:1: not a readable export manifest/);
    });

    it('findManifest prefers the new name, and takes an older one only for the output it describes', async () => {
      const result = await exportFineTuningData(request());
      assert.equal(await findManifest(result.output), result.manifestPath);
      const legacy = legacyManifestPathFor(result.output);
      writeFileSync(legacy, JSON.stringify({ ...result.manifest, output: { path: '/elsewhere/exports/lema-both.jsonl', sha256: 'ab' } }));
      rmSync(result.manifestPath);
      assert.equal(await findManifest(result.output), legacy, 'an older manifest naming this file, from a folder since moved');
      assert.equal(await findManifest(join(t.dir(), 'exports', 'lema-both.json')), undefined, 'not the manifest of the .json twin');
    });
  });

  describe('overwriting', () => {
    it('is refused before anything is read, naming the file and its manifest, and leaves both as they were', async () => {
      const first = await exportFineTuningData(request());
      const bytes = readFileSync(first.output, 'utf8');
      const manifest = readFileSync(first.manifestPath, 'utf8');
      const refused = await exportFineTuningData(request({ seed: 9 })).then(
        () => assert.fail('the second export should be refused'),
        (e: unknown) => e,
      );
      assert.ok(refused instanceof ExportWouldOverwriteError);
      assert.deepEqual(refused.files, [first.output, first.manifestPath]);
      assert.match(refused.message, /refusing to overwrite .*lema-both\.jsonl and .*lema-both\.jsonl\.manifest\.json/);
      assert.equal(readFileSync(first.output, 'utf8'), bytes);
      assert.equal(readFileSync(first.manifestPath, 'utf8'), manifest);
    });

    it('a manifest left without its file blocks too; overwrite replaces and says what it replaced', async () => {
      const first = await exportFineTuningData(request());
      rmSync(first.output);
      assert.deepEqual(await filesAnExportReplaces(first.output), [first.manifestPath]);
      await assert.rejects(exportFineTuningData(request()), ExportWouldOverwriteError);
      const second = await exportFineTuningData(request({ seed: 4, overwrite: true }));
      assert.deepEqual(second.replaced, [first.manifestPath]);
      assert.equal((JSON.parse(readFileSync(second.manifestPath, 'utf8')) as ExportManifest).seed, 4);
    });

    it('an older manifest of the file blocks, and is removed when the file is replaced (it would describe bytes now gone)', async () => {
      const first = await exportFineTuningData(request());
      const legacy = legacyManifestPathFor(first.output);
      writeFileSync(legacy, JSON.stringify({ ...first.manifest, output: { path: first.output, sha256: 'old' } }));
      rmSync(first.manifestPath);
      assert.deepEqual(await filesAnExportReplaces(first.output), [first.output, legacy]);
      const second = await exportFineTuningData(request({ overwrite: true }));
      assert.deepEqual(second.replaced, [first.output, legacy]);
      assert.equal(existsSync(legacy), false);
      assert.equal(existsSync(second.manifestPath), true);
    });

    it('the command line refuses without --force (exit 1, naming the files) and replaces with it', async () => {
      const out = join(t.dir(), 'sets', 'lema.jsonl');
      assert.equal((await run('export', '--workspace', t.dir(), '--output', out)).code, 0);
      const refused = await run('export', '--workspace', t.dir(), '--output', out, '--seed', '3');
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /^mistakebook export: refusing to overwrite .*lema\.jsonl and .*lema\.jsonl\.manifest\.json: choose another file name, or allow overwriting \(--force/);
      const forced = await run('export', '--workspace', t.dir(), '--output', out, '--seed', '3', '--force');
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /\nreplaced: .*lema\.jsonl, .*lema\.jsonl\.manifest\.json\n$/);
      assert.equal((JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as ExportManifest).seed, 3);
    });
  });

  describe('exact duplicates', () => {
    it('compares texts with Unicode form and white space normalised, prompt and completion kept apart', () => {
      assert.equal(normaliseExampleText('  Step 1:\tx =\n\n 2\u00a0 '), 'Step 1: x = 2');
      assert.equal(normaliseExampleText('cafe\u0301'), 'café');
      assert.equal(exampleTextKey('Q: 2+2?\n', 'The answer is 4.'), exampleTextKey('Q:  2+2?', ' The answer\nis 4. '));
      assert.notEqual(exampleTextKey('Q: 2+2?', 'The answer is 4.'), exampleTextKey('Q: 2+2?', 'The answer is 5.'));
      assert.notEqual(exampleTextKey('ab', 'c'), exampleTextKey('a', 'bc'));
      assert.equal(exampleTextKey('x', 'y').length, 22, 'a 128-bit hash is kept, not the text');
    });

    it('collapses white space exactly as replace(/\\s+/g, " ") would, on random texts', () => {
      const pieces = ['a', 'bc', ' ', '  ', '\n', '\t', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff'];
      let seed = 1;
      const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
      for (let i = 0; i < 2000; i++) {
        const text = Array.from({ length: next() % 12 }, () => pieces[next() % pieces.length]).join('');
        assert.equal(normaliseExampleText(text), text.replace(/\s+/g, ' ').trim(), JSON.stringify(text));
      }
    });

    it('the same path in a second run, spaced differently, is written once and counted, in every format alike', async () => {
      const augmented = readJsonl<PathRecord>(tableOf(t.dir(), fixture.runIds[0], 'augmented'));
      const copy = augmented.find((p) => p.correct && p.question.startsWith('Mara')) as PathRecord;
      // Run 2 sampled the same augmented path; its line breaks and spacing differ, its words do not.
      const twin = { ...copy, id: 'augmented-twin-in-run-2', completion: `${copy.completion.replace(/\n/g, '\n\n  ')}\n` };
      mkdirSync(join(t.dir(), '.mistakebook', 'runs', fixture.runIds[1]), { recursive: true });
      appendFileSync(tableOf(t.dir(), fixture.runIds[1], 'augmented'), `${JSON.stringify(twin)}\n`);
      const counts = [];
      for (const format of EXPORT_FORMATS) {
        const result = await exportFineTuningData(request({ output: `exports/all-${format}${formatExtension(format)}`, format, templates: { systemMessage: 'Be exact.' } }));
        counts.push([format, result.manifest.examples, result.manifest.duplicatesRemoved, result.manifest.sources.augmented.dropped['exact duplicate']]);
      }
      // The fixture's own three (q3's augmented path = its gold solution; q1's corrections ×3) and the twin.
      assert.deepEqual(counts, EXPORT_FORMATS.map((f) => [f, 9, 4, 2]));
      const rows = readJsonl<{ completion: string }>(join(t.dir(), 'exports', 'all-prompt-completion.jsonl'));
      assert.equal(rows.filter((r) => normaliseExampleText(r.completion) === normaliseExampleText(copy.completion)).length, 1);
    });

    it('are removed before sizing, so a size asked for is met with distinct examples', async () => {
      const sized = await exportFineTuningData(request({ size: 9 }));
      const rows = readJsonl<{ prompt: string; completion: string }>(sized.output);
      assert.equal(new Set(rows.map((r) => exampleTextKey(r.prompt, r.completion))).size, 9);
      await assert.rejects(exportFineTuningData(request({ output: 'exports/ten.jsonl', size: 10 })), /asked for 10 examples but the filters leave only 9 examples/);
    });

    it('counts only the exported content: a CoT set reports no correction duplicates', async () => {
      const cot = await exportFineTuningData(request({ content: 'cot' }));
      assert.deepEqual([cot.manifest.duplicatesRemoved, cot.manifest.duplicateReasons], [1, { 'exact duplicate': 1 }]);
      const corrections = await exportFineTuningData(request({ output: 'exports/c.jsonl', content: 'correction' }));
      assert.deepEqual([corrections.manifest.duplicatesRemoved, corrections.manifest.examples], [2, 3]);
    });

    it('a question in two dataset files is a repeated record, counted under its own reason', async () => {
      // Run 2 reads a copy of the dataset: the same questions (same ids), another file.
      const copy = join(t.dir(), 'datasets', 'train-copy.jsonl');
      writeFileSync(copy, readFileSync(fixture.dataset));
      const runJson = join(t.dir(), '.mistakebook', 'runs', fixture.runIds[1], 'run.json');
      const info = JSON.parse(readFileSync(runJson, 'utf8')) as { dataset: { path: string } };
      info.dataset.path = copy;
      writeFileSync(runJson, JSON.stringify(info));
      const m = (await exportFineTuningData(request({ content: 'cot' }))).manifest;
      assert.equal(m.sources.gold.dropped['repeated record'], 4);
      assert.deepEqual(m.duplicateReasons, { 'exact duplicate': 1, 'repeated record': 4 });
      assert.equal(m.duplicatesRemoved, 5);
    });

    it('the command line says how many were removed', async () => {
      const r = await run('export', '--workspace', t.dir(), '--output', join(t.dir(), 'x.jsonl'), '--content', 'cot');
      assert.match(r.stdout, /^wrote 6 examples \(4 gold, 2 augmented, 0 corrections\); 1 duplicate removed \(1 exact duplicate\) to /);
    });
  });

  describe('the default export folder', () => {
    it('is made on request, and making it again is harmless', async () => {
      const folder = await ensureExportFolder(t.dir());
      assert.equal(folder, join(t.dir(), 'exports'));
      assert.ok(statSync(folder).isDirectory());
      writeFileSync(join(folder, 'keep.txt'), 'x');
      assert.equal(await ensureExportFolder(t.dir()), folder);
      assert.equal(readFileSync(join(folder, 'keep.txt'), 'utf8'), 'x');
    });
  });
});
