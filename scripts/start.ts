/**
 * `npm start`: Mistakebook in a real VS Code in the browser, on 127.0.0.1, with the samples/ workspace
 * and scripted demo models (scripts/demo.ts). Installs the tools on first use, packages the extension
 * and prints the URL. Point the settings at a real endpoint to use one. Ctrl-C stops it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../test/support/tools';
import { DEMO_MODELS, DEMO_MODELS_PORT, startDemo } from './demo';

async function main(): Promise<void> {
  const vsix = join(projectRoot, 'test-results', 'mistakebook-start.vsix');
  execFileSync('bash', ['scripts/tools.sh'], { cwd: projectRoot, stdio: 'inherit' });
  execFileSync('node', ['scripts/package.mjs'], { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, VSIX_OUT: vsix } });
  // On the sample run's port, so Regenerate works on that run too.
  const demo = await startDemo({ vsix, workspace: join(projectRoot, 'samples'), port: Number(process.env['PORT'] ?? 8080), modelsPort: DEMO_MODELS_PORT });
  console.log(`\nMistakebook is running in VS Code at:\n\n  ${demo.url}\n`);
  console.log(`Scripted demo models, not real ones (${demo.models.url}): "${DEMO_MODELS.reasoner}" makes some mistakes on purpose, "${DEMO_MODELS.corrector}" corrects them from the answer key.`);
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
