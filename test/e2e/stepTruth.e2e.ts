/**
 * Step-level truth as a researcher meets it, in the real workbench (code-server + the packaged .vsix):
 * in the mistake view they click a step of the original path other than the corrector's and mark it as
 * the first wrong one, and set the error type by key; the Datasets tree's "corrector and human disagree
 * on the step" filter then lists that mistake only, the Statistics view's error-type charts change (a
 * bar click filters the tree), and Export… writes process labels that carry the human step.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { runCommand as runPaletteCommand, saveAs } from '../support/palette';
import { openFixtureWorkbench, screenshotDir, screenshotIfFailed } from '../support/workbench';

interface Line {
  pathId: string;
  runId: string;
  steps: string[];
  labels: number[];
  source: string;
}

describe('Step-level truth in the workbench (e2e)', function () {
  this.timeout(180_000);
  let workbench: Awaited<ReturnType<typeof openFixtureWorkbench>>;
  let page: Page;
  let workspace: string;
  const runDir = (): string => join(workspace, '.mistakebook', 'runs', 'run-1-llama-7b');

  before(async () => {
    workbench = await openFixtureWorkbench('truth', { width: 1500, height: 1000 });
    ({ page, workspace } = workbench);
    await page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').click();
  });

  after(async () => workbench?.close());

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, 'truth-');
  });

  const runCommand = (title: string): Promise<void> => runPaletteCommand(page, title);
  /** The webview in the active editor tab (the mistake view or the statistics). */
  const view = (): FrameLocator => page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  const datasetsDescription = () => page.locator('.pane-header', { hasText: 'Datasets' }).first().locator('.description');
  const treeRow = (text: string | RegExp) => page.locator('.sidebar .pane-body .monaco-list-row', { hasText: text }).first();
  const errorTypeBars = async (chart: string): Promise<string[]> => (await view().locator(`section.chart[data-chart="${chart}"] g.bar text.label`).allTextContents()).sort();

  let barsBefore: string[] = [];

  /** Clear Filters, once the tree has settled after the last filter (a bar click moves the focus to it). */
  async function clearFilters(): Promise<void> {
    await page.waitForTimeout(1000);
    await runCommand('Mistakebook: Clear Filters');
    await treeRow('Mara bakes 4 trays').waitFor({ timeout: 10_000 });
    for (let attempt = 1; ((await datasetsDescription().textContent()) ?? '').trim() !== ''; attempt++) {
      assert.ok(attempt <= 50, 'Clear Filters empties the Datasets view’s description');
      await page.waitForTimeout(200);
    }
  }

  it('the Statistics view charts the error types the rules read from the explanations', async () => {
    await runCommand('Mistakebook: Show Statistics');
    await view().locator('section.chart[data-chart="error-types"] svg').waitFor({ timeout: 30_000 });
    barsBefore = await errorTypeBars('error-types');
    assert.deepEqual(barsBefore, ['Calculation', 'Wrong operation or formula']);
    assert.match((await view().locator('section.chart[data-chart="error-types"] g.bar', { hasText: 'Calculation' }).textContent()) ?? '', /3 · 50\.0% \(n = 6, 95% CI/);
    assert.equal(await view().locator('section.chart[data-chart="critic"] p.empty').count(), 1);
  });

  it('a click on a step of the original path marks it as the first wrong step; the corrector’s and yours both show', async () => {
    // An error-type bar leaves the questions whose corrections are of that type, with just those paths.
    await view().locator('section.chart[data-chart="error-types"] g.bar[role="button"]', { hasText: 'Calculation' }).click();
    await datasetsDescription().filter({ hasText: 'filter: Calculation' }).waitFor({ timeout: 10_000 });
    await treeRow('Mara bakes 4 trays').waitFor({ state: 'detached', timeout: 10_000 });
    const question = treeRow('A bus ticket costs $3');
    await question.waitFor({ timeout: 10_000 });
    if ((await question.getAttribute('aria-expanded')) !== 'true') await question.locator('.monaco-tl-twistie').click();
    // One run has such paths, so they sit right under the question (no run group).
    const wrongPath = treeRow(/✗ .*sample \d+ · llama-2-7b/);
    await wrongPath.waitFor({ timeout: 10_000 });
    await wrongPath.locator('.label-name').click();

    await view().locator('#truth-corrector', { hasText: 'corrector: Step 3' }).waitFor({ timeout: 30_000 });
    assert.equal(await view().locator('#truth-human').innerText(), 'you: not labelled');
    await view().locator('.step[data-step="2"].choosable').first().click();
    await view().locator('#step-menu-first').click();
    await view().locator('#truth-human', { hasText: /^you: Step 2 \(/ }).waitFor({ timeout: 10_000 });
    await view().locator('#truth-disagree').waitFor();
    assert.equal(await view().locator('.step.human-wrong').count(), 1);
    await page.screenshot({ path: join(screenshotDir, 'step-truth-mistake-view.png') });
    const labels = readFileSync(join(runDir(), 'steplabels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { pathId: string; step: number | null; correctionId?: string; who: string });
    assert.equal(labels.length, 1);
    assert.equal(labels[0]?.step, 2);
    assert.ok(labels[0]?.correctionId !== undefined && labels[0].who !== '');
  });

  it('a key sets the error type by hand, over the rules’ reading, and saves it', async () => {
    assert.match(await view().locator('#error-type-source').innerText(), /^by the rules, confidence \d+%$/);
    await view().locator('#position').click();
    await page.keyboard.press('n');
    await view().locator('#error-type-source[data-source="human"][data-type="unit"]').waitFor({ timeout: 10_000 });
    assert.equal(await view().locator('#error-type-source').innerText(), 'set by you');
    const rows = readFileSync(join(runDir(), 'errortypes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { errorType: string; source: string });
    assert.deepEqual(rows.map((r) => [r.errorType, r.source]), [['unit', 'human']]);
  });

  it('the Datasets tree shows only the mistakes where corrector and human disagree on the step', async () => {
    await clearFilters();
    await runCommand('Mistakebook: Show Only Mistakes Where Corrector and Human Disagree on the Step');
    await datasetsDescription().filter({ hasText: 'only corrector and human disagree on the step' }).waitFor({ timeout: 10_000 });
    await treeRow('A bus ticket costs $3').waitFor({ timeout: 10_000 });
    await treeRow('Mara bakes 4 trays').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await page.locator('.sidebar .pane-body .monaco-list-row', { hasText: 'Sam has 5 apples' }).count(), 0);
    // The path itself says which step you named.
    const question = treeRow('A bus ticket costs $3');
    if ((await question.getAttribute('aria-expanded')) !== 'true') await question.locator('.monaco-tl-twistie').click();
    await treeRow(/✗ .*you: step 2/).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshotDir, 'step-truth-disagreement-filter.png') });
    await clearFilters();
  });

  it('the error-type charts change, the critic chart scores the corrector against you, and a bar filters the tree', async () => {
    await page.locator('.tab', { hasText: 'Mistakebook Statistics' }).click();
    await view().locator('#refresh').click();
    await view().locator('section.chart[data-chart="error-types"] g.bar', { hasText: 'Unit or conversion' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(await errorTypeBars('error-types'), ['Calculation', 'Unit or conversion', 'Wrong operation or formula']);
    assert.notDeepEqual(await errorTypeBars('error-types'), barsBefore);
    assert.match((await view().locator('section.chart[data-chart="error-types"] g.bar', { hasText: 'Unit or conversion' }).textContent()) ?? '', /1 · 16\.7% \(n = 6, 95% CI/);
    assert.ok((await errorTypeBars('error-types-by-model')).includes('Unit or conversion'));
    assert.ok((await errorTypeBars('error-types-by-step')).includes('Unit or conversion'));
    // One correction of a labelled path: it named Step 3 where you said Step 2.
    assert.match((await view().locator('section.chart[data-chart="critic"] g.bar').first().textContent()) ?? '', /gpt-4 · your labels.*0\.0% \(n = 1, 95% CI/s);
    // The view redraws when the runs change on disk (the labels just written): a redraw may replace the section.
    await view().locator('section.chart[data-chart="error-types"]').scrollIntoViewIfNeeded().catch(() => undefined);
    await page.screenshot({ path: join(screenshotDir, 'step-truth-statistics.png') });
    await view().locator('section.chart[data-chart="error-types"] g.bar[role="button"]', { hasText: 'Unit or conversion' }).click();
    await datasetsDescription().filter({ hasText: 'filter: Unit or conversion' }).waitFor({ timeout: 10_000 });
    await treeRow('A bus ticket costs $3').waitFor({ timeout: 10_000 });
    await treeRow('Mara bakes 4 trays').waitFor({ state: 'detached', timeout: 10_000 });
    await clearFilters();
  });

  it('Export… writes process labels that carry the human step, and a manifest that counts each source', async () => {
    const output = join(workspace, 'exports', 'e2e-process-labels.jsonl');
    await runCommand('Mistakebook: Export Fine-tuning Data…');
    const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    await row('Process labels for reward models').click();
    await row('run-1-llama-7b').waitFor();
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).click();
    await saveAs(page, 'process-labels.jsonl', output);
    await page.locator('.notifications-toasts', { hasText: /Exported \d+ process-label lines \(1 human, \d+ corrector\)/ }).waitFor({ timeout: 30_000 });
    assert.ok(existsSync(output));
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
    const human = lines.filter((l) => l.source === 'human');
    assert.equal(human.length, 1);
    assert.equal(human[0]?.runId, 'run-1-llama-7b');
    assert.deepEqual(human[0]?.labels, [1, 0], 'Step 1 right, Step 2 the first wrong one, nothing after');
    assert.equal(human[0]?.steps.length, 5);
    for (const l of lines) assert.deepEqual(Object.keys(l), ['question', 'steps', 'labels', 'source', 'model', 'runId', 'pathId']);
    const manifest = JSON.parse(readFileSync(`${output}.manifest.json`, 'utf8')) as { format: string; sources: Record<string, number>; examples: number };
    assert.equal(manifest.format, 'prm');
    assert.equal(manifest.sources['human'], 1);
    assert.equal(manifest.examples, lines.length);
  });

  it('made no request beyond 127.0.0.1', async () => {
    assert.deepEqual(await workbench.browser.externalRequests(), []);
  });
});
