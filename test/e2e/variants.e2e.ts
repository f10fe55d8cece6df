/**
 * Correction variants as a researcher meets them, on the repo's sample run with the scripted demo
 * models: Correct with Another Prompt… from the palette (the run, the brief sample prompt, the same
 * corrector) adds a second variant on the same 14 mistakes; Compare Correction Variants shows both
 * with their verify rates and intervals and the paired table (the README's screenshot); a click on
 * a cell lists exactly its mistakes in the Datasets tree; the mistake view sets the two variants'
 * corrections side by side; three blind votes (keys 1, 2 and =) land in preferences.jsonl; and the
 * prompt file's CodeLens runs the prompt as edited, unsaved, on the run's mistakes as a third variant.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { startDemo, type Demo } from '../../scripts/demo';
import { launchBrowser, type WatchedBrowser } from '../support/browser';
import { answerIfAsked, runCommand as runPaletteCommand } from '../support/palette';
import { saveAs } from '../support/saveDialog';
import { projectRoot } from '../support/tools';

const vsix = process.env['MB_VSIX'] ?? join(projectRoot, 'mistakebook-0.1.0.vsix');
const screenshotDir = process.env['MB_SCREENSHOTS'] ?? join(projectRoot, 'test-results', 'screenshots');

interface Row {
  id: string;
  pathId: string;
  questionId: string;
  verified: boolean;
  variant?: string;
  correctionIndex: number;
}

function lines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

describe('correction variants: another prompt, the comparison, blind review (e2e)', function () {
  this.timeout(240_000);
  let demo: Demo;
  let browser: WatchedBrowser;
  let page: Page;
  let workspace: string;
  let runDir: string;

  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-variants-'));
    cpSync(join(projectRoot, 'samples'), workspace, { recursive: true });
    demo = await startDemo({ vsix, workspace, latencyMs: 20, settings: { 'workbench.colorTheme': 'Default Light Modern', 'files.autoSave': 'off' } });
    // The copied sample run points at npm start's port; here its models answer wherever the demo put them.
    runDir = join(workspace, '.mistakebook', 'runs', 'sample-run');
    const runJson = join(runDir, 'run.json');
    writeFileSync(runJson, readFileSync(runJson, 'utf8').replaceAll('http://127.0.0.1:41771/v1', demo.models.url));
    browser = await launchBrowser({ width: 1500, height: 1000 });
    page = browser.page;
    await page.goto(demo.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').click({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: join(screenshotDir, `failed-variants-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });

  const runCommand = (title: string): Promise<void> => runPaletteCommand(page, title);
  const pick = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().click({ timeout: 30_000 });
  const visibleView = (): FrameLocator => page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
  const corrections = (): Row[] => lines<Row>(join(runDir, 'corrections.jsonl'));

  async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ok()) {
      assert.ok(Date.now() < deadline, `${what} did not happen within ${ms / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('Correct with Another Prompt… adds a second variant on the same mistakes', async () => {
    const before = corrections();
    assert.equal(before.length, 14);
    assert.ok(before.every((c) => c.variant === undefined), 'the sample run predates variants');
    await runCommand('Mistakebook: Correct with Another Prompt…');
    await pick('sample-run');
    await pick('gsm8k-brief.fewshot.txt');
    await pick('Same corrector');
    await until('14 new corrections', () => corrections().length === 28);
    const variants = lines<{ id: string; prompt: { file?: string } }>(join(runDir, 'variants.jsonl'));
    assert.equal(variants.length, 1);
    assert.equal(variants[0]?.prompt.file, 'prompts/gsm8k-brief.fewshot.txt');
    const added = corrections().slice(14);
    assert.ok(added.every((c) => c.variant === variants[0]?.id));
    assert.deepEqual(new Set(added.map((c) => c.pathId)), new Set(before.map((c) => c.pathId)), 'the same 14 mistakes');
    assert.deepEqual(corrections().slice(0, 14), before, 'the run’s own corrections are untouched');
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'the new variant has corrected' }).first().waitFor({ timeout: 30_000 });
  });

  it('Compare Correction Variants shows both variants with intervals and the paired table', async () => {
    await runCommand('Mistakebook: Compare Correction Variants');
    await pick('sample-run');
    const view = visibleView();
    await view.locator('section.pair').first().waitFor({ timeout: 30_000 });
    const bars = view.locator('section.chart[data-chart="verify-rate"] g.bar');
    assert.equal(await bars.count(), 2);
    assert.equal(await view.locator('section.chart[data-chart="verify-rate"] g.bar g.interval').count(), 2, 'a drawn interval on each bar');
    const own = corrections().slice(0, 14);
    const brief = corrections().slice(14);
    const ownVerified = own.filter((c) => c.verified).length;
    const briefVerified = brief.filter((c) => c.verified).length;
    assert.match((await bars.allTextContents()).join(' '), new RegExp(`${((100 * ownVerified) / 14).toFixed(1)}% \\(n = 14, 95% CI`));
    assert.match((await bars.allTextContents()).join(' '), new RegExp(`${((100 * briefVerified) / 14).toFixed(1)}% \\(n = 14, 95% CI`));
    const onlyA = own.filter((c) => c.verified && !brief.find((b) => b.pathId === c.pathId)?.verified).length;
    assert.ok(onlyA > 0, 'the brief prompt loses some the full prompt verifies');
    await view.locator('button.cell[data-cell="onlyA"]', { hasText: `only A verified: ${onlyA}` }).waitFor();
    assert.match((await view.locator('li.mcnemar').textContent()) ?? '', /McNemar exact p [=<] \d\.\d{3}, (not )?significant at the 5% level/);
    assert.match((await view.locator('li.steps').textContent()) ?? '', /Cohen's kappa/);
    await runCommand('Notifications: Clear All Notifications');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.mouse.move(1200, 950); // no tooltip over the view
    await page.waitForTimeout(800); // the palette's fade-out, a tooltip's
    await page.screenshot({ path: join(screenshotDir, 'compare-variants.png') });
  });

  it('a click on a cell lists exactly its mistakes in the Datasets tree', async () => {
    const own = corrections().slice(0, 14);
    const brief = corrections().slice(14);
    const onlyA = own.filter((c) => c.verified && !brief.find((b) => b.pathId === c.pathId)?.verified);
    const paths = lines<{ id: string; questionId: string; question: string }>(join(runDir, 'paths.jsonl'));
    const questionOf = (questionId: string): string => paths.find((p) => p.questionId === questionId)?.question ?? '';
    const listed = new Set(onlyA.map((c) => c.questionId));
    const other = paths.find((p) => !listed.has(p.questionId));
    assert.ok(other !== undefined);

    await visibleView().locator('button.cell[data-cell="onlyA"]').click();
    await visibleView().locator('#status', { hasText: `only A verified (${onlyA.length})` }).waitFor({ timeout: 10_000 });
    const description = page.locator('.pane-header', { hasText: 'Datasets' }).first().locator('.description');
    await description.filter({ hasText: 'only A verified' }).waitFor({ timeout: 10_000 });
    const treeRow = (text: string) => page.locator('.sidebar .pane-body .monaco-list-row', { hasText: text.slice(0, 30) }).first();
    for (const questionId of listed) await treeRow(questionOf(questionId)).waitFor({ timeout: 10_000 });
    await treeRow(other.question).waitFor({ state: 'detached', timeout: 10_000 });
    await page.screenshot({ path: join(screenshotDir, 'compare-variants-cell.png') });
    await runCommand('Mistakebook: Clear Filters');
  });

  it('the mistake view sets the two variants side by side with a word diff', async () => {
    await runCommand('Mistakebook: Show Mistake');
    const view = visibleView();
    const section = view.locator('section.variants-side-by-side');
    await section.waitFor({ timeout: 30_000 });
    assert.match((await section.locator('h2').textContent()) ?? '', /^2 correction variants side by side$/);
    assert.match((await section.locator('thead').textContent()) ?? '', /gsm8k\.fewshot\.txt.*gsm8k-brief\.fewshot\.txt/s, 'each variant by its prompt file');
    assert.ok((await section.locator('tr.variant-solution-step').count()) > 0, 'the corrected solutions step by step');
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'compare-variants-mistake.png') });
    await runCommand('View: Close Editor');
  });

  it('three blind votes (keys 1, 2 and =) land in preferences.jsonl', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Compare Variants' }).click();
    await visibleView().locator('button.blind').click();
    const view = visibleView();
    await view.locator('#progress', { hasText: '0 of 14 voted' }).waitFor({ timeout: 30_000 });
    assert.equal(await view.locator('article.correction').count(), 2);
    // Blind: nothing on the page names a model, a prompt, a variant or a verdict.
    const text = (await view.locator('body').textContent()) ?? '';
    assert.doesNotMatch(text, /scripted-demo-corrector|fewshot|verified|variant [0-9a-f]{8}/);
    await page.screenshot({ path: join(screenshotDir, 'blind-review.png') });
    const file = join(runDir, 'preferences.jsonl');
    for (const [i, key] of ['1', '2', '='].entries()) {
      await view.locator('h1').click();
      await page.keyboard.press(key);
      await view.locator('#progress', { hasText: `${i + 1} of 14 voted` }).waitFor({ timeout: 10_000 });
    }
    const votes = lines<{ pathId: string; shown: string[]; correctionIds: string[]; choice: string; winner: string; who: string; at: string }>(file);
    assert.equal(votes.length, 3);
    assert.deepEqual(votes.map((v) => v.choice), ['first', 'second', 'tie']);
    const variants = [...new Set(corrections().map((c) => c.variant ?? 'original'))];
    assert.equal(new Set(votes.map((v) => v.pathId)).size, 3, 'three different mistakes');
    for (const v of votes) {
      assert.equal(v.shown.length, 2);
      assert.ok(v.who === 'tester' && !Number.isNaN(Date.parse(v.at)), `the vote carries the rater's name (mistakebook.raterName): ${v.who}`);
      const expected = v.choice === 'first' ? v.shown[0] : v.choice === 'second' ? v.shown[1] : 'tie';
      assert.equal(v.winner, expected);
    }
    assert.ok(variants.length === 2);
    // The comparison counts them with a sign test.
    await page.locator('.tabs-container .tab', { hasText: 'Compare Variants' }).click();
    await visibleView().locator('li.preferences', { hasText: /tie 1/ }).waitFor({ timeout: 20_000 });
    assert.match((await visibleView().locator('li.preferences').textContent()) ?? '', /sign test p = \d\.\d{3}, not significant/);
  });

  it("the prompt file's CodeLens runs the prompt as edited (unsaved) on the run's mistakes: a third variant", async () => {
    const file = join(workspace, 'prompts', 'gsm8k-brief.fewshot.txt');
    const onDisk = readFileSync(file, 'utf8');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('gsm8k-brief.fewshot.txt');
    await pick('gsm8k-brief.fewshot.txt');
    await page.locator('.codelens-decoration a', { hasText: "Run on this run's mistakes" }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('F1');
    await input.fill(':1');
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.type(' Keep it short.');
    await page.locator('.monaco-editor .view-lines', { hasText: 'Keep it short.' }).waitFor({ timeout: 10_000 });
    await page.locator('.codelens-decoration a', { hasText: "Run on this run's mistakes" }).click();
    // The run of the mistake selected in the Datasets tree is taken without asking; else it is picked.
    await answerIfAsked(page, 'sample-run');
    await pick('Same corrector');
    await until('14 more corrections', () => corrections().length === 42);
    const variants = lines<{ id: string; prompt: { text: string; sha256: string; file?: string } }>(join(runDir, 'variants.jsonl'));
    assert.equal(variants.length, 2);
    const edited = variants[1];
    assert.ok(edited !== undefined);
    assert.ok(edited.prompt.text.split('\n')[0]?.endsWith(' Keep it short.'), 'the text as edited, unsaved');
    assert.equal(readFileSync(file, 'utf8'), onDisk, 'the file itself is not saved');
    assert.ok(corrections().slice(28).every((c) => c.variant === edited.id));
    assert.deepEqual(await browser.externalRequests(), []);
  });

  it('Export Fine-tuning Data… asks which variants when the run has several; the export takes only the one kept', async () => {
    const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    const ok = () => page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' });
    await runCommand('Mistakebook: Export Fine-tuning Data…');
    await row('CoT + corrections').click();
    await row('prompt/completion JSONL').click();
    await row('Verified corrections only').waitFor();
    await ok().click();
    await page.locator('.quick-input-widget', { hasText: 'correction variants' }).waitFor({ timeout: 30_000 });
    // All are picked at first; the two variants of the brief prompt (as saved, and as edited) are unpicked, so only the run's own remains.
    const briefRows = page.locator('.quick-input-list .monaco-list-row', { hasText: 'gsm8k-brief.fewshot.txt' });
    assert.equal(await briefRows.count(), 2);
    for (let i = 0; i < 2; i++) await briefRows.nth(i).locator('.monaco-checkbox, input[type=checkbox]').first().click();
    await ok().click();
    const out = join(workspace, 'exports', 'original-only.jsonl');
    await saveAs(page, out, 'lema-both.jsonl');
    await until('the export and its manifest', () => existsSync(`${out}.manifest.json`));
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { filters: { variants?: string[] }; sources: { correction: { kept: number; dropped: Record<string, number> } } };
    const rows = corrections();
    const original = rows.filter((c) => c.variant === undefined);
    const brief = rows.filter((c) => c.variant !== undefined);
    assert.equal(manifest.filters.variants?.length, 1, 'one variant chosen, named in the manifest');
    assert.equal(manifest.sources.correction.kept, original.filter((c) => c.verified).length);
    assert.equal(manifest.sources.correction.dropped['variant not chosen'], brief.length);
  });
});
