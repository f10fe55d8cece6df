/** The command palette and quick picks of the workbench, driven as a user would. */
import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';

/**
 * Runs a palette command by clicking its entry (Enter right after typing can hit the list before it has
 * filtered). Commands that need workspace trust appear once the workbench has settled it: retry a few times.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
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
export async function answerIfAsked(page: Page, text: string): Promise<void> {
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().click({ timeout: 5_000 }).catch(() => undefined);
}

/**
 * The workbench's save dialog (a quick input with a path): waits for its suggestion to end with
 * `suggested` (typing before that gets overwritten), types `file` and accepts it.
 */
export async function saveAs(page: Page, suggested: string, file: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; !(await input.inputValue()).endsWith(suggested); attempt++) {
    assert.ok(attempt <= 50, `the save dialog suggests …${suggested}`);
    await page.waitForTimeout(100);
  }
  await input.fill(file);
  assert.equal(await input.inputValue(), file);
  for (let attempt = 1; await widget.isVisible(); attempt++) {
    assert.ok(attempt <= 5, 'the save dialog accepted the path');
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
  }
}
