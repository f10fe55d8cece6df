/** Debian's chromium under playwright-core, recording every request that leaves loopback. */
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { chromiumArgs, tools } from './tools';

export interface WatchedBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Requests that went to any host other than 127.0.0.1 / localhost (must stay empty). */
  externalRequests(): Promise<string[]>;
  close(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

export async function launchBrowser(viewport = { width: 1400, height: 860 }): Promise<WatchedBrowser> {
  const browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: chromiumArgs });
  const context = await browser.newContext({ viewport });
  const checks: Promise<string | undefined>[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (/^(https?|wss?):$/.test(url.protocol) && !loopback.has(url.hostname)) checks.push(leftTheBrowser(request));
  });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    externalRequests: async () => (await Promise.all(checks)).filter((u): u is string => u !== undefined),
    close: () => browser.close(),
  };
}

/**
 * Webview resources have https://*.vscode-cdn.net URLs, but the webview's service worker answers them
 * from the workbench (over loopback); only a request that was not answered in the browser reached out.
 */
async function leftTheBrowser(request: Request): Promise<string | undefined> {
  const response = await request.response().catch(() => null);
  return response?.fromServiceWorker() ? undefined : request.url().slice(0, 160);
}
