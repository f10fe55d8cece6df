/**
 * Issue 19 as a user meets it: on the sample run, Run LEMA Experiment… from the palette (the run,
 * the test set and the base model picked; the models are the scripted demo models on loopback, whose
 * fine-tuning engine trains in a few seconds), the cost estimate shown in a modal and confirmed,
 * both jobs followed in the Fine-tunes section of the Runs view, and the report opened in the
 * experiment view with three models, base < CoT-only < LEMA. The screenshot of the report is the
 * README's (media/experiment-report.png). Show LEMA Experiment Report… opens it again.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MODELS, startDemoModels } from '../../scripts/demo';
import type { ExperimentReport } from '../../src/core/experiment/types';
import type { FakeOpenAI } from '../fake-openai/server';
import { runCommand } from '../support/palette';
import { projectRoot } from '../support/tools';
import { openWorkbench, screenshotDir, screenshotIfFailed, type Workbench } from '../support/workbench';

describe('LEMA experiment from the palette (e2e)', function () {
  this.timeout(300_000);
  let models: FakeOpenAI;
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-e2e-experiment-'));
    cpSync(join(projectRoot, 'samples'), workspace, { recursive: true });
    // Each state of a job lasts 1.5 s, so the Runs view can be seen following a running job.
    models = await startDemoModels(workspace, { fineTuning: { stepMs: 1500 } });
    wb = await openWorkbench(workspace, {
      viewport: { width: 1400, height: 900 },
      settings: {
        'mistakebook.reasoner.baseUrl': models.url,
        'mistakebook.reasoner.model': DEMO_MODELS.reasoner,
        'mistakebook.experiment.baseModel': DEMO_MODELS.reasoner,
        'mistakebook.experiment.pollSeconds': 0.3,
        // Prices for the scripted model, shaped like gpt-4o-mini's listed ones, so the estimate shows dollars.
        'mistakebook.prices': { [DEMO_MODELS.reasoner]: { inputPerMillion: 0.15, outputPerMillion: 0.6, trainingPerMillion: 3, fineTunedInputPerMillion: 0.3, fineTunedOutputPerMillion: 1.2 } },
      },
    });
  });

  after(async () => {
    await wb?.close();
    await models?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, wb?.page, 'experiment-');
  });

  it('asks with the cost estimate, follows both jobs, and shows the report with three models', async () => {
    const page = wb.page;
    await page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').click({ timeout: 60_000 });
    await runCommand(page, 'Mistakebook: Run LEMA Experiment…');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'corrections' }).first().click({ timeout: 30_000 });
    await rows.filter({ hasText: 'gsm8k-sample-test.jsonl' }).first().click({ timeout: 30_000 });
    // The base model's input box replaces the quick pick: wait for its title before reading its value.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: '(3/3)' }).waitFor({ timeout: 30_000 });
    const input = page.locator('.quick-input-widget input');
    assert.equal(await input.inputValue(), DEMO_MODELS.reasoner);
    await input.press('Enter');

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    const text = await dialog.innerText();
    assert.match(text, /fine-tune scripted-demo-reasoner on 12 CoT-only and 26 LEMA examples, then evaluate three models — estimated cost ≈ \$\d+\.\d\d\. Start\?/);
    assert.match(text, /train LEMA \(CoT \+ corrections\) on 26 examples: \$\d+\.\d\d/);
    assert.match(text, /evaluate the base model scripted-demo-reasoner: \$/);
    assert.equal(models.fineTuning.files.size, 0, 'nothing is uploaded before the estimate is confirmed');
    await page.screenshot({ path: join(screenshotDir, 'experiment-estimate.png') });
    await dialog.locator('.monaco-button', { hasText: 'Start Fine-Tuning' }).first().click();
    await dialog.waitFor({ state: 'hidden' });

    // The Fine-tunes section follows the jobs while they run.
    const fineTunes = page.locator('.monaco-list-row', { hasText: 'Fine-tunes' });
    await fineTunes.first().waitFor({ timeout: 60_000 });
    const job = page.locator('.monaco-list-row', { hasText: 'lema · ftjob-fake' });
    await job.first().waitFor({ timeout: 60_000 });
    await page.locator('.monaco-list-row', { hasText: /lema · ftjob-fake\d+.*(queued|running)/ }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(screenshotDir, 'experiment-finetunes.png') });

    // The report opens in the experiment view.
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const table = view.locator('table.models');
    await table.waitFor({ timeout: 120_000 });
    assert.equal(await table.locator('tbody tr').count(), 3);
    const cells = async (role: string): Promise<string[]> => table.locator(`tbody tr[data-role="${role}"] td`).allTextContents();
    const [base, cot, lema] = [await cells('base'), await cells('cot'), await cells('lema')];
    assert.equal(base[1], DEMO_MODELS.reasoner);
    assert.match(cot[1] ?? '', /^ft:scripted-demo-reasoner:fake-org:mb-cot-/);
    assert.match(lema[2] ?? '', /^26 \(14 corrections\)$/);
    const pass = (row: string[]): number => Number.parseFloat(row[3] ?? 'NaN');
    assert.ok(pass(base) < pass(cot) && pass(cot) < pass(lema), `pass@1: base ${pass(base)} < CoT-only ${pass(cot)} < LEMA ${pass(lema)}`);
    assert.equal(await view.locator('.chart svg g.bar').count(), 6, 'pass@1 and majority vote of three models');
    assert.ok((await view.locator('.chart svg .interval').count()) >= 6, 'each bar draws its interval');
    assert.match((await view.locator('ul.pairs').innerText()) ?? '', /CoT-only vs LEMA: \d+ questions only CoT-only got right, \d+ only LEMA; McNemar exact p = /);
    await page.locator('.monaco-list-row', { hasText: /lema · ftjob-fake\d+.*succeeded/ }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshotDir, 'experiment-report.png') });

    // What the view shows is what report.json holds.
    const dir = join(workspace, '.mistakebook/experiments');
    const [id] = readdirSync(dir);
    const report = JSON.parse(readFileSync(join(dir, id ?? '', 'report.json'), 'utf8')) as ExperimentReport;
    assert.deepEqual(report.models.map((m) => m.role), ['base', 'cot', 'lema']);
    assert.equal(`${(100 * (report.models[2]?.passAt1 ?? 0)).toFixed(1)}%`, lema[3]);
    assert.ok(existsSync(join(dir, id ?? '', 'report.md')));
    assert.equal(models.fineTuning.jobs.size, 2);
  });

  it('Show LEMA Experiment Report… opens the report again after its panel was closed', async () => {
    const page = wb.page;
    await page.keyboard.press('Control+W');
    await page.locator('iframe.webview.ready').waitFor({ state: 'detached', timeout: 30_000 });
    await runCommand(page, 'Mistakebook: Show LEMA Experiment Report…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'exp-' }).first().click({ timeout: 30_000 });
    const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await view.locator('table.models tbody tr').first().waitFor({ timeout: 30_000 });
    assert.equal(await view.locator('table.models tbody tr').count(), 3);
  });
});
