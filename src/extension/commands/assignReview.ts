/**
 * Mistakebook: Assign Review — splits a run's verified corrections that nobody has rated among named
 * raters, a chosen share of them rated by two, under a seed (core/review/assign.ts), into the run's
 * review-assignment.json. Each rater's Next unrated in the mistake view then walks only their share.
 * Given `{ raters, overlap, seed }` (tests, keybindings) it asks nothing.
 */
import * as vscode from 'vscode';
import { formatDiagnostic } from '../../core/diagnostic';
import { assignReview as split, describeAssignment, type ReviewAssignment } from '../../core/review/assign';
import { unratedVerified } from '../../core/review/assignable';
import { pathIdOf } from '../../core/runs/loadRun';
import { readAssignment, writeAssignment } from '../../core/store/assignmentFile';
import type { Context } from '../context';
import { reviewSettings } from '../raters';
import { record } from './args';
import { chooseRuns, type RunTarget } from './runs';

interface Given {
  raters?: string[];
  overlap?: number;
  seed?: number;
}

function given(options: unknown): Given {
  const o = record(options);
  const raters = o['raters'];
  return {
    ...(Array.isArray(raters) && raters.every((r) => typeof r === 'string') ? { raters: raters as string[] } : {}),
    ...(typeof o['overlap'] === 'number' ? { overlap: o['overlap'] } : {}),
    ...(typeof o['seed'] === 'number' ? { seed: o['seed'] } : {}),
  };
}

export async function assignReview(ctx: Context, target?: unknown, _selection?: unknown, options?: unknown): Promise<ReviewAssignment[]> {
  const workspaceDir = ctx.workspaceDir;
  if (workspaceDir === undefined) throw new Error('open the folder that holds .mistakebook/runs first.');
  const runs = await chooseRuns(ctx, target === undefined ? [] : [target as RunTarget], (r) => r.info !== undefined, 'runs with corrections');
  if (runs.length === 0) return [];
  const asked = given(options);
  const raters = asked.raters ?? (await askRaters());
  if (raters === undefined) return [];
  const overlap = asked.overlap ?? (await askNumber('Share rated by two raters, in %', '20', 0, 100));
  if (overlap === undefined) return [];
  const seed = asked.seed ?? (await askNumber('Seed of the split (the same seed gives the same split)', '0', 0, 2 ** 31));
  if (seed === undefined) return [];
  const share = asked.overlap === undefined ? overlap / 100 : overlap;
  const done: ReviewAssignment[] = [];
  const index = await ctx.datasets.runIndex();
  for (const summary of runs) {
    const run = await ctx.reviewRun(workspaceDir, summary.id, (d) => ctx.output.log(formatDiagnostic(d)));
    const ids = unratedVerified(run, (m, id) => {
      const known = index.corrections(run.run.id, pathIdOf(m)).find((c) => c.record.id === id);
      return known === undefined ? m.corrections.find((c) => c.id === id)?.verified === true : known.record.verified;
    });
    const assignment = split(ids, raters, share, seed);
    const before = await readAssignment(summary.dir).catch(() => undefined);
    if (before !== undefined && asked.raters === undefined) {
      const replace = await vscode.window.showWarningMessage(`Run ${summary.id} has a review assignment (${describeAssignment(before)}). Replace it?`, { modal: true }, 'Replace');
      if (replace !== 'Replace') continue;
    }
    await writeAssignment(summary.dir, assignment);
    ctx.output.log(`Mistakebook: review of run ${summary.id} assigned: ${describeAssignment(assignment)}`);
    void vscode.window.showInformationMessage(`Mistakebook: review of ${summary.id} assigned — ${describeAssignment(assignment)}.`);
    done.push(assignment);
  }
  if (done.length > 0) ctx.runsChanged();
  return done;
}

async function askRaters(): Promise<string[] | undefined> {
  const mine = reviewSettings().raterName;
  const text = await vscode.window.showInputBox({
    title: 'Assign Review: raters',
    prompt: 'Names of the raters, separated by commas (as each sets mistakebook.raterName).',
    value: mine,
    ignoreFocusOut: true,
    validateInput: (v) => (v.split(',').some((n) => n.trim() !== '') ? undefined : 'Name at least one rater.'),
  });
  return text?.split(',').map((n) => n.trim()).filter((n) => n !== '');
}

async function askNumber(title: string, value: string, low: number, high: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Assign Review: ${title}`,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const n = Number(v);
      return v.trim() !== '' && Number.isInteger(n) && n >= low && n <= high ? undefined : `A whole number from ${low} to ${high}.`;
    },
  });
  return text === undefined ? undefined : Number(text);
}
