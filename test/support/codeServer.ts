/**
 * A real VS Code for tests, offline: code-server (VS Code's server, extension host and web workbench) on
 * 127.0.0.1 with throwaway user-data, extensions and XDG folders, so no test sees the developer's setup
 * and nothing reaches beyond loopback.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertToolsInstalled, tools } from './tools';

const quietSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  // Several raters (issue 18): a rater is named, so a first rating does not stop to ask (one test clears it to see the question).
  'mistakebook.raterName': 'tester',
};

export interface CodeServerOptions {
  /** Lets a test payload (extensionDevelopmentPath / extensionTestsPath) run; hides notification toasts. */
  smokeTestDriver?: boolean;
  /** .vsix files to install before starting. */
  install?: string[];
  /** Extra user settings (e.g. the colour theme). */
  settings?: Record<string, unknown>;
  port?: number;
  /** Extra environment for the server and its extension host. */
  env?: Record<string, string>;
}

export interface CodeServer {
  url: string;
  host: string;
  dir: string;
  logFile: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  assertToolsInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'mistakebook-vscode-'));
  const userData = join(dir, 'data');
  const extensions = join(dir, 'extensions');
  const xdg = join(dir, 'xdg');
  for (const d of [join(userData, 'User'), extensions, xdg]) mkdirSync(d, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...options.settings }, null, 2));
  const env = {
    ...process.env,
    ...options.env,
    PATH: `${tools.node24Bin}:${process.env['PATH'] ?? ''}`,
    XDG_CONFIG_HOME: xdg,
    XDG_DATA_HOME: xdg,
    XDG_CACHE_HOME: xdg,
    EXTENSIONS_GALLERY: '{}',
  };
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];
  for (const vsix of options.install ?? []) execFileSync(tools.codeServer, [...dirs, '--install-extension', vsix], { env, stdio: 'pipe' });

  const port = options.port ?? (await freePort());
  const logFile = join(dir, 'code-server.log');
  const log = openSync(logFile, 'a');
  const args = [
    ...dirs,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened',
    '--reconnection-grace-time', '10',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  // Its own process group: code-server's file watcher outlives a plain kill of the parent.
  const child: ChildProcess = spawn(tools.codeServer, args, { env, detached: true, stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}/`;
  await waitForHealth(url, child, logFile);
  return {
    url,
    host: `127.0.0.1:${port}`,
    dir,
    logFile,
    stop: () => stopGroup(child),
  };
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      if ((await fetch(new URL('healthz', url))).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server did not become healthy within 60 s; log: ${logFile}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
}
