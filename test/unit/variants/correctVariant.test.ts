/**
 * Correction variants end to end over the fake endpoint: `mistakebook correct --prompt FILE` on a run
 * that has corrections corrects the same mistakes again as a new variant (a variant id on each new
 * row, variants.jsonl notes it), leaves the run's own rows and run.json's stage states as they were,
 * and a rerun of an existing variant sends no request. Old rows without a variant id stay the
 * original variant's, with their ids unchanged.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRun, runStages, type CorrectionRecord } from '../../../src/core/pipeline';
import { loadComparison, readVariants, variantId, type VariantRecord } from '../../../src/core/variants';
import { RunStore } from '../../../src/core/store/runStore';
import { corrector } from '../../fake-openai/corrector';
import { run } from '../cli/capture';
import { KEY, makeFixture, rows, runJson, type Fixture } from '../pipeline/fixture';

const keys = { apiKeys: { reasoner: KEY, corrector: KEY } };
const quick = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const KEY_ENV = 'MB_VARIANT_TEST_KEY';

/** The sample prompt with its last two worked examples left out: another P_c. */
function shorterPrompt(text: string): string {
  const blocks = text.split('\n\nQuestion:');
  return `${blocks.slice(0, 3).join('\n\nQuestion:')}\n`;
}

describe('correction variants: correct --prompt FILE on a run with corrections', function () {
  this.timeout(30_000);
  let fx: Fixture;
  let runId: string;
  let briefFile: string;

  beforeEach(async () => {
    fx = await makeFixture({ questions: 10, reasoner: { wrongRate: 0.4 } });
    runId = await createRun(fx.config());
    const result = await runStages(fx.dir, runId, ['sample', 'correct'], { ...keys, ...quick });
    assert.equal(result.stages.correct?.state, 'done');
    briefFile = join(fx.dir, 'brief.fewshot.txt');
    writeFileSync(briefFile, shorterPrompt(readFileSync(fx.prompt, 'utf8')));
    process.env[KEY_ENV] = KEY;
  });
  afterEach(async () => {
    delete process.env[KEY_ENV];
    await fx.close();
  });

  const correctCli = (...extra: string[]) => run('correct', '--run', runId, '--workspace', fx.dir, '--api-key-env', KEY_ENV, '--yes', ...extra);

  it('adds a variant on the same mistakes, leaves the original rows and stage states alone, and a rerun sends nothing', async () => {
    const before = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    const stagesBefore = runJson(fx.dir, runId).stages;
    const originalId = variantId(fx.model('corrector'), before[0]?.promptSha256 ?? '');
    assert.ok(before.length > 0 && before.every((c) => c.variant === originalId), 'the correct stage names its variant');
    const asked = fx.fake.requests.filter((r) => r.model === 'corrector').length;

    const first = await correctCli('--prompt', briefFile);
    assert.equal(first.code, 0, first.stderr);
    const after = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    assert.deepEqual(after.slice(0, before.length), before, 'the stored rows are untouched');
    const added = after.slice(before.length);
    assert.equal(added.length, before.length, 'one new correction per mistake');
    assert.deepEqual(new Set(added.map((c) => c.pathId)), new Set(before.map((c) => c.pathId)), 'the same mistakes');
    const variants = rows<VariantRecord>(fx.dir, runId, 'variants');
    assert.equal(variants.length, 1);
    const v = variants[0];
    assert.ok(v !== undefined && added.every((c) => c.variant === v.id && c.promptSha256 === v.prompt.sha256));
    assert.equal(v.prompt.file, 'brief.fewshot.txt', 'workspace-relative');
    assert.notEqual(v.id, originalId);
    assert.deepEqual(runJson(fx.dir, runId).stages, stagesBefore, "run.json's stage states are the run's own");
    assert.equal(fx.fake.requests.filter((r) => r.model === 'corrector').length, asked + before.length);
    // run status says the run has two variants and that its counts add them up.
    const status = await run('run', 'status', runId, '--workspace', fx.dir);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /correction variants 2 \(the counts above add them up; mistakebook compare --run /);

    // A rerun of the same variant (same file, same model) asks for nothing and writes nothing.
    const requests = fx.fake.requests.length;
    const again = await correctCli('--prompt', briefFile);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(fx.fake.requests.length, requests, 'no request sent');
    assert.equal(rows<CorrectionRecord>(fx.dir, runId, 'corrections').length, after.length);
    assert.equal(rows<VariantRecord>(fx.dir, runId, 'variants').length, 1);
    // So does the run's own correct stage.
    assert.equal((await correctCli()).code, 0);
    assert.equal(fx.fake.requests.length, requests);
  });

  it('another corrector model makes another variant; the comparison reads both, and --variants picks them by id start', async () => {
    fx.fake.setScript('corrector-sloppy', corrector({ wrongRate: 0.5 }));
    const made = await correctCli('--prompt', fx.prompt, '--corrector-model', 'corrector-sloppy');
    assert.equal(made.code, 0, made.stderr);
    const corrections = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    const sloppy = corrections.filter((c) => c.model === 'corrector-sloppy');
    assert.ok(sloppy.length > 0 && sloppy.some((c) => !c.verified), 'the sloppy corrector misses some');
    const store = await RunStore.open(fx.dir, runId, { onDiagnostic: () => undefined });
    const variants = await readVariants(store).finally(() => store.close());
    assert.deepEqual(variants.map((v) => [v.original, v.model.model]), [[true, 'corrector'], [false, 'corrector-sloppy']]);

    const json = await run('compare', '--run', runId, '--workspace', fx.dir, '--json', '--variants', `${variants[1]?.id.slice(0, 4) ?? ''},original`);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { variants: { id: string; corrections: number; verified: number }[]; pairs: { a: string; b: string; paired: number; onlyA: number; onlyB: number; bothVerified: number; neither: number }[] };
    assert.deepEqual(report.variants.map((v) => v.id), [variants[1]?.id, variants[0]?.id], 'in the order asked');
    assert.equal(report.variants[0]?.corrections, sloppy.length);
    assert.equal(report.variants[0]?.verified, sloppy.filter((c) => c.verified).length);
    const pair = report.pairs[0];
    assert.ok(pair !== undefined);
    assert.equal(pair.paired, sloppy.length);
    assert.equal(pair.bothVerified + pair.onlyA + pair.onlyB + pair.neither, pair.paired);

    const text = await run('compare', '--run', runId, '--workspace', fx.dir);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /verify rate \d+\.\d% \(n = \d+, 95% CI/);
    assert.match(text.stdout, /McNemar exact p [=<] \d\.\d+, (not )?significant at the 5% level/);
    const unknown = await run('compare', '--run', runId, '--workspace', fx.dir, '--variants', 'ffffffff,original');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no variant 'ffffffff'; its variants: /);
  });

  it('rows written before variants existed (no variant id) count as the original variant, ids unchanged', async () => {
    const file = join(fx.dir, '.mistakebook', 'runs', runId, 'corrections.jsonl');
    const old = rows<CorrectionRecord>(fx.dir, runId, 'corrections').map(({ variant: _v, ...rest }) => rest);
    writeFileSync(file, old.map((c) => JSON.stringify(c)).join('\n') + '\n');
    const requests = fx.fake.requests.length;
    const rerun = await runStages(fx.dir, runId, ['correct'], { ...keys, ...quick });
    assert.equal(rerun.stages.correct?.state, 'done');
    assert.equal(fx.fake.requests.length, requests, 'nothing stored is asked again');
    const comparison = await loadComparison(fx.dir, runId, { ratings: new Map() });
    const report = comparison.report();
    assert.equal(report.variants.length, 1);
    assert.equal(report.variants[0]?.corrections, old.length);
  });

  it('a prompt with errors makes no variant and asks nothing', async () => {
    const bad = join(fx.dir, 'bad.fewshot.txt');
    writeFileSync(bad, 'Question: no solution here\n');
    const requests = fx.fake.requests.length;
    const result = await correctCli('--prompt', bad);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad\.fewshot\.txt:\d+/);
    assert.equal(fx.fake.requests.length, requests);
    assert.equal(rows(fx.dir, runId, 'variants').length, 0);
  });

  it('export --variant takes one variant\'s corrections (fine-tuning and process labels), names the choice in the manifest, and refuses a name no run has', async () => {
    assert.equal((await correctCli('--prompt', briefFile)).code, 0);
    const all = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    const [added] = rows<VariantRecord>(fx.dir, runId, 'variants');
    assert.ok(added !== undefined);
    const verifiedOf = (variant: string | undefined) => all.filter((c) => c.variant === variant && c.outcome === 'parsed' && c.verified).length;
    const exportCli = (out: string, ...extra: string[]) => run('export', '--workspace', fx.dir, '--run', runId, '--content', 'correction', '--output', join(fx.dir, out), ...extra);
    const manifestOf = (out: string) => JSON.parse(readFileSync(join(fx.dir, `${out}.manifest.json`), 'utf8')) as { filters: { variants?: string[] }; sources: { correction: { kept: number; dropped: Record<string, number> } } };

    const both = await exportCli('both.jsonl');
    assert.equal(both.code, 0, both.stderr);
    assert.equal(manifestOf('both.jsonl').filters.variants, undefined, 'no filter, every variant');

    const original = await exportCli('original.jsonl', '--variant', 'original');
    assert.equal(original.code, 0, original.stderr);
    const o = manifestOf('original.jsonl');
    assert.deepEqual(o.filters.variants, ['original']);
    const originalId = all[0]?.variant;
    assert.equal(o.sources.correction.kept, verifiedOf(originalId));
    assert.equal(o.sources.correction.dropped['variant not chosen'], all.filter((c) => c.variant !== originalId).length);

    const brief = await exportCli('brief.jsonl', '--variant', added.id.slice(0, 5));
    assert.equal(brief.code, 0, brief.stderr);
    assert.equal(manifestOf('brief.jsonl').sources.correction.kept, verifiedOf(added.id));
    assert.equal(readFileSync(join(fx.dir, 'brief.jsonl'), 'utf8').trim().split('\n').length, verifiedOf(added.id));

    const prm = await run('export', '--workspace', fx.dir, '--run', runId, '--format', 'prm', '--variant', added.id, '--output', join(fx.dir, 'brief.prm.jsonl'));
    assert.equal(prm.code, 0, prm.stderr);
    const prmLines = readFileSync(join(fx.dir, 'brief.prm.jsonl'), 'utf8').trim().split('\n');
    assert.equal(prmLines.length, new Set(all.filter((c) => c.variant === added.id && c.outcome === 'parsed' && c.verified).map((c) => c.pathId)).size);
    assert.deepEqual((JSON.parse(readFileSync(join(fx.dir, 'brief.prm.jsonl.manifest.json'), 'utf8')) as { filters: { variants?: string[] } }).filters.variants, [added.id]);

    const unknown = await exportCli('none.jsonl', '--variant', 'ffffffff');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no correction variant 'ffffffff' in runs .*mistakebook compare/);
  });

  it('a run.json older than the recorded solve prompt still names its original variant (compare and run status read it)', async () => {
    const file = join(fx.dir, '.mistakebook', 'runs', runId, 'run.json');
    const info = JSON.parse(readFileSync(file, 'utf8')) as { prompts: Record<string, unknown> };
    delete info.prompts['solve'];
    writeFileSync(file, JSON.stringify(info, null, 2));
    const store = await RunStore.open(fx.dir, runId, { onDiagnostic: () => undefined });
    const variants = await readVariants(store).finally(() => store.close());
    const corrections = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    assert.deepEqual(variants.map((v) => [v.id, v.original]), [[corrections[0]?.variant, true]]);
    const compared = await run('compare', '--run', runId, '--workspace', fx.dir, '--json');
    assert.equal(compared.code, 0, compared.stderr);
    assert.equal((JSON.parse(compared.stdout) as { variants: unknown[] }).variants.length, 1);
  });
});
