/**
 * `npm start`: Mistakebook in a real VS Code in the browser, on 127.0.0.1, with the samples/ workspace.
 * Installs the tools on first use, packages the extension, installs it into a fresh code-server profile
 * and prints the URL. Ctrl-C stops it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startCodeServer } from '../test/support/codeServer';
import { projectRoot } from '../test/support/tools';

async function main(): Promise<void> {
  const vsix = join(projectRoot, 'test-results', 'mistakebook-start.vsix');
  execFileSync('bash', ['scripts/tools.sh'], { cwd: projectRoot, stdio: 'inherit' });
  execFileSync('node', ['scripts/package.mjs'], { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, VSIX_OUT: vsix } });
  const port = Number(process.env['PORT'] ?? 8080);
  const server = await startCodeServer({ install: [vsix], port });
  const url = `${server.url}?folder=${encodeURIComponent(join(projectRoot, 'samples'))}`;
  console.log(`\nMistakebook is running in VS Code at:\n\n  ${url}\n\nOpen it in a browser on this machine (Ctrl-C to stop).`);
  const stop = (): void => void server.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
}

main().catch((e: unknown) => {
  console.error('start failed:', e);
  process.exit(1);
});
