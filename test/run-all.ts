/**
 * `npm test`: type-check and lint, then the levels — unit (the engine, no VS Code), hardening (the
 * fault and crash suites of test/hardening), scale (test/scale), integration (mocha inside a real VS
 * Code's extension host) and e2e (chromium driving the workbench with the packaged .vsix). Installs the tools it needs
 * on first use. The last line is the total, `N passed, N failed`. `npm test -- unit` (or hardening,
 * scale, integration, e2e) runs one level. The scale level (issue 13) takes a generated 200,000-path
 * run through the CLI's readers against their time and memory ratios, in about 40 s.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './support/tools';

type Level = 'unit' | 'hardening' | 'integration' | 'e2e' | 'scale';
const LEVELS: readonly Level[] = ['unit', 'hardening', 'integration', 'e2e', 'scale'];
interface Counts {
  passed: number;
  failed: number;
}

const results = join(projectRoot, 'test-results');
const vsix = join(results, 'mistakebook.vsix');
const screenshots = join(results, 'screenshots');

function sh(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const r = spawnSync(cmd, args, { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function step(title: string, cmd: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n=== ${title}`);
  const t0 = Date.now();
  const status = sh(cmd, args, env);
  if (status !== 0) {
    console.error(`${title} failed (exit ${status})`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`=== ${title}: ok in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function level(name: Level, cmd: string, args: string[], env: Record<string, string> = {}): Counts {
  console.log(`\n=== ${name} tests`);
  const file = join(results, `${name}.json`);
  rmSync(file, { force: true });
  const t0 = Date.now();
  const status = sh(cmd, args, { ...env, MB_RESULTS_FILE: file });
  const counts: Counts = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Counts) : { passed: 0, failed: 0 };
  // A level that crashed before reporting still counts as a failure.
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  console.log(`=== ${name}: ${counts.passed} passed, ${counts.failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return counts;
}

const mocha = (spec: string, extra: string[] = []): string[] => [
  'mocha', '--require', 'tsx/cjs', '--extension', 'ts', '--reporter', join(projectRoot, 'test/support/countingReporter.cjs'), ...extra, spec,
];

function main(): void {
  const asked = process.argv.slice(2).filter((a): a is Level => (LEVELS as readonly string[]).includes(a));
  const levels: Level[] = asked.length > 0 ? asked : ['unit', 'hardening', 'scale', 'integration', 'e2e'];
  mkdirSync(results, { recursive: true });
  const t0 = Date.now();

  step('type-check', 'npm', ['run', '--silent', 'typecheck']);
  step('lint', 'npx', ['eslint', '.']);
  if (levels.some((l) => l === 'integration' || l === 'e2e')) step('tools', 'bash', ['scripts/tools.sh']);

  const totals: Counts = { passed: 0, failed: 0 };
  const add = (c: Counts): void => {
    totals.passed += c.passed;
    totals.failed += c.failed;
  };
  if (levels.includes('unit')) add(level('unit', 'npx', mocha('test/unit/**/*.test.ts')));
  // Issue 8's slow suites (10,000 faulted requests, 20 crash-and-resume rounds): about a minute.
  if (levels.includes('hardening')) add(level('hardening', 'npx', mocha('test/hardening/**/*.test.ts')));
  // Issue 13: stats, status, list and export of a 200,000-path run within their time and memory ratios.
  if (levels.includes('scale')) {
    add(level('scale', 'npx', mocha('test/scale/**/*.test.ts', ['--timeout', '600000'])));
    // And every view of VS Code on a run of that size (test/integration/scale).
    step('tools', 'bash', ['scripts/tools.sh']);
    step('build', 'node', ['scripts/build.mjs']);
    add(level('scale', 'npx', ['tsx', 'test/integration/runScale.ts']));
  }
  if (levels.includes('integration')) {
    step('build', 'node', ['scripts/build.mjs']);
    add(level('integration', 'npx', ['tsx', 'test/integration/runOffline.ts']));
  }
  if (levels.includes('e2e')) {
    step('package', 'node', ['scripts/package.mjs'], { VSIX_OUT: vsix });
    add(level('e2e', 'npx', mocha('test/e2e/**/*.e2e.ts'), { MB_VSIX: vsix, MB_SCREENSHOTS: screenshots }));
    console.log(`screenshots: ${screenshots}`);
  }
  console.log(`\nall levels in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

main();
