/**
 * `npm start`: Mistakebook in a real VS Code in the browser, on 127.0.0.1, with the samples/ workspace
 * and scripted demo models (scripts/demo.ts). Installs the tools on first use, packages the extension
 * and prints the URL. Point the settings at a real endpoint to use one. Ctrl-C stops it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../test/support/tools';
import { startDemo } from './demo';

async function main(): Promise<void> {
  const vsix = join(projectRoot, 'test-results', 'mistakebook-start.vsix');
  execFileSync('bash', ['scripts/tools.sh'], { cwd: projectRoot, stdio: 'inherit' });
  execFileSync('node', ['scripts/package.mjs'], { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, VSIX_OUT: vsix } });
  const demo = await startDemo({ vsix, workspace: join(projectRoot, 'samples'), port: Number(process.env['PORT'] ?? 8080) });
  console.log(`\nMistakebook is running in VS Code at:\n\n  ${demo.url}\n`);
  console.log(`Demo models (scripted, ${demo.models.url}): "reasoner" makes some mistakes, "corrector" corrects them.`);
  console.log('Try: Mistakebook: Sample Reasoning Paths, then Generate Corrections, then Show Mistake. Ctrl-C stops.');
  const stop = (): void => void demo.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => undefined);
}

main().catch((e: unknown) => {
  console.error('start failed:', e);
  process.exit(1);
});
