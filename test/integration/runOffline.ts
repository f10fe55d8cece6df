/**
 * Runs the integration suite inside a real VS Code offline: code-server's extension host loads this
 * checkout as the extension under development and runs out/test/integration/suite/index.js, while
 * headless chromium holds the workbench open and relays the suite's output and exit code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from '../support/browser';
import { startCodeServer } from '../support/codeServer';
import { projectRoot } from '../support/tools';

const SUMMARY = /^\[integration\] VS Code (\S+) .*?: (\d+) passed, (\d+) failed/;

async function main(): Promise<number> {
  const started = Date.now();
  const server = await startCodeServer({ smokeTestDriver: true });
  const browser = await launchBrowser();
  let summary: { version: string; passed: number; failed: number } | undefined;
  try {
    // MB_WORKSPACE opens a prepared folder (the scale level's 200,000-path run); MB_SUITE picks test/integration/<suite>.
    const workspace = process.env['MB_WORKSPACE'] ?? mkdtempSync(join(tmpdir(), 'mistakebook-ws-'));
    const suite = process.env['MB_SUITE'] ?? 'suite';
    const remote = (p: string): string => `vscode-remote://${server.host}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(projectRoot)],
      ['extensionTestsPath', remote(join(projectRoot, 'out', 'test', 'integration', suite, 'index'))],
    ];
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((r) => (exit = r));
    await browser.page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = format(...(args ?? []));
      const m = SUMMARY.exec(line);
      if (m) summary = { version: m[1] ?? '?', passed: Number(m[2]), failed: Number(m[3]) };
      if (process.env['VERBOSE'] || !/^\[(?!integration)|Ignoring fetching|Creating a socket|connection token|^Creation of workbench contribution/.test(line)) console.log(line);
    });
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    const url = new URL(server.url);
    url.searchParams.set('folder', workspace);
    url.searchParams.set('payload', JSON.stringify(payload));
    await browser.page.goto(url.toString());
    const timeoutMs = Number(process.env['TEST_TIMEOUT_MS'] ?? 300_000);
    const code = await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(-1), timeoutMs))]);
    if (code === -1) console.error(`integration: no exit after ${timeoutMs / 1000} s (server log: ${server.logFile})`);
    const external = await browser.externalRequests();
    if (external.length > 0) console.error(`integration: requests left loopback: ${external.join(', ')}`);
    const result = summary ?? { version: '?', passed: 0, failed: 1 };
    if (code !== 0 && result.failed === 0) result.failed = 1; // the suite did not even report
    console.log(`integration: ran inside VS Code ${result.version} (code-server, web extension host): ${result.passed} passed, ${result.failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (process.env['MB_RESULTS_FILE']) writeFileSync(process.env['MB_RESULTS_FILE'], JSON.stringify({ passed: result.passed, failed: result.failed }));
    return code === 0 && external.length === 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('integration: launcher failed:', e);
    process.exit(2);
  },
);
