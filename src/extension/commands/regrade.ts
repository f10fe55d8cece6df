/**
 * Mistakebook: Regrade Run — the current answer checker applied to a run's stored verdicts (paths'
 * `correct`, corrections' `verified`) without calling any model. Every change goes to the run's
 * regrade.jsonl with its explanation; the views then read the new verdicts. A newer checker never
 * changes a stored run by itself: only this command (or `mistakebook run regrade`) does.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { formatDiagnostic } from '../../core/diagnostic';
import { regradeRun, REGRADE_LOG, type RegradeSummary } from '../../core/pipeline/regrade';
import type { Context } from '../context';
import { chooseRuns, type RunTarget } from './runs';

export async function regrade(ctx: Context, target?: unknown): Promise<RegradeSummary[]> {
  const workspaceDir = ctx.workspaceDir;
  if (workspaceDir === undefined) throw new Error('open the folder that holds .mistakebook/runs first.');
  const chosen = target === undefined ? [] : [target as RunTarget];
  const runs = await chooseRuns(ctx, chosen, (r) => r.info !== undefined && ctx.activity.get(r.id) === undefined, 'runs with stored verdicts (not running now)');
  const done: RegradeSummary[] = [];
  for (const run of runs) {
    const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Mistakebook: regrading ${run.id}` }, () =>
      regradeRun(workspaceDir, run.id, { onDiagnostic: (d) => ctx.output.log(formatDiagnostic(d)) }),
    );
    done.push(summary);
    const message = describe(summary);
    ctx.output.log(`run ${run.id}: ${message}`);
    if (summary.wrote) {
      void vscode.window.showInformationMessage(`Mistakebook: ${message}`, 'Open regrade.jsonl').then((choice) => {
        if (choice !== undefined) void vscode.window.showTextDocument(vscode.Uri.file(join(run.dir, REGRADE_LOG)));
      });
    } else {
      void vscode.window.showInformationMessage(`Mistakebook: ${message}`);
    }
  }
  if (done.some((s) => s.wrote)) ctx.runsChanged();
  return done;
}

/** "regraded with math-2: paths 3 changed (2 now right, 1 now wrong), corrections 0 changed". */
function describe(s: RegradeSummary): string {
  const tables = Object.entries(s.tables)
    .filter(([, t]) => t.rows > 0)
    .map(([name, t]) => `${name} ${t.changed} of ${t.rows} changed${t.changed > 0 ? ` (${t.nowRight} now right, ${t.nowWrong} now wrong)` : ''}`);
  const what = tables.length === 0 ? 'nothing to regrade' : tables.join(', ');
  return `regraded run ${s.runId} with checker ${s.checker}: ${what}${s.wrote ? '' : ' — nothing written'}.`;
}
