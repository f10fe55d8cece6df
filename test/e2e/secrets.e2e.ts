/**
 * Issue 8, secrets in the workbench: set a key with Mistakebook: Set API Key (palette, password
 * box), sample reasoning paths and generate corrections against test/fake-openai (which rejects any
 * other key, so a finished run proves the key was used), export, then search for the key in the
 * workspace (runs, cache, exports), code-server's folder (user data, extensions, logs) and the
 * browser's storage (localStorage, IndexedDB): 0 hits.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { scanForSecret } from '../hardening/secretScan';
import { runCommand as runPaletteCommand } from '../support/palette';
import { launchBrowser, type WatchedBrowser } from '../support/browser';
import { startCodeServer, type CodeServer } from '../support/codeServer';
import { projectRoot } from '../support/tools';
import { run as cli } from '../unit/cli/capture';

const vsix = process.env['MB_VSIX'] ?? join(projectRoot, 'mistakebook-0.1.0.vsix');
const screenshotDir = process.env['MB_SCREENSHOTS'] ?? join(projectRoot, 'test-results', 'screenshots');
const KEY = 'sk-e2e-Secret-5b1d0e9f7a3c2468';

/** The fake server as a child process; its first line of output is its base URL. */
async function startFake(answerKey: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/fake-openai/main.ts'), '--port', '0', '--api-key', KEY, '--answer-key', answerKey, '--wrong-rate', '0.5'], {
    cwd: projectRoot,
    // Its stderr names the key it accepts: not for the test log.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake-openai exited with ${code}`)));
  });
  return { child, url: url.trim() };
}

/**
 * Every string in localStorage, sessionStorage and every IndexedDB store of the page's origin. Plain
 * JavaScript in a string: tsx would wrap named functions in helpers the page does not have.
 */
const DUMP_BROWSER_STORAGE = `(async () => {
  const text = (v) => typeof v === 'string' ? v : (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) ? new TextDecoder().decode(v) : JSON.stringify(v);
  const all = (store, method) => new Promise((resolve, reject) => {
    const request = store[method]();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const parts = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open(info.name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const name of Array.from(db.objectStoreNames)) {
      const store = () => db.transaction(name, 'readonly').objectStore(name);
      parts.push(...(await all(store(), 'getAllKeys')).map(text), ...(await all(store(), 'getAll')).map(text));
    }
    db.close();
  }
  return parts.join('\\n');
})()`;

async function browserStorage(page: Page): Promise<string> {
  return page.evaluate<string>(DUMP_BROWSER_STORAGE);
}

describe('Secrets after the full flow in the workbench (e2e)', function () {
  this.timeout(240_000);
  let fake: { child: ChildProcess; url: string };
  let server: CodeServer;
  let browser: WatchedBrowser;
  let page: Page;
  let workspace: string;

  before(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-e2e-secrets-'));
    cpSync(join(projectRoot, 'samples'), workspace, { recursive: true });
    rmSync(join(workspace, '.mistakebook'), { recursive: true, force: true }); // the sample run: this test finds the run it makes
    fake = await startFake(join(workspace, 'datasets/gsm8k-sample.jsonl'));
    const role = (model: string) => ({ baseUrl: fake.url, model });
    server = await startCodeServer({
      install: [vsix],
      settings: {
        ...Object.fromEntries(
          (['reasoner', 'corrector'] as const).flatMap((r) => Object.entries(role(r)).map(([k, v]) => [`mistakebook.${r}.${k}`, v])),
        ),
        'mistakebook.questionLimit': 6,
        'mistakebook.samplesPerQuestion': 2,
        'mistakebook.correctionPrompt': 'prompts/gsm8k.fewshot.txt',
      },
    });
    browser = await launchBrowser();
    page = browser.page;
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    fake?.child.kill('SIGTERM');
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: join(screenshotDir, `failed-secrets-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });

  const runCommand = (title: string): Promise<void> => runPaletteCommand(page, title);

  async function pick(text: string): Promise<void> {
    await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().click({ timeout: 30_000 });
  }

  /** The one run's run.json once `stage` has ended, or a failure naming its state. */
  async function stageEnded(stage: string): Promise<{ dir: string; state: string }> {
    const runs = join(workspace, '.mistakebook/runs');
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      for (const id of existsSync(runs) ? readdirSync(runs) : []) {
        const file = join(runs, id, 'run.json');
        if (!existsSync(file)) continue;
        const info = JSON.parse(readFileSync(file, 'utf8')) as { stages?: Record<string, { state: string }> };
        const state = info.stages?.[stage]?.state;
        if (state !== undefined && state !== 'running' && state !== 'pending') return { dir: join(runs, id), state };
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${stage} did not end within 90 s`);
  }

  it('sets the key through the palette, samples and corrects with it, and leaves it nowhere', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').click({ timeout: 60_000 });

    await runCommand('Mistakebook: Set API Key');
    await pick(fake.url);
    const password = page.locator('.quick-input-widget input[type="password"]');
    await password.waitFor({ state: 'visible' });
    await password.fill(KEY);
    await password.press('Enter');
    await page.locator('.notification-toast', { hasText: 'API key saved' }).first().waitFor({ timeout: 30_000 });

    await runCommand('Mistakebook: Sample Reasoning Paths');
    await pick('gsm8k-sample.jsonl');
    const sampled = await stageEnded('sample');
    assert.equal(sampled.state, 'done', readFileSync(join(sampled.dir, 'run.json'), 'utf8'));
    const paths = readFileSync(join(sampled.dir, 'paths.jsonl'), 'utf8').trim().split('\n');
    assert.equal(paths.length, 12);

    await runCommand('Mistakebook: Generate Corrections');
    // With one run that fits, the command may go straight on; otherwise it asks which.
    await pick(sampled.dir.split('/').pop() ?? '').catch(() => undefined);
    const corrected = await stageEnded('correct');
    assert.equal(corrected.state, 'done', readFileSync(join(corrected.dir, 'run.json'), 'utf8'));

    const exported = join(workspace, 'exports/train.jsonl');
    const exportRun = await cli('export', '--workspace', workspace, '--output', exported);
    assert.equal(exportRun.code, 0, exportRun.stderr);

    const stored = await browserStorage(page);
    assert.ok(stored.length > 1000, 'the browser storage dump is suspiciously small');
    assert.ok(!stored.includes(KEY), 'the key is in the browser storage (localStorage or IndexedDB) in plain text');
    await browser.close();
    // Stopping code-server flushes its state databases to disk before the scan.
    await server.stop();
    const scan = scanForSecret([workspace, server.dir], KEY);
    assert.deepEqual(scan.hits, [], `the key was found:\n${scan.hits.map((h) => `${h.file} (${h.encoding})`).join('\n')}`);
    assert.ok(scan.filesScanned > 50, `only ${scan.filesScanned} files scanned`);
    console.log(`      scanned ${scan.filesScanned} files (${(scan.bytesScanned / 1024 / 1024).toFixed(1)} MiB) and ${(stored.length / 1024).toFixed(0)} KiB of browser storage: 0 hits`);
  });
});
