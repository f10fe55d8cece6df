/**
 * The demo of `npm start`, as a researcher meets it: the samples workspace with the scripted models.
 * From the palette: Sample Reasoning Paths on the sample dataset (its progress notification shows),
 * Generate Corrections, Show Mistake — and the mistake view shows a marked wrong step with its
 * explanation and the corrected solution (the README's screenshot). Then the Datasets tree, clicked
 * open from the dataset down to a correction, and the walkthrough, whose steps tick off as they are done.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemo, type Demo } from '../../scripts/demo';
import { answerIfAsked as answerQuickPick, runCommand as runPaletteCommand } from '../support/palette';
import { launchBrowser, type WatchedBrowser } from '../support/browser';
import { projectRoot } from '../support/tools';

const vsix = process.env['MB_VSIX'] ?? join(projectRoot, 'mistakebook-0.1.0.vsix');
const screenshotDir = process.env['MB_SCREENSHOTS'] ?? join(projectRoot, 'test-results', 'screenshots');

describe('the npm start demo (e2e)', function () {
  this.timeout(180_000);
  let demo: Demo;
  let browser: WatchedBrowser;
  let page: Page;
  let workspace: string;

  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-demo-'));
    cpSync(join(projectRoot, 'samples'), workspace, { recursive: true });
    rmSync(join(workspace, '.mistakebook'), { recursive: true, force: true }); // runs a developer made in samples/
    // Slower answers than npm start's, so the progress notification stays long enough to be seen.
    demo = await startDemo({ vsix, workspace, latencyMs: 1_000, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
    browser = await launchBrowser({ width: 1500, height: 900 });
    page = browser.page;
    await page.goto(demo.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: join(screenshotDir, `failed-demo-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });

  const runCommand = (title: string): Promise<void> => runPaletteCommand(page, title);

  const answerIfAsked = (text: string): Promise<void> => answerQuickPick(page, text);

  async function stageState(stage: string): Promise<{ dir: string; state: string }> {
    const runs = join(workspace, '.mistakebook', 'runs');
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      for (const id of existsSync(runs) ? readdirSync(runs) : []) {
        const file = join(runs, id, 'run.json');
        if (!existsSync(file)) continue;
        const state = (JSON.parse(readFileSync(file, 'utf8')) as { stages?: Record<string, { state: string }> }).stages?.[stage]?.state;
        if (state !== undefined && state !== 'running' && state !== 'pending') return { dir: join(runs, id), state };
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${stage} did not end within 120 s`);
  }

  it('samples, corrects and shows a mistake with no key and no GPU', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').click({ timeout: 60_000 });
    await runCommand('Mistakebook: Sample Reasoning Paths');
    // Watched from the start: the notification may come up while a quick pick is still being answered.
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Sampling reasoning paths' }).first();
    const progressShown = toast.waitFor({ timeout: 60_000 }).then(async () => {
      await page.screenshot({ path: join(screenshotDir, 'demo-progress.png') });
      return toast.innerText();
    });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'gsm8k-sample.jsonl' }).first().click({ timeout: 30_000 });
    await answerIfAsked('All questions');
    await answerIfAsked('gsm8k.fewshot.txt');
    assert.match(await progressShown, /Mistakebook: Sampling reasoning paths/);
    const sampled = await stageState('sample');
    assert.equal(sampled.state, 'done');
    const paths = readFileSync(join(sampled.dir, 'paths.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { correct: boolean });
    assert.equal(paths.length, 12 * 4, 'four paths for each of the 12 sample questions');
    const mistakes = paths.filter((p) => !p.correct).length;
    assert.ok(mistakes > 0, 'the demo reasoner made some mistakes');
    // Issue 15: the stage says how it ended, with the next step as a button.
    const ended = page.locator('.notifications-toasts .notification-toast', { hasText: 'sample done' }).first();
    await ended.waitFor({ timeout: 30_000 });
    assert.match(await ended.innerText(), new RegExp(`48 paths, ${mistakes} mistakes \\(\\d+%\\)`));
    assert.equal(await ended.locator('.monaco-button', { hasText: 'Generate Corrections' }).count(), 1);

    await runCommand('Mistakebook: Generate Corrections');
    await answerIfAsked(sampled.dir.split('/').pop() ?? '');
    await answerIfAsked('gsm8k.fewshot.txt');
    const corrected = await stageState('correct');
    assert.equal(corrected.state, 'done');
    const corrections = readFileSync(join(corrected.dir, 'corrections.jsonl'), 'utf8').trim().split('\n');
    assert.equal(corrections.length, mistakes, 'one correction per mistake');

    await runCommand('Mistakebook: Show Mistake');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.getByText('Incorrect step').first().waitFor({ timeout: 30_000 });
    await view.getByText('Why it is wrong').first().waitFor();
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(screenshotDir, 'demo-mistake.png') });
    assert.deepEqual(await browser.externalRequests(), []);
  });

  it('the walkthrough takes a new user through the first five minutes, ticking off what they did', async () => {
    await runCommand('Welcome: Open Walkthrough...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: "Learn from a model's mistakes" }).first().click({ timeout: 30_000 });
    const walkthrough = page.locator('.gettingStartedContainer');
    for (const step of ['See a mistake and its correction', 'Rate the correction', 'Point at your models', 'Sample, then correct', 'Edit the few-shot prompt', 'Export fine-tuning data']) {
      await walkthrough.getByText(step, { exact: true }).first().waitFor({ timeout: 30_000 });
    }
    await page.screenshot({ path: join(screenshotDir, 'demo-walkthrough.png') });
    // A step's button runs its command, and the command ticks the step off.
    const tick = walkthrough.locator('[data-done-step-id$="#seeMistake"]');
    assert.equal(await tick.getAttribute('aria-checked'), 'false');
    await walkthrough.locator('.getting-started-step', { hasText: 'See a mistake and its correction' }).getByRole('button', { name: 'Show Mistake' }).click();
    await page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame').getByText('Incorrect step').first().waitFor({ timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).click();
    await walkthrough.locator('[data-done-step-id$="#seeMistake"][aria-checked="true"]').waitFor({ timeout: 10_000 });
    // Rating in the mistake view runs no command; the extension ticks that step off itself.
    await page.locator('.tabs-container .tab', { hasText: 'Mistake' }).click();
    // Shown again after the Welcome tab hid it (its page reloads), then rated as a user would.
    const view = page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
    await view.locator('#rating-choice').getByText('Excellent').click();
    await view.locator('#rating-status', { hasText: 'Rated excellent' }).waitFor({ timeout: 10_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).click();
    await walkthrough.locator('[data-done-step-id$="#rate"][aria-checked="true"]').waitFor({ timeout: 10_000 });
  });

  it('the Datasets tree opens from the dataset down to a correction', async () => {
    const datasets = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) });
    const row = (level: number, text: string | RegExp) => datasets.locator(`.monaco-list-row[aria-level="${level}"]`, { hasText: text }).first();
    /** Opens a row by its twistie: clicking the label would also run the row's command. */
    const expand = async (level: number, text: string | RegExp): Promise<void> => {
      const r = row(level, text);
      await r.waitFor({ timeout: 30_000 });
      if ((await r.getAttribute('aria-expanded')) !== 'true') await r.locator('.monaco-tl-twistie').click();
      await datasets.locator(`.monaco-list-row[aria-level="${level}"][aria-expanded="true"]`, { hasText: text }).first().waitFor({ timeout: 10_000 });
    };
    await expand(1, 'gsm8k-sample.jsonl');
    await expand(2, /[1-4]\/4 wrong/);
    await expand(3, /✗[\s\S]*corrections verified/);
    const correction = row(4, /verified →/);
    await correction.waitFor({ timeout: 30_000 });
    assert.match(await correction.innerText(), /scripted-demo-corrector/);
    await correction.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'demo-tree-correction.png') });

    // A click on the correction opens its mistake; key 2 rates it "good" (the walkthrough rated it
    // "excellent" before; a rater's last rating wins): in the rater's ratings/tester.jsonl and in the tree.
    assert.doesNotMatch(await correction.innerText(), /rated good/);
    await correction.click();
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.getByText('Incorrect step').first().waitFor({ timeout: 30_000 });
    const ratingsFile = join(workspace, '.mistakebook', 'runs', readdirSync(join(workspace, '.mistakebook', 'runs'))[0] ?? '', 'ratings', 'tester.jsonl');
    const ratings = (): { rating: string }[] =>
      existsSync(ratingsFile) ? readFileSync(ratingsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { rating: string }) : [];
    const before = ratings().length;
    await view.locator('#position').click();
    await page.keyboard.press('2');
    const deadline = Date.now() + 10_000;
    while (ratings().length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ratings().length, before + 1, 'key 2 appended one rating');
    assert.equal(ratings().at(-1)?.rating, 'good');
    await datasets.locator('.monaco-list-row[aria-level="4"]', { hasText: 'rated good' }).first().waitFor({ timeout: 15_000 });
  });
});
