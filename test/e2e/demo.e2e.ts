/**
 * The demo of `npm start`, as a researcher meets it: the samples workspace with the scripted models.
 * From the palette: Sample Reasoning Paths on the sample dataset, Generate Corrections, Show Mistake —
 * and the mistake view shows a marked wrong step with its explanation and the corrected solution.
 * Its screenshot is the README's.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemo, type Demo } from '../../scripts/demo';
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
    demo = await startDemo({ vsix, workspace, settings: { 'workbench.colorTheme': 'Default Light Modern' } });
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

  /** Runs a palette command. Commands that need workspace trust appear once the workbench has settled it. */
  async function runCommand(title: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      if (await row.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return row.click();
      assert.ok(attempt < 6, `the palette never listed "${title}"`);
      await page.keyboard.press('Escape');
    }
  }

  /** Answers a quick pick the command may or may not show (it asks only what it cannot infer). */
  async function answerIfAsked(text: string): Promise<void> {
    await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().click({ timeout: 5_000 }).catch(() => undefined);
  }

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
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'gsm8k-sample.jsonl' }).first().click({ timeout: 30_000 });
    await answerIfAsked('All questions');
    await answerIfAsked('gsm8k.fewshot.txt');
    const sampled = await stageState('sample');
    assert.equal(sampled.state, 'done');
    const paths = readFileSync(join(sampled.dir, 'paths.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { correct: boolean });
    assert.equal(paths.length, 12 * 4, 'four paths for each of the 12 sample questions');
    const mistakes = paths.filter((p) => !p.correct).length;
    assert.ok(mistakes > 0, 'the demo reasoner made some mistakes');

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
});
