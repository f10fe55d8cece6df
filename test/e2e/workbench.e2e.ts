/**
 * The workbench as a user sees it: code-server with the packaged .vsix installed, driven by chromium.
 * Opens the Mistakebook view, runs Open Dataset… from the palette and answers the file picker, finds the
 * dataset in the tree, expands it to its questions, opens the mistake webview, and takes screenshots. Fails on any request that
 * leaves 127.0.0.1.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runCommand as runPaletteCommand } from '../support/palette';
import type { WatchedBrowser } from '../support/browser';
import type { CodeServer } from '../support/codeServer';
import { openWorkbench, screenshotDir, screenshotIfFailed } from '../support/workbench';
import { projectRoot } from '../support/tools';


describe('Mistakebook in the workbench (e2e)', function () {
  this.timeout(120_000);
  let server: CodeServer;
  let browser: WatchedBrowser;
  let page: Page;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-e2e-'));
    cpSync(join(projectRoot, 'samples'), workspace, { recursive: true });
    ({ server, browser, page } = await openWorkbench(workspace));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, '');
  });

  const runCommand = (title: string): Promise<void> => runPaletteCommand(page, title);

  it('shows the Mistakebook container with its three views; Datasets lists the workspace datasets', async () => {
    const activity = page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]');
    await activity.waitFor({ timeout: 60_000 });
    await activity.click();
    for (const view of ['Datasets', 'Runs', 'Prompts']) await page.locator('.pane-header', { hasText: view }).first().waitFor();
    // Found by the mistakebook.datasetGlob setting (**/datasets/**/*.{jsonl,json}), nothing opened by hand.
    await page.locator('.sidebar .pane-body .monaco-list-row', { hasText: 'gsm8k-sample.jsonl' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshotDir, 'views.png') });
  });

  it('Open Dataset… from the palette puts the picked file in the Datasets tree', async () => {
    const file = join(workspace, 'datasets', 'gsm8k-sample.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n').length;
    await runCommand('Mistakebook: Open Dataset…');
    // In the browser VS Code answers showOpenDialog with its own file picker, a quick input with a path.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // The picker puts the workspace folder in the box a moment after it opens, over anything typed before.
    await page.waitForFunction(() => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.startsWith('/') === true);
    // On a busy machine the picker may put the folder in once more after the first fill: fill until the path stays.
    for (let attempt = 1; ; attempt++) {
      await input.fill(file);
      await page.waitForTimeout(300);
      if ((await input.inputValue()) === file) break;
      assert.ok(attempt < 5, 'the file picker kept the typed path');
    }
    // The picker lists the folder a moment after the path is typed; accepting earlier is ignored.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'gsm8k-sample.jsonl' }).waitFor();
    // It also re-validates the path on each change and may swallow an OK that comes mid-check: retry.
    const widget = page.locator('.quick-input-widget');
    for (let attempt = 1; await widget.isVisible(); attempt++) {
      assert.ok(attempt <= 5, 'the file picker accepted the path');
      if ((await input.inputValue()) !== file) await input.fill(file);
      await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).click();
      await widget.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
    }
    // Scoped to the side bar: the file picker's own list also shows the file name.
    const row = page.locator('.sidebar .pane-body .monaco-list-row', { hasText: 'gsm8k-sample.jsonl' });
    await row.waitFor({ timeout: 30_000 });
    await page.locator('.sidebar .pane-body .monaco-list-row', { hasText: `${lines} lines` }).waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), new RegExp(`gsm8k-sample\\.jsonl\\s*${lines} lines`));
    await page.screenshot({ path: join(screenshotDir, 'dataset-in-tree.png') });
  });

  it('expanding a dataset lists its questions under it', async () => {
    const file = join(workspace, 'datasets', 'gsm8k-sample.jsonl');
    const first = (JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '{}') as { question: string }).question;
    const row = page.locator('.sidebar .pane-body .monaco-list-row', { hasText: 'gsm8k-sample.jsonl' }).first();
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    const question = page.locator('.sidebar .pane-body .monaco-list-row', { hasText: first.slice(0, 40) }).first();
    await question.waitFor({ timeout: 30_000 });
    assert.equal(await question.getAttribute('aria-level'), '2');
    await page.screenshot({ path: join(screenshotDir, 'dataset-questions.png') });
  });

  it('Show Mistake opens the mistake webview on the sample run, with no key', async () => {
    await runCommand('Mistakebook: Show Mistake');
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.getByText('Incorrect step').first().waitFor({ timeout: 30_000 });
    await view.getByText('scripted-demo-corrector').first().waitFor();
    await page.screenshot({ path: join(screenshotDir, 'mistake-view.png') });
  });

  it('made no request beyond 127.0.0.1', async () => {
    assert.deepEqual(await browser.externalRequests(), []);
  });
});
