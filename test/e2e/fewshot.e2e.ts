/**
 * Editing a few-shot prompt as a user does: the Prompts view lists the sample prompt and its
 * examples, a click opens the file at an example with its CodeLens, breaking an example by typing
 * shows a squiggle and a Problems entry, and the CodeLens opens the corrector request preview.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { WatchedBrowser } from '../support/browser';
import type { CodeServer } from '../support/codeServer';
import { openWorkbench, screenshotDir, screenshotIfFailed } from '../support/workbench';
import { projectRoot } from '../support/tools';


describe('Few-shot prompt editing in the workbench (e2e)', function () {
  this.timeout(120_000);
  let server: CodeServer;
  let browser: WatchedBrowser;
  let page: Page;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-e2e-fewshot-'));
    cpSync(join(projectRoot, 'samples'), workspace, { recursive: true });
    ({ server, browser, page } = await openWorkbench(workspace));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, 'fewshot-');
  });

  const sideBarRow = (text: string) => page.locator('.sidebar .pane-body .monaco-list-row', { hasText: text });

  it('lists the sample prompts and their examples in the Prompts view', async () => {
    const activity = page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]');
    await activity.waitFor({ timeout: 60_000 });
    await activity.click();
    const file = sideBarRow('gsm8k.fewshot.txt');
    await file.waitFor({ timeout: 30_000 });
    assert.match(await file.innerText(), /\d+ examples/);
    await file.click();
    await sideBarRow('Step 2 wrong').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshotDir, 'fewshot-prompts-view.png') });
  });

  it('opens the prompt with its CodeLens, and a broken example gets a squiggle and a problem', async () => {
    await sideBarRow('Step 2 wrong').first().click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    await page.locator('.codelens-decoration', { hasText: 'Preview corrector request' }).waitFor({ timeout: 30_000 });

    const text = readFileSync(join(workspace, 'prompts', 'gsm8k.fewshot.txt'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.startsWith('Incorrect Step: Step 2.')) + 1;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('9.');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshotDir, 'fewshot-diagnostic.png') });

    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: "'Incorrect Step: Step 9' but the original solution has Steps 1–5" });
    await problem.waitFor({ timeout: 10_000 });
    assert.match(await problem.innerText(), new RegExp(`\\[Ln ${line}, Col 22\\]`));
    await page.screenshot({ path: join(screenshotDir, 'fewshot-problems.png') });
  });

  it('the CodeLens opens the corrector request preview', async () => {
    await page.locator('.codelens-decoration a', { hasText: "Preview request with this example's question" }).first().click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'Example 1 held out' });
    await tab.waitFor({ timeout: 15_000 });
    await page.locator('.monaco-editor .view-line', { hasText: '── system ──' }).first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(screenshotDir, 'fewshot-preview.png') });
  });

  it('made no request beyond 127.0.0.1', async () => {
    assert.deepEqual(await browser.externalRequests(), []);
  });
});
