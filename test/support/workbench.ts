/** The e2e set-up every workbench spec shares: the packaged extension in code-server, chromium on it. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type WatchedBrowser } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { buildExportFixture } from './exportFixture';
import { projectRoot } from './tools';

export const vsix = process.env['MB_VSIX'] ?? join(projectRoot, 'mistakebook-0.1.0.vsix');
export const screenshotDir = process.env['MB_SCREENSHOTS'] ?? join(projectRoot, 'test-results', 'screenshots');

export interface Workbench {
  server: CodeServer;
  browser: WatchedBrowser;
  page: Page;
  close(): Promise<void>;
}

/** code-server with the packaged .vsix (light theme unless told otherwise), opened on `workspace`. */
export async function openWorkbench(
  workspace: string,
  options: { settings?: Record<string, unknown>; viewport?: { width: number; height: number }; server?: Omit<CodeServerOptions, 'install' | 'settings'> } = {},
): Promise<Workbench> {
  mkdirSync(screenshotDir, { recursive: true });
  const server = await startCodeServer({ ...options.server, install: [vsix], settings: { 'workbench.colorTheme': 'Default Light Modern', ...options.settings } });
  const browser = await launchBrowser(options.viewport);
  const page = browser.page;
  await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/** For afterEach: a screenshot of the page when the test that just ran failed. */
export async function screenshotIfFailed(test: Mocha.Test | undefined, page: Page | undefined, prefix: string): Promise<void> {
  if (test?.state === 'failed' && page) await page.screenshot({ path: join(screenshotDir, `failed-${prefix}${test.title.replace(/\W+/g, '-')}.png`) });
}

/**
 * A workbench on a fresh copy of the export fixture (two runs, prompts, ratings: test/support/exportFixture),
 * opened once the Mistakebook activity icon is there (the palette lists our commands from then on).
 */
export async function openFixtureWorkbench(prefix: string, viewport: { width: number; height: number }): Promise<Workbench & { workspace: string }> {
  const workspace = mkdtempSync(join(tmpdir(), `mistakebook-e2e-${prefix}-`));
  await buildExportFixture(workspace);
  const workbench = await openWorkbench(workspace, { viewport });
  await workbench.page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').waitFor({ timeout: 60_000 });
  return {
    ...workbench,
    workspace,
    close: async () => {
      await workbench.close();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}
