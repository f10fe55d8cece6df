/** Which run and mistake a command is about, found in the runs folder: from ids, or the newest run worth reviewing. */
import { existsSync } from 'node:fs';
import { listRuns } from '../../../core/store/listRuns';
import { runDir } from '../../../core/store/layout';
import { checkRunId } from '../../../core/store/runId';
import type { MistakeIds } from '../../commands/args';
import type { Context } from '../../context';

export interface MistakeTarget extends MistakeIds {
  workspaceDir: string;
}

/** Why there is nothing to show; the view says it as is. */
export interface NothingToShow {
  reason: string;
}

export const NO_RUNS = 'No mistakes yet: open a dataset and run Generate Corrections to see mistakes here.';

/** Given ids: that run, if the runs folder holds it. No ids: the newest run with corrections, else with sampled paths. */
export async function runOf(ctx: Pick<Context, 'workspaceDir'>, ids: MistakeIds | undefined): Promise<MistakeTarget | NothingToShow> {
  const workspaceDir = ctx.workspaceDir;
  if (ids !== undefined) {
    try {
      checkRunId(ids.runId);
    } catch (e) {
      return { reason: (e as Error).message };
    }
    if (workspaceDir === undefined || !existsSync(runDir(workspaceDir, ids.runId))) {
      return { reason: `Run ${ids.runId} is not in .mistakebook/runs of this workspace. Open the folder that holds it.` };
    }
    return { workspaceDir, ...ids };
  }
  if (workspaceDir === undefined) return { reason: NO_RUNS };
  const runs = (await listRuns(workspaceDir)).filter((r) => r.status !== 'unreadable');
  const run = runs.find((r) => (r.counts.corrections ?? 0) > 0) ?? runs.find((r) => (r.counts.paths ?? 0) > 0);
  return run === undefined ? { reason: NO_RUNS } : { workspaceDir, runId: run.id };
}
