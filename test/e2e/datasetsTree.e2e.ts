/**
 * Issue 15 in the workbench, the Datasets tree: a question two runs sampled lists each run apart with
 * its own counts (never "8 paths" for k = 4), a click on a question shows it as text without opening
 * the raw file, and a dataset file created while the window is open appears by itself.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openFixtureWorkbench, screenshotDir, screenshotIfFailed } from '../support/workbench';

describe('The Datasets tree in the workbench (e2e)', function () {
  this.timeout(150_000);
  let workbench: Awaited<ReturnType<typeof openFixtureWorkbench>>;
  let page: Page;
  let workspace: string;

  before(async () => {
    workbench = await openFixtureWorkbench('tree', { width: 1400, height: 900 });
    ({ page, workspace } = workbench);
    await page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').click();
  });

  after(async () => workbench?.close());

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, 'tree-');
  });

  const datasets = () => page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Datasets' }) });
  const row = (level: number, text: string | RegExp) => datasets().locator(`.monaco-list-row[aria-level="${level}"]`, { hasText: text }).first();
  /** Opens a row by its twistie: clicking the label would also run the row's command. */
  async function expand(level: number, text: string | RegExp): Promise<void> {
    const r = row(level, text);
    await r.waitFor({ timeout: 30_000 });
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.locator('.monaco-tl-twistie').click();
    await datasets().locator(`.monaco-list-row[aria-level="${level}"][aria-expanded="true"]`, { hasText: text }).first().waitFor({ timeout: 10_000 });
  }

  it('a question two runs sampled lists each run apart, with its own counts', async () => {
    const dataset = row(1, 'train.jsonl');
    await dataset.waitFor({ timeout: 30_000 });
    assert.match(await dataset.innerText(), /lines · GSM8K · 2 runs/);
    await expand(1, 'train.jsonl');
    await expand(2, /2 runs/);
    const seven = row(3, /llama-2-7b · \d\d-\d\d \d\d:\d\d/);
    const thirteen = row(3, /llama-2-13b · \d\d-\d\d \d\d:\d\d/);
    await seven.waitFor({ timeout: 10_000 });
    assert.match(await seven.innerText(), /[0-4]\/4 wrong/);
    assert.match(await thirteen.innerText(), /[0-4]\/4 wrong/);
    assert.equal(await datasets().locator('.monaco-list-row', { hasText: /\/8 wrong/ }).count(), 0, 'no count sums the two runs');
    await page.screenshot({ path: join(screenshotDir, 'tree-runs-apart.png') });
  });

  it('a click on a question shows it as text, not the raw file', async () => {
    await row(2, /2 runs/).locator('.label-name').click();
    const tab = page.locator('.tabs-container .tab', { hasText: /^Question train\.jsonl:\d+/ });
    await tab.waitFor({ timeout: 15_000 });
    const editor = page.locator('.editor-instance .view-lines').first();
    await editor.waitFor();
    assert.match((await editor.innerText()).replace(/\u00a0/g, ' '), /Gold answer: \d+/);
    assert.equal(await page.locator('.tabs-container .tab', { hasText: /^train\.jsonl$/ }).count(), 0, 'the raw file did not open');
  });

  it('a dataset file created while the window is open appears without Refresh', async () => {
    // The tree draws only the rows in sight: the expanded dataset is folded first.
    await row(1, 'train.jsonl').locator('.monaco-tl-twistie').click();
    writeFileSync(join(workspace, 'datasets', 'appeared.jsonl'), '{"question":"What is 7 + 8?","answer":"7 + 8 = 15\\n#### 15"}\n');
    const appeared = row(1, 'appeared.jsonl');
    await appeared.waitFor({ timeout: 20_000 });
    assert.match(await appeared.innerText(), /1 lines? · GSM8K/);
  });
});
