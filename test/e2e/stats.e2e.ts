/**
 * Statistics and export as a user meets them: a workspace with two finished runs (the export
 * fixture), Show Statistics from the palette renders every chart with one bar per aggregate row,
 * every rate with its n and a drawn 95% interval, prompt versions by file name and short sha (a
 * click on one opens it read-only), mistakes per question counted per run and combined when several
 * runs are ticked, the run filter (runs by reasoner and start time) redraws them, a bar click filters
 * the Datasets tree (Clear Filters undoes it),
 * Export Fine-tuning Data… from the palette (quick picks and the save dialog) writes a file that
 * parses, and a run written meanwhile redraws the charts. Screenshots of each.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { runCommand as runPaletteCommand, saveAs } from '../support/palette';
import { openFixtureWorkbench, screenshotDir, screenshotIfFailed } from '../support/workbench';
import { sha256Hex } from '../../src/core/ids';
import { FIXTURE_PROMPT } from '../support/exportFixture';
import { writeRunFixture } from '../support/runFixture';


/** Bars per chart for the fixture's two runs (see test/support/exportFixture.ts and test/unit/stats). */
const EXPECTED_BARS: Record<string, number> = {
  accuracy: 2, // llama-2-7b, llama-2-13b
  evaluation: 2, // llama-2-7b on datasets/test.jsonl: pass@1 and majority vote
  'mistakes-per-question': 3, // 0..2 wrong paths of a question in one run (k = 4 per run)
  'incorrect-step': 3, // Step 1..3
  'incorrect-step-relative': 10, // tenths of the path
  'verify-rate': 2, // gpt-4 × two prompt versions
  ratings: 4, // excellent, good, poor, unrated
  tokens: 4, // sample × 2 models, correct, augment
  cost: 2, // the gpt-4 stages (local models have no price)
  'error-types': 2, // calculation 3, wrong operation 3 (the rules' reading of the explanations)
  'error-types-by-model': 2, // gpt-4 × those two types
  'error-types-by-step': 3, // Step 1: operation and calculation; Step 3: calculation
  critic: 0, // no critiques and no step labels yet
};

