/**
 * The mistake view as a researcher uses it, in the real workbench (code-server + the packaged .vsix,
 * driven by chromium): Show Mistake from the palette on a workspace with a run, the marked wrong step with
 * its explanation and the corrected steps, key 2 saves a rating to the rater's ratings file, j moves on; a mistake
 * made of hostile text runs nothing and reaches nothing. Screenshots in a light and a dark theme.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { runCommand as runPaletteCommand } from '../support/palette';
import { launchBrowser, type WatchedBrowser } from '../support/browser';
import { startCodeServer, type CodeServer } from '../support/codeServer';
import { projectRoot } from '../support/tools';
import { gsm8kRun, writeRunFixture, type WrittenRun } from '../support/runFixture';
import { hostilePath } from '../fixtures/hostile/corpus';

const vsix = process.env['MB_VSIX'] ?? join(projectRoot, 'mistakebook-0.1.0.vsix');
const screenshotDir = process.env['MB_SCREENSHOTS'] ?? join(projectRoot, 'test-results', 'screenshots');

describe('Mistake view in the workbench (e2e)', function () {
  this.timeout(180_000);
  let server: CodeServer;
  let browser: WatchedBrowser;
  let page: Page;
  let run: WrittenRun;
  const dialogs: string[] = [];
  const scriptErrors: string[] = [];

  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const workspace = mkdtempSync(join(tmpdir(), 'mistakebook-e2e-mistake-'));
    const fixture = gsm8kRun('e2e-review');
    fixture.paths.push(hostilePath());
    run = await writeRunFixture(workspace, fixture);
    server = await startCodeServer({ install: [vsix], settings: { 'workbench.colorTheme': 'Default Light Modern' } });
    browser = await launchBrowser();
    page = browser.page;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => scriptErrors.push(`uncaught: ${e.message}`));
    page.on('console', (m) => {
      const fromView = m.location().url.includes('/webview/') || m.location().url.includes('mistake.js');
      if (fromView && m.type() === 'error') scriptErrors.push(`${m.location().url}: ${m.text()}`);
    });
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The palette lists our commands once the extension is known to the workbench.
    await page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: join(screenshotDir, `failed-mistake-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });

  const view = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

  const runCommand = (title: string): Promise<void> => runPaletteCommand(page, title);

  /** Keys go to the page that has focus: click a quiet part of the view first. */
  async function pressInView(key: string): Promise<void> {
    await view().locator('#position').click();
    await page.keyboard.press(key);
  }

  it('Show Mistake from the palette opens the latest run’s first mistake: wrong step, explanation, corrected steps', async () => {
    await runCommand('Mistakebook: Show Mistake');
    const position = view().locator('#position');
    await position.waitFor({ timeout: 30_000 });
    assert.equal(await position.innerText(), 'Mistake 1 of 4');
    const wrong = view().locator('.step.wrong');
    assert.match(await wrong.innerText(), /Incorrect step[\s\S]*Altogether she picks 48 \+ 24/);
    assert.match(await view().locator('.step.wrong .explanation').innerText(), /The sum 48 \+ 24 is 72, not 62/);
    assert.match(await view().locator('.step.replacement').innerText(), /72/);
    assert.match(await view().locator('.step.replacement ins').first().innerText(), /72/);
    assert.match(await view().locator('.step.new').innerText(), /The answer is 72\./);
    assert.match(await view().locator('.step.invalidated').innerText(), /The answer is 62\./);
    assert.equal(await view().locator('.calculation').first().innerText(), '48/2=24');
    // Issue 12: hovering a verdict says what the checker read on each side and which rule decided.
    assert.match(String(await view().locator('.fact.path-answer').getAttribute('title')), /^wrong: different numbers? — answer "62" \([^)]*\) vs gold "72"/);
    assert.match(String(await view().locator('.fact.corrected').getAttribute('title')), /^correct: same number — answer "72"/);
    await page.screenshot({ path: join(screenshotDir, 'mistake-light.png') });
  });

  it('pressing 2 saves "good" to the rater\'s ratings file at once', async () => {
    await pressInView('2');
    await view().locator('#rating-status', { hasText: 'Rated good' }).waitFor({ timeout: 10_000 });
    // The rater named in the test settings (issue 18: one ratings/<rater>.jsonl per rater).
    const file = join(run.dir, 'ratings', 'tester.jsonl');
    assert.ok(existsSync(file), 'ratings/tester.jsonl exists');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { correctionId: string; rating: string });
    assert.equal(lines.length, 1);
    assert.deepEqual(lines[0], { ...lines[0], correctionId: run.correctionIds[0]?.[0], rating: 'good' });
  });

  it('pressing j shows the next mistake, with its two corrections in a switcher', async () => {
    await pressInView('j');
    await view().locator('#position', { hasText: 'Mistake 2 of 4' }).waitFor({ timeout: 10_000 });
    assert.match(await view().locator('.question').innerText(), /Theo is paid \$12 an hour/);
    assert.equal(await view().locator('.switcher vscode-option').count(), 2);
  });

  it('a mistake made of hostile text runs nothing, loads nothing from outside and shows the text inert', async () => {
    await pressInView('j');
    await view().locator('#position', { hasText: 'Mistake 3 of 4' }).waitFor({ timeout: 10_000 });
    await pressInView('j');
    await view().locator('#position', { hasText: 'Mistake 4 of 4' }).waitFor({ timeout: 20_000 });
    const question = await view().locator('.question').innerText();
    assert.match(question, /<script>alert\("script-tag"\)<\/script>/, 'a script tag shows as text');
    assert.match(question, /<img src=x onerror=/);
    assert.match(await view().locator('.step.wrong .explanation').innerText(), /Hostile explanation: <script>/);
    assert.match(await view().locator('.step.wrong').innerText(), /javascript link: <a href="javascript:alert/);
    assert.ok((await view().locator('.direction-control').count()) >= 4, 'direction controls are shown, not applied');
    assert.ok((await view().locator('.show-more').count()) >= 1, 'the megabyte step is collapsed, with a button for more');
    // The toolkit's own dropdowns (the error type's) draw their chevron as an svg in their shadow root.
    const injected = await view().locator('main script, main img, main iframe, main svg:not(.katex svg):not(vscode-dropdown svg), main style, a[href], #hostile-link, [onerror], [onload]').count();
    assert.equal(injected, 0, 'no element came from the data');
    await view().locator('.show-more', { hasText: /Show more \(\d{2,3},\d{3} more characters\)/ }).first().click();
    await view().locator('.show-all').first().click();
    await view().locator('.show-all', { hasText: /\(\d{2},\d{3} characters left\)/ }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1500); // room for anything that would run or load
    assert.deepEqual(dialogs, []);
    assert.deepEqual(scriptErrors, []);
    assert.deepEqual(await browser.externalRequests(), []);
    await page.screenshot({ path: join(screenshotDir, 'mistake-hostile.png') });
  });

  it('reads well in a dark theme', async () => {
    await pressInView('k');
    await pressInView('k');
    await pressInView('k');
    await view().locator('#position', { hasText: 'Mistake 1 of 4' }).waitFor({ timeout: 10_000 });
    await runCommand('Preferences: Color Theme');
    const input = page.locator('.quick-input-widget input');
    await input.fill('Dark Modern');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first().click();
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 20_000 });
    await view().locator('.step.wrong').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(screenshotDir, 'mistake-dark.png') });
    assert.deepEqual(dialogs, []);
  });

  it('comes back on the same mistake after the window reloads', async () => {
    await pressInView('j');
    await view().locator('#position', { hasText: 'Mistake 2 of 4' }).waitFor({ timeout: 10_000 });
    // As a user reloads: the workbench saves its state (the view's too) on the way down.
    await runCommand('Developer: Reload Window');
    await page.waitForEvent('load', { timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await view().locator('#position', { hasText: 'Mistake 2 of 4' }).waitFor({ timeout: 60_000 });
    assert.match(await view().locator('.question').innerText(), /Theo is paid/);
  });
});
