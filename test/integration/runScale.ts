/**
 * The scale level's VS Code half (issue 13): makes a workspace with a LEMA-size run
 * (scripts/makeScaleRun.ts; MB_SCALE_PATHS, default 200,000 paths) and the sample run beside it, then
 * runs test/integration/scale inside code-server with that folder open.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeScaleRun } from '../../scripts/makeScaleRun';
import { projectRoot } from '../support/tools';

async function main(): Promise<number> {
  const paths = Number(process.env['MB_SCALE_PATHS'] ?? 200_000);
  const workspace = join(mkdtempSync(join(tmpdir(), 'mistakebook-scale-views-')), 'ws');
  try {
    const made = await makeScaleRun({ out: workspace, questions: Math.ceil(paths / 8) });
    console.log(`scale workspace: ${made.paths} paths, ${made.mistakes} mistakes, ${made.corrections} corrections, ${made.ratings} ratings`);
    // The sample run beside it: the mistake view's timings at scale are compared with it.
    cpSync(join(projectRoot, 'samples', 'datasets'), join(workspace, 'datasets'), { recursive: true });
    cpSync(join(projectRoot, 'samples', '.mistakebook', 'runs', 'sample-run'), join(workspace, '.mistakebook', 'runs', 'sample-run'), { recursive: true });
    const run = spawnSync('npx', ['tsx', join(projectRoot, 'test/integration/runOffline.ts')], {
      cwd: projectRoot,
      stdio: 'inherit',
      env: { ...process.env, MB_WORKSPACE: workspace, MB_SUITE: 'scale' },
    });
    return run.status ?? 1;
  } finally {
    rmSync(join(workspace, '..'), { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('scale views:', e);
    process.exit(2);
  },
);