describe('Statistics and export in the workbench (e2e)', function () {
  this.timeout(150_000);
  let workbench: Awaited<ReturnType<typeof openFixtureWorkbench>>;
  let page: Page;
  let workspace: string;

  before(async () => {
    workbench = await openFixtureWorkbench('stats', { width: 1500, height: 1000 });
    ({ page, workspace } = workbench);
  });

  after(async () => workbench?.close());

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, 'stats-');
  });

  const runCommand = (title: string): Promise<void> => runPaletteCommand(page, title);

  const statsView = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  it('Show Statistics renders every chart, one SVG bar per row of the aggregate', async () => {
    await runCommand('Mistakebook: Show Statistics');
    const view = statsView();
    await view.locator('section.chart svg').first().waitFor({ timeout: 30_000 });
    const charts = view.locator('section.chart');
    assert.deepEqual(
      (await charts.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-chart')))).sort(),
      Object.keys(EXPECTED_BARS).sort(),
    );
    for (const [chart, bars] of Object.entries(EXPECTED_BARS)) {
      const section = view.locator(`section.chart[data-chart="${chart}"]`);
      assert.equal(await section.locator('svg g.bar').count(), bars, `${chart}: bars`);
      assert.ok((await section.locator('svg rect.segment').count()) >= bars, `${chart}: every bar has a drawn segment`);
    }
    const accuracy = view.locator('section.chart[data-chart="accuracy"] g.bar');
    assert.match((await accuracy.allTextContents()).join(' '), /75\.0% \(n = 16, 95% CI 50\.5–89\.8%\).*62\.5% \(n = 16, 95% CI 38\.6–81\.5%\)/s);
    assert.match((await view.locator('section.chart[data-chart="ratings"] g.bar').first().textContent()) ?? '', /excellent.*1 · 20\.0% \(n = 5, 95% CI 3\.6–62\.4%\)/);
    await page.screenshot({ path: join(screenshotDir, 'statistics.png') });
    await view.locator('section.chart[data-chart="cost"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'statistics-usage.png') });
  });

  it('every rate bar draws its 95% interval, and its text gives n and the interval', async () => {
    const view = statsView();
    for (const chart of ['accuracy', 'evaluation', 'verify-rate', 'ratings']) {
      const bars = view.locator(`section.chart[data-chart="${chart}"] g.bar`);
      const n = await bars.count();
      assert.equal(await view.locator(`section.chart[data-chart="${chart}"] g.bar g.interval`).count(), n, `${chart}: a whisker on every bar`);
      for (const text of await bars.locator('text.value').allTextContents()) assert.match(text, /^(\d+ · )?\d+\.\d% \(n = \d+, 95% CI \d+\.\d–\d+\.\d%\)$/, chart);
    }
    // The whisker of 12 of 16 spans 50.5 %–89.8 % of the track: it is drawn where the interval is.
    const bar13b = view.locator('section.chart[data-chart="accuracy"] g.bar', { hasText: 'llama-2-13b' });
    const track = await bar13b.locator('rect.track').boundingBox();
    const whisker = await bar13b.locator('g.interval').boundingBox();
    assert.ok(track !== null && whisker !== null);
    assert.ok(Math.abs((whisker.x - track.x) / track.width - 0.505) < 0.02, 'low end at 50.5 %');
    assert.ok(Math.abs((whisker.x + whisker.width - track.x) / track.width - 0.898) < 0.02, 'high end at 89.8 %');
    await view.locator('section.chart[data-chart="accuracy"]').screenshot({ path: join(screenshotDir, 'statistics-rate-interval.png') });
  });

  it('prompt versions are labelled by file name and short sha; a click on the label opens that version read-only', async () => {
    const view = statsView();
    const label = `gsm8k.fewshot.txt · ${sha256Hex(FIXTURE_PROMPT).slice(0, 8)}`;
    const link = view.locator('section.chart[data-chart="verify-rate"] g.label-link', { hasText: label });
    await link.waitFor({ timeout: 10_000 });
    const hover = (await link.locator('title').textContent()) ?? '';
    assert.match(hover, /^prompts\/gsm8k\.fewshot\.txt · sha256 [0-9a-f]{12}… \(\d+ lines\)/);
    assert.ok(hover.includes('For each math word problem below'), 'the tooltip shows the first lines');
    assert.ok(!hover.includes('Step 2: Tom has 3 + 2 = 5 pens.'), 'not the whole prompt');
    await view.locator('section.chart[data-chart="verify-rate"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'statistics-prompt-versions.png') });
    await link.click();
    await statsView().locator('#status', { hasText: `Opened ${label} (read-only)` }).waitFor({ timeout: 10_000 });
    const tab = page.locator('.tab', { hasText: label });
    await tab.waitFor({ timeout: 10_000 });
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'Name the first incorrect step' }).waitFor({ timeout: 10_000 });
    // Read-only: typing changes nothing and the tab never turns dirty.
    await editor.locator('.view-lines').click();
    await page.keyboard.type('XYZZY');
    await page.waitForTimeout(300);
    await page.locator('.monaco-editor-overlaymessage', { hasText: 'Cannot edit in read-only editor' }).waitFor({ timeout: 5_000 });
    assert.equal(await editor.locator('.view-lines', { hasText: 'XYZZY' }).count(), 0);
    assert.equal(await page.locator('.tab.dirty', { hasText: label }).count(), 0);
    await page.screenshot({ path: join(screenshotDir, 'statistics-prompt-version-open.png') });
    await runCommand('View: Close Editor');
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.tab', { hasText: 'Mistakebook Statistics' }).click();
  });

  it('mistakes per question counts per run and says so; ticking both runs combines them', async () => {
    const view = statsView();
    const chart = view.locator('section.chart[data-chart="mistakes-per-question"]');
    assert.match((await chart.locator('p.note').textContent()) ?? '', /^Per run: each question is counted once in each of the 2 runs that sampled it.*Pick one run, or tick several to combine them\.$/);
    // Per run, no bar goes past k = 4 paths; the 2-wrong bar holds q1..q3 of run 1.
    assert.deepEqual(await chart.locator('g.bar text.label').allTextContents(), ['0', '1', '2']);
    for (const model of ['llama-2-7b', 'llama-2-13b']) await view.locator('#run-filter label', { hasText: model }).locator('input').check();
    await chart.locator('p.note', { hasText: 'Combined: a question\'s wrong paths are summed over the 2 ticked runs' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(await chart.locator('g.bar text.label').allTextContents(), ['0', '1', '2', '3']);
    await page.screenshot({ path: join(screenshotDir, 'statistics-combined.png') });
    for (const model of ['llama-2-7b', 'llama-2-13b']) await view.locator('#run-filter label', { hasText: model }).locator('input').uncheck();
    await chart.locator('p.note', { hasText: 'Per run' }).waitFor({ timeout: 10_000 });
  });

  it('runs are offered by reasoner and start time, task and dataset, with the id on hover', async () => {
    const view = statsView();
    const labels = view.locator('#run-filter label');
    assert.equal(await labels.count(), 2);
    for (const text of await labels.allTextContents()) assert.match(text, /^ llama-2-(7b|13b) · \d\d-\d\d \d\d:\d\d gsm8k · train\.jsonl$/);
    assert.deepEqual((await labels.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title')))).sort(), ['run-1-llama-7b', 'run-2-llama-13b']);
  });

  it('the run filter redraws the charts for the chosen run', async () => {
    const view = statsView();
    await view.locator('#run-filter label', { hasText: 'llama-2-13b' }).locator('input').check();
    const accuracy = view.locator('section.chart[data-chart="accuracy"] svg g.bar');
    await view.locator('section.chart[data-chart="verify-rate"] p.empty').waitFor({ timeout: 10_000 });
    // Charts are replaced one after another as the report lands: wait until each shows the filtered run.
    await accuracy.nth(1).waitFor({ state: 'detached', timeout: 10_000 });
    await view.locator('section.chart[data-chart="accuracy"] svg g.bar', { hasText: 'llama-2-13b' }).waitFor({ timeout: 10_000 });
    assert.equal(await accuracy.count(), 1);
    assert.match((await accuracy.textContent()) ?? '', /llama-2-13b/);
    const perQuestion = view.locator('section.chart[data-chart="mistakes-per-question"] svg g.bar');
    await perQuestion.nth(2).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await perQuestion.count(), 2, 'run 2: every question has 1 wrong path');
    await page.screenshot({ path: join(screenshotDir, 'statistics-filtered.png') });
    await view.locator('#run-filter label', { hasText: 'llama-2-13b' }).locator('input').uncheck();
    await view.locator('section.chart[data-chart="verify-rate"] svg g.bar').first().waitFor({ timeout: 10_000 });
  });

  const datasetsDescription = () => page.locator('.pane-header', { hasText: 'Datasets' }).first().locator('.description');
  const treeRow = (text: string) => page.locator('.sidebar .pane-body .monaco-list-row', { hasText: text }).first();

  it('clicking a bar filters the Datasets tree by it and says so in the view', async () => {
    const bar = statsView().locator('section.chart[data-chart="accuracy"] g.bar[role="button"]', { hasText: 'llama-2-7b' });
    await bar.click();
    // The extension answers with what it did: here, that the tree is filtered.
    await statsView().locator('#status', { hasText: 'Datasets tree: llama-2-7b · gsm8k' }).waitFor({ timeout: 10_000 });
    await datasetsDescription().filter({ hasText: 'filter: llama-2-7b · gsm8k' }).waitFor({ timeout: 10_000 });
    // The bar's dataset is opened: every question has llama-2-7b paths.
    await treeRow('Mara bakes 4 trays').waitFor({ timeout: 10_000 });
    await treeRow('A box holds 6 eggs').waitFor();
    await page.screenshot({ path: join(screenshotDir, 'statistics-bar-click.png') });
  });

  it('an incorrect-step bar leaves just its questions in the tree; Clear Filters brings the rest back', async () => {
    // Step 3 is where the corrector found the mistake of the bus-ticket question only.
    await statsView().locator('section.chart[data-chart="incorrect-step"] g.bar[role="button"]').nth(2).click();
    await datasetsDescription().filter({ hasText: 'filter: Step 3' }).waitFor({ timeout: 10_000 });
    await treeRow('A bus ticket costs $3').waitFor({ timeout: 10_000 });
    await treeRow('Mara bakes 4 trays').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await page.locator('.sidebar .pane-body .monaco-list-row', { hasText: 'A box holds 6 eggs' }).count(), 0);
    await page.screenshot({ path: join(screenshotDir, 'statistics-bar-filters-tree.png') });
    await runCommand('Mistakebook: Clear Filters');
    await treeRow('Mara bakes 4 trays').waitFor({ timeout: 10_000 });
    assert.equal((await datasetsDescription().textContent())?.trim() ?? '', '');
  });

  it('Export Fine-tuning Data… from the palette writes a file that parses, with its manifest', async () => {
    const output = join(workspace, 'exports', 'e2e-train.jsonl');
    await runCommand('Mistakebook: Export Fine-tuning Data…');
    const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    await row('CoT + corrections').click();
    await row('prompt/completion JSONL').click();
    await row('Verified corrections only').waitFor();
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).click();
    await row('run-1-llama-7b').waitFor();
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).click();
    // The save dialog is the workbench's own quick input with a path.
    await saveAs(page, 'lema-both.jsonl', output);
    // The export fixture repeats 3 examples word for word; they are written once (issue 15).
    await page.locator('.notifications-toasts', { hasText: 'Exported 9 examples' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshotDir, 'export-done.png') });
    assert.ok(existsSync(output));
    const rows = readFileSync(output, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    assert.equal(rows.length, 9);
    for (const r of rows) assert.deepEqual(Object.keys(r).sort(), ['completion', 'prompt']);
    const manifest = JSON.parse(readFileSync(join(workspace, 'exports', 'e2e-train.jsonl.manifest.json'), 'utf8')) as { examples: number; filters: { verifiedOnly: boolean } };
    assert.equal(manifest.examples, 9);
    assert.equal(manifest.filters.verifiedOnly, true);
  });

  it('redraws by itself when a run is added to the workspace', async () => {
    await page.locator('.tab', { hasText: 'Mistakebook Statistics' }).click();
    const accuracy = statsView().locator('section.chart[data-chart="accuracy"] svg g.bar');
    assert.equal(await accuracy.count(), 2);
    await writeRunFixture(workspace, {
      runId: 'run-3-mistral-7b',
      reasonerModel: 'mistral-7b',
      paths: [{ question: 'What is 3 + 4?', goldAnswer: '7', steps: ['3 + 4 = 8.', 'The answer is 8.'], answer: '8' }],
    });
    // No Refresh click: the panel watches the runs folder (debounced by a second).
    await accuracy.filter({ hasText: 'mistral-7b' }).waitFor({ timeout: 15_000 });
    assert.equal(await accuracy.count(), 3);
  });

  it('made no request beyond 127.0.0.1', async () => {
    assert.deepEqual(await workbench.browser.externalRequests(), []);
  });
});
