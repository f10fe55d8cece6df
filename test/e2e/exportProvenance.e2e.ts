/**
 * Export provenance as a user meets it (issue 15): on a workspace with two finished runs (the export
 * fixture, which holds exact duplicates), Export Fine-tuning Data… from the palette twice with one
 * base name, `lema-both.jsonl` then `lema-both.json`: the save dialog opens in an `exports/` folder
 * that already exists, each export says how many duplicates it dropped, both manifests stay, each
 * with relative paths and its duplicates counted. Exporting onto an existing file asks first.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExportManifest } from '../../src/core/export';
import { runCommand as runPaletteCommand } from '../support/palette';
import { saveAs as saveAsInDialog } from '../support/saveDialog';
import { openFixtureWorkbench, screenshotDir, screenshotIfFailed } from '../support/workbench';

describe('Export provenance in the workbench (e2e)', function () {
  this.timeout(150_000);
  let workbench: Awaited<ReturnType<typeof openFixtureWorkbench>>;
  let page: Page;
  let workspace: string;

  before(async () => {
    workbench = await openFixtureWorkbench('provenance', { width: 1400, height: 900 });
    ({ page, workspace } = workbench);
  });

  after(async () => workbench?.close());

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, 'export-provenance-');
  });

  const exportsDir = (): string => join(workspace, 'exports');
  const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  const ok = () => page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' });

  /** The four questions of the export: CoT + corrections, the format, the default filters, every run. */
  async function answerExportQuestions(format: string): Promise<void> {
    await runPaletteCommand(page, 'Mistakebook: Export Fine-tuning Data…');
    await row('CoT + corrections').click();
    await row(format).click();
    await row('Verified corrections only').waitFor();
    await ok().click();
    await row('run-1-llama-7b').waitFor();
    await ok().click();
  }

  const saveAs = (file: string, suggested: string): Promise<void> => saveAsInDialog(page, file, suggested);

  /** So the next export's toast is not confused with the last one's. */
  const clearNotifications = (): Promise<void> => runPaletteCommand(page, 'Notifications: Clear All Notifications');

  const readManifestFile = (name: string): { text: string; manifest: ExportManifest } => {
    const text = readFileSync(join(exportsDir(), name), 'utf8');
    return { text, manifest: JSON.parse(text) as ExportManifest };
  };

  it('exports lema-both.jsonl from the palette; the dialog opens in an exports folder made for it', async () => {
    assert.equal(existsSync(exportsDir()), false, 'no exports folder before the first export');
    await answerExportQuestions('prompt/completion JSONL');
    // The save dialog itself (the quick input of the runs question may still be on screen a moment).
    await page.locator('.quick-input-widget', { hasText: 'Save the training file' }).waitFor({ state: 'visible', timeout: 30_000 });
    // Made before the dialog opened, so the dialog need not offer to create it.
    assert.ok(statSync(exportsDir()).isDirectory(), 'the exports folder exists while the save dialog is open');
    await saveAs(join(exportsDir(), 'lema-both.jsonl'), 'lema-both.jsonl');
    // The fixture's 12 examples hold 3 exact duplicates: q3's augmented path is its gold solution, q1's corrections repeat.
    await page.locator('.notifications-toasts', { hasText: 'Exported 9 examples' }).filter({ hasText: '3 duplicates removed' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshotDir, 'export-provenance-jsonl.png') });
    assert.equal(readFileSync(join(exportsDir(), 'lema-both.jsonl'), 'utf8').trimEnd().split('\n').length, 9);
  });

  it('exports lema-both.json next to it: both manifests stay, each with relative paths and its duplicates counted', async () => {
    await clearNotifications();
    await answerExportQuestions('Alpaca JSON');
    await saveAs(join(exportsDir(), 'lema-both.json'), 'lema-both.json');
    await page.locator('.notifications-toasts', { hasText: 'Exported 9 examples' }).filter({ hasText: '3 duplicates removed' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshotDir, 'export-provenance-json.png') });
    const first = readManifestFile('lema-both.jsonl.manifest.json');
    const second = readManifestFile('lema-both.json.manifest.json');
    assert.deepEqual([first.manifest.format, first.manifest.output.path], ['prompt-completion', 'lema-both.jsonl']);
    assert.deepEqual([second.manifest.format, second.manifest.output.path], ['alpaca', 'lema-both.json']);
    for (const { text, manifest } of [first, second]) {
      assert.ok(!text.includes(workspace), 'no absolute path of this machine in the manifest');
      assert.equal(manifest.workspace, '..');
      assert.ok(manifest.inputs.length > 0 && manifest.inputs.every((i) => !isAbsolute(i.path) && existsSync(join(workspace, i.path))), 'inputs relative to the workspace');
      assert.equal(manifest.duplicatesRemoved, 3);
      assert.deepEqual(manifest.duplicateReasons, { 'exact duplicate': 3 });
      assert.equal(manifest.examples, 9);
    }
    assert.equal((JSON.parse(readFileSync(join(exportsDir(), 'lema-both.json'), 'utf8')) as unknown[]).length, 9);
    assert.equal(existsSync(join(exportsDir(), 'lema-both.manifest.json')), false, 'no manifest under the old shared name');
  });

  it('exporting onto lema-both.jsonl again asks first, and Cancel keeps the file and its manifest', async () => {
    const before = readFileSync(join(exportsDir(), 'lema-both.jsonl.manifest.json'), 'utf8');
    await clearNotifications();
    await answerExportQuestions('prompt/completion JSONL');
    await saveAs(join(exportsDir(), 'lema-both.jsonl'), 'lema-both.jsonl');
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'lema-both.jsonl.manifest.json' });
    await dialog.waitFor({ timeout: 10_000 });
    assert.match((await dialog.innerText()).replace(/\s+/g, ' '), /Replace lema-both\.jsonl and lema-both\.jsonl\.manifest\.json\?/);
    await page.screenshot({ path: join(screenshotDir, 'export-provenance-replace.png') });
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(readFileSync(join(exportsDir(), 'lema-both.jsonl.manifest.json'), 'utf8'), before);
  });
});
