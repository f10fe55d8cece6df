/**
 * `npm run test:desktop`: the same integration suite in desktop VS Code through @vscode/test-electron,
 * which downloads VS Code (needs internet; offline machines use `npm test`, which runs it in code-server).
 * Runs against the oldest version engines.vscode promises and against the current stable release.
 */
import { runTests } from '@vscode/test-electron';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../support/tools';
import manifest from '../../package.json';

const oldest = manifest.engines.vscode.replace(/^\^/, '');

async function main(): Promise<void> {
  const versions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [oldest, 'stable'];
  for (const version of versions) {
    console.log(`test:desktop: VS Code ${version}`);
    await runTests({
      version,
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: join(projectRoot, 'out', 'test', 'integration', 'suite', 'index'),
      launchArgs: [mkdtempSync(join(tmpdir(), 'mistakebook-ws-')), '--disable-extensions', '--disable-workspace-trust'],
    });
  }
}

main().catch((e: unknown) => {
  console.error('test:desktop failed:', e);
  process.exit(1);
});
