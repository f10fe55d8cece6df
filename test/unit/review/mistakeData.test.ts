import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mistakeMarkdown } from '../../../src/core/review/markdown';
import { LONGEST_DIFFED_STEP, LONGEST_SENT_TEXT, mistakeData } from '../../../src/core/review/mistakeData';
import { rateCorrection } from '../../../src/core/review/rate';
import { loadRun } from '../../../src/core/runs/loadRun';
import { isHostToMistakeView } from '../../../src/shared/protocol';
import { hostileRun, megabyteText } from '../../fixtures/hostile/corpus';
import { gsm8kRun, writeRunFixture } from '../../support/runFixture';

const ignore = (): void => undefined;

describe('review: a mistake shaped for the view', () => {
  it('gives the header facts, the position and aligned rows', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'mb-data-'));
    const run = await writeRunFixture(workspace, gsm8kRun('data-run'));
    const review = await loadRun(workspace, run.runId, ignore);
    const data = mistakeData(review, 0);
    assert.deepEqual([data.position, data.total, data.goldAnswer, data.pathAnswer, data.reasonerModel, data.task], [1, 3, '72', '62', 'llama-2-7b', 'gsm8k']);
    const [correction] = data.corrections;
    assert.ok(correction);
    assert.deepEqual(correction.rows.map((r) => `${r.kind}:${r.number}`), ['shared:1', 'shared:2', 'replaced:3', 'invalidated-original:4', 'new-corrected:4']);
    const replaced = correction.rows[2];
    assert.ok(replaced?.diff?.some((d) => d.added && d.value.includes('72')));
    assert.ok(replaced?.diff?.some((d) => d.removed && d.value.includes('62')));
    assert.equal(correction.verified, true);
    assert.equal(correction.raw, undefined, 'a parsed correction does not carry its raw text to the view');
    assert.ok(isHostToMistakeView({ type: 'show', mistake: data, toolbar: { regenerate: false, addToPrompt: true, revealInTree: true, openPrompt: true } }));
  });

  it('carries the rating in force and an unparseable correction’s raw text', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'mb-data-'));
    const fixture = gsm8kRun('data-run-2');
    fixture.paths[0]?.corrections?.push({ incorrectStep: 1, explanation: '', correctedSteps: [], answer: null, verified: false, unparseable: 'no "Incorrect Step:" line' });
    const run = await writeRunFixture(workspace, fixture);
    const review = await loadRun(workspace, run.runId, ignore);
    await rateCorrection(review, run.correctionIds[0]?.[0] ?? '', 'poor', 'misses it', ignore);
    const data = mistakeData(review, 0);
    const [rated, unreadable] = data.corrections;
    assert.deepEqual([rated?.rating?.value, rated?.rating?.note], ['poor', 'misses it']);
    assert.deepEqual(data.progress, { rated: 1, total: 4 }, 'the whole run: 2 + 2 corrections, one rated');
    assert.deepEqual(mistakeData(review, 2).progress, data.progress, 'the same on every mistake');
    assert.equal(unreadable?.outcome, 'unparseable');
    assert.match(unreadable?.raw ?? '', /^Incorrect Step/);
    assert.ok(unreadable?.rows.every((r) => r.kind === 'shared'));
  });

  it('does not word-diff a megabyte step, and stays fast', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'mb-data-'));
    const run = await writeRunFixture(workspace, hostileRun('hostile-run'));
    const review = await loadRun(workspace, run.runId, ignore);
    const t0 = performance.now();
    const data = mistakeData(review, 0);
    const ms = performance.now() - t0;
    assert.ok(ms < 500, `shaped in ${ms.toFixed(0)} ms`);
    const rows = data.corrections[0]?.rows ?? [];
    const long = rows.filter((r) => (r.original ?? r.corrected ?? '').length > LONGEST_DIFFED_STEP);
    assert.ok(long.length >= 2);
    assert.ok(long.every((r) => r.diff === undefined));
    const cut = rows.find((r) => r.original?.startsWith(megabyteText.slice(0, LONGEST_SENT_TEXT)));
    assert.ok(cut?.original !== undefined && cut.original.length < LONGEST_SENT_TEXT + 200, 'the megabyte is cut before it travels');
    assert.match(cut.original, /\[… 948,606 more characters not shown; the full text is in the run's JSONL files\]$/);
    assert.ok(data.steps.every((s) => s.length < LONGEST_SENT_TEXT + 200));
    assert.ok(rows.some((r) => r.kind === 'replaced' && r.diff !== undefined), 'short replaced steps keep their diff');
  });

  it('copies as Markdown with the verdict, the explanation and the corrected steps', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'mb-data-'));
    const run = await writeRunFixture(workspace, gsm8kRun('md-run'));
    const review = await loadRun(workspace, run.runId, ignore);
    const data = mistakeData(review, 0);
    const md = mistakeMarkdown(data, data.corrections[0]);
    assert.match(md, /^## Mistake 1 of 3 \(run md-run\)/);
    assert.match(md, /Corrected answer \(gpt-4\): 72 ✓ verified/);
    assert.match(md, /\*\*Incorrect step:\*\* 3/);
    assert.match(md, /### Corrected solution\n\n1\. Rosa picks 48 apples on Monday\.\n2\. .*\n3\. Altogether she picks 48 \+ 24 = <<48\+24=72>>72 apples\.\n4\. The answer is 72\.\n$/);
    assert.doesNotMatch(mistakeMarkdown(mistakeData(review, 2), undefined), /Corrected/);
  });

  it('refuses a position past the end with the count in the message', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'mb-data-'));
    const run = await writeRunFixture(workspace, gsm8kRun('range-run'));
    const review = await loadRun(workspace, run.runId, ignore);
    assert.throws(() => mistakeData(review, 3), /has 3 mistakes; there is no mistake 4/);
  });
});
