/**
 * Several raters as a team meets them (issue 18), in the real workbench with the packaged .vsix: with
 * no rater name set, the first rating asks for one (ann); ann rates two corrections with keys 1 and 2;
 * the rater setting is switched to ben, whose view hides ann's ratings until he has rated (blind
 * review), and who rates them with keys 1 and 3; the Agreement section of Statistics shows their
 * Cohen's kappa; ben adjudicates the one they disagree on in the mistake view; and Export with the
 * rating filter takes the adjudicated rating, the manifest saying which rule chose it.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { ExportManifest } from '../../src/core/export';
import { runCommand as runPaletteCommand } from '../support/palette';
import { gsm8kRun, writeRunFixture, type WrittenRun } from '../support/runFixture';
import { saveAs } from '../support/saveDialog';
import { openWorkbench, screenshotDir, screenshotIfFailed, type Workbench } from '../support/workbench';

describe('Several raters in the workbench (e2e)', function () {
  this.timeout(240_000);
  let workbench: Workbench;
  let page: Page;
  let workspace: string;
  let run: WrittenRun;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-e2e-raters-'));
    run = await writeRunFixture(workspace, gsm8kRun('e2e-raters'));
    // No rater named yet: the first rating asks.
    workbench = await openWorkbench(workspace, { viewport: { width: 1400, height: 950 }, settings: { 'mistakebook.raterName': '' } });
    page = workbench.page;
    await page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await workbench?.close();
    if (workspace !== undefined) rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, 'raters-');
  });

  const view = (): FrameLocator => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const first = (): string => run.correctionIds[0]?.[0] ?? '';
  const theo = (): string => run.correctionIds[1]?.[0] ?? '';
  const ratingsOf = (rater: string): Array<{ correctionId: string; rating: string; rater: string }> => {
    const file = join(run.dir, 'ratings', `${rater}.jsonl`);
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
  };

  async function pressInView(key: string): Promise<void> {
    await view().locator('#position').click();
    await page.keyboard.press(key);
  }

  async function showMistake(position: number): Promise<void> {
    await runPaletteCommand(page, 'Mistakebook: Show Mistake');
    await view().locator('#position', { hasText: 'Mistake 1 of' }).waitFor({ timeout: 30_000 });
    for (let i = 1; i < position; i++) await pressInView('j');
    await view().locator('#position', { hasText: `Mistake ${position} of` }).waitFor({ timeout: 10_000 });
  }

  /** Switches the rater in the Settings editor, as a user would, and goes back to the mistake view. */
  async function setRater(name: string): Promise<void> {
    await runPaletteCommand(page, 'Preferences: Open Settings (UI)');
    const editor = page.locator('.settings-editor');
    await editor.waitFor({ timeout: 20_000 });
    // The search box (an editor of its own) filters the settings down to ours; each input is labelled by its key.
    await editor.locator('.settings-header .monaco-editor').first().click();
    await page.keyboard.type('mistakebook.raterName');
    const input = editor.locator('input[aria-label="mistakebook.raterName"]');
    await input.waitFor({ timeout: 20_000 });
    await input.click();
    await input.fill(name);
    await page.keyboard.press('Tab');
    // The setting is saved a moment after typing; the view beneath follows it (blind for the new rater, or their own card).
    await view().locator(`#raters-hidden, .rater-card[data-rater="${name} (you)"]`).first().waitFor({ timeout: 20_000 });
    // Settings opens as an overlay (a modal editor) in this VS Code: closed by its own close action.
    for (let attempt = 1; await editor.isVisible(); attempt++) {
      assert.ok(attempt <= 5, 'the Settings overlay closed');
      const close = page.locator('.modal-editor-part .modal-editor-action-container [aria-label^="Close"]').first();
      if (await close.isVisible()) await close.click();
      else await page.keyboard.press('Escape');
      await editor.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
    }
    const tab = page.locator('.tabs-container .tab', { hasText: /^Mistake/ }).first();
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await view().locator('#position').waitFor({ timeout: 20_000 });
  }

  it('the first rating asks for the rater name; ann rates two corrections with keys, each in her own file', async () => {
    await showMistake(1);
    await pressInView('1');
    const input = page.locator('.quick-input-widget', { hasText: 'Your name as a rater' }).locator('input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('ann');
    await page.keyboard.press('Enter');
    await view().locator('#rating-status', { hasText: 'Rated excellent' }).waitFor({ timeout: 15_000 });
    await pressInView('j');
    await view().locator('#position', { hasText: 'Mistake 2 of' }).waitFor({ timeout: 10_000 });
    await pressInView('2');
    await view().locator('#rating-status', { hasText: 'Rated good' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(
      ratingsOf('ann').map((r) => [r.correctionId, r.rating, r.rater]),
      [
        [first(), 'excellent', 'ann'],
        [theo(), 'good', 'ann'],
      ],
    );
    assert.equal(existsSync(join(run.dir, 'ratings.jsonl')), false, 'nothing in the old unnamed file');
    assert.match(readFileSync(join(workbench.server.dir, 'data', 'User', 'settings.json'), 'utf8'), /"mistakebook.raterName": "ann"/, 'the name was saved as the setting');
  });

  it('switched to ben, the view is blind to ann until he rates; then their ratings stand side by side', async () => {
    await setRater('ben');
    // The view shows the same mistake again for ben: his rating is not there, ann's is hidden.
    await view().locator('#raters-hidden', { hasText: '1 other rating hidden until you rate' }).waitFor({ timeout: 20_000 });
    assert.equal(await view().locator('#rating-status').innerText(), 'Not rated yet');
    assert.equal(await view().locator('.rater-card').count(), 0, "ann's rating is not on the page");
    await page.screenshot({ path: join(screenshotDir, 'raters-blind.png') });
    await pressInView('3');
    await view().locator('#rating-status', { hasText: 'Rated poor' }).waitFor({ timeout: 10_000 });
    await view().locator('.rater-card[data-rater="ann"]', { hasText: 'Good' }).waitFor({ timeout: 10_000 });
    assert.match(await view().locator('.rater-card[data-rater="ben (you)"]').innerText(), /Poor/);
    assert.match(await view().locator('#rating-in-force').innerText(), /No rating in force: the raters disagree/);
    await page.screenshot({ path: join(screenshotDir, 'raters-side-by-side.png') });
    await pressInView('k');
    await view().locator('#position', { hasText: 'Mistake 1 of' }).waitFor({ timeout: 10_000 });
    await view().locator('#raters-hidden').waitFor({ timeout: 10_000 });
    await pressInView('1');
    await view().locator('#rating-in-force', { hasText: 'In force: excellent (all raters agree)' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(
      ratingsOf('ben').map((r) => [r.correctionId, r.rating]),
      [
        [theo(), 'poor'],
        [first(), 'excellent'],
      ],
    );
  });

  it("the Agreement section of Statistics shows ann and ben's kappa over their two shared corrections", async () => {
    await runPaletteCommand(page, 'View: Close All Editors');
    await runPaletteCommand(page, 'Mistakebook: Show Statistics');
    const pair = view().locator('#agreement-pairs tr[data-pair="ann|ben"]');
    await pair.waitFor({ timeout: 30_000 });
    // (E,E) and (G,P): po = 1/2, pe = 1/4 → kappa 1/3; linear weights: po 3/4, pe 1/2 → 1/2.
    assert.equal(await pair.locator('.shared').innerText(), '2');
    assert.equal(await pair.locator('.kappa').innerText(), '0.333');
    assert.equal(await pair.locator('.weighted-kappa').innerText(), '0.500');
    // Two shared corrections are too few for a bootstrap interval: none is claimed.
    assert.equal(await pair.locator('.kappa-ci').innerText(), '—');
    assert.match(await pair.locator('.same').innerText(), /50\.0% \(n = 2, 95% CI/);
    assert.match(await view().locator('#agreement-raters').innerText(), /ann \(2\), ben \(2\)/);
    assert.match(await view().locator('#agreement-items').innerText(), /1 disagreement open, 0 adjudicated/);
    await view().locator('#agreement').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'raters-agreement.png') });
  });

  it('ben adjudicates the disagreement in the mistake view: stored apart, in force at once', async () => {
    await runPaletteCommand(page, 'View: Close All Editors');
    await showMistake(2);
    await view().locator('#adjudicate').click();
    await view().locator('#adjudication-rating vscode-radio[value="excellent"]').click();
    await view().locator('#adjudication-note textarea').fill('Finds the rate-per-minute slip and fixes it; ann was right it is good at least.');
    await view().locator('#adjudication-save').click();
    await view().locator('#adjudication', { hasText: 'Adjudicated excellent by ben' }).waitFor({ timeout: 15_000 });
    assert.match(await view().locator('#rating-in-force').innerText(), /In force: excellent \(adjudicated\)/);
    assert.equal(await view().locator('#adjudication-form').isVisible(), false, 'the form closes once saved');
    const adjudications = readFileSync(join(run.dir, 'adjudications.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      adjudications.map((a) => [a['correctionId'], a['rating'], a['adjudicator']]),
      [[theo(), 'excellent', 'ben']],
    );
    assert.match(String(adjudications[0]?.['note']), /rate-per-minute slip/);
    assert.deepEqual(ratingsOf('ben').map((r) => r.rating), ['poor', 'excellent'], "the raters' own files are left as they were");
    await page.screenshot({ path: join(screenshotDir, 'raters-adjudicated.png') });
  });

  it('Export with the rating filter takes the adjudicated rating, and the manifest records the rule', async () => {
    await runPaletteCommand(page, 'Mistakebook: Export Fine-tuning Data…');
    const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    await row('Corrections only').click();
    await row('prompt/completion JSONL').click();
    await row('Rated at least good').click();
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).click();
    const output = join(workspace, 'exports', 'rated.jsonl');
    await page.locator('.quick-input-widget', { hasText: 'Save the training file' }).waitFor({ state: 'visible', timeout: 30_000 });
    await saveAs(page, output, 'lema-correction.jsonl');
    await page.locator('.notifications-toasts', { hasText: 'Exported 2 examples' }).waitFor({ timeout: 30_000 });
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 2, 'the agreed correction and the adjudicated one');
    assert.ok(lines.some((l) => l.includes('rate per minute')), "Theo's correction, rated good by ann and poor by ben, is in: its adjudicated rating is excellent");
    const manifest = JSON.parse(readFileSync(`${output}.manifest.json`, 'utf8')) as ExportManifest;
    assert.equal(manifest.filters.minRating, 'good');
    assert.equal(manifest.filters.ratingInForce?.rule, 'agreed');
    assert.match(manifest.filters.ratingInForce?.text ?? '', /^adjudicated rating, else/);
    assert.ok(manifest.inputs.some((i) => i.role === 'adjudications' && i.path.endsWith('adjudications.jsonl')));
    assert.deepEqual(manifest.inputs.filter((i) => i.role === 'ratings').map((i) => i.path.split('/').pop()).sort(), ['ann.jsonl', 'ben.jsonl']);
  });
});
