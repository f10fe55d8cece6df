/** Mistakebook: Name Run… — a name and tags for a run (the views show them instead of its id, which stays). */
import * as vscode from 'vscode';
import { runLabelOf } from '../../core/runs/runIndex';
import { labelRun, parseTags } from '../../core/store/runLabel';
import type { RunInfo } from '../../core/store/runInfo';
import type { Context } from '../context';
import { chooseRuns, type RunTarget } from './runs';

/** `(run, name?, tags?)`: from the Runs view a run node, else a run id; a name and tags given ask nothing (tests, keybindings). */
export async function renameRun(ctx: Context, target?: unknown, name?: unknown, tags?: unknown): Promise<RunInfo | undefined> {
  const workspaceDir = ctx.workspaceDir;
  if (workspaceDir === undefined) throw new Error('open the folder that holds .mistakebook/runs first.');
  const [run] = await chooseRuns(ctx, target === undefined ? [] : [target as RunTarget], (r) => r.info !== undefined, 'runs');
  if (run?.info === undefined) return undefined;
  const newName =
    typeof name === 'string'
      ? name
      : await vscode.window.showInputBox({
          title: `Name run ${run.id}`,
          value: run.info.name ?? '',
          placeHolder: runLabelOf(run.id, { ...run.info, name: '' }),
          prompt: 'Shown instead of the id in every view; empty = the reasoner and start time. The id stays.',
        });
  if (newName === undefined) return undefined;
  const newTags =
    Array.isArray(tags) && tags.every((t) => typeof t === 'string')
      ? (tags as string[])
      : typeof name === 'string'
        ? (run.info.tags ?? [])
        : await vscode.window
            .showInputBox({ title: `Tags of ${newName || run.id}`, value: (run.info.tags ?? []).join(', '), prompt: 'Comma- or space-separated, e.g. "ablation, prompt-v2"; empty = none.' })
            .then((t) => (t === undefined ? undefined : parseTags(t)));
  if (newTags === undefined) return undefined;
  const info = await labelRun(workspaceDir, run.id, { name: newName, tags: newTags });
  ctx.output.log(`run ${run.id}: named "${info.name ?? ''}"${info.tags === undefined ? '' : ` with tags ${info.tags.join(', ')}`}`);
  ctx.runsChanged();
  return info;
}
