/** The workbench's save dialog in the browser, filled as a user would. */
import { strict as assert } from 'node:assert';
import type { Page } from 'playwright-core';

/**
 * The save dialog: in the browser, the workbench's own file picker (a quick input with a path). It
 * puts its suggestion in a moment after opening, and on a busy machine may put it in again over what
 * was typed, so the path is filled until it stays, then accepted until the picker closes. Onto an
 * existing file the picker asks its own Yes/No first: answered Yes.
 */
export async function saveAs(page: Page, file: string, suggested: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await page.waitForFunction((name) => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith(name) === true, suggested);
  for (let attempt = 1; ; attempt++) {
    await input.fill(file);
    await page.waitForTimeout(300);
    if ((await input.inputValue()) === file) break;
    assert.ok(attempt < 5, 'the save dialog kept the typed path');
  }
  const widget = page.locator('.quick-input-widget');
  const yes = page.locator('.quick-input-list .monaco-list-row', { hasText: /^\s*Yes/ }).first();
  for (let attempt = 1; await widget.isVisible(); attempt++) {
    assert.ok(attempt <= 6, 'the save dialog accepted the path');
    if (await yes.isVisible()) {
      await yes.click();
    } else {
      if ((await input.inputValue()) !== file) await input.fill(file);
      await page.keyboard.press('Enter');
    }
    await widget.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
  }
}
