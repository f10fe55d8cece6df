/**
 * A new run set up exactly like a finished one (same dataset, models, prompt and sampling) asks the
 * same questions again and sits beside it as a near-copy: the researcher is offered that run instead.
 */
import * as vscode from 'vscode';
import { runLabelOf } from '../../core/runs/runIndex';
import { sameSetup } from '../../core/runs/sameSetup';
import type { RunSummary } from '../../core/store/listRuns';
import type { Context } from '../context';

/** Ask (the default), start the new run anyway, or show the existing one instead. */
export type SameRunChoice = 'ask' | 'new' | 'existing';

/** A finished run set up exactly as the new one (the corrector's drawn seed aside), newest first. */
export async function finishedTwin(ctx: Context, runId: string): Promise<RunSummary | undefined> {
  ctx.runs.refresh();
  const runs = await ctx.runs.list();
  const made = runs.find((r) => r.id === runId)?.info;
  if (made === undefined) return undefined;
  return runs.find((r) => r.id !== runId && r.info !== undefined && r.info.stages.sample?.state === 'done' && sameSetup(r.info, made));
}

export async function twinChoice(ctx: Context, twin: RunSummary, given: SameRunChoice): Promise<SameRunChoice | 'cancel'> {
  if (given !== 'ask') return given;
  const label = twin.info === undefined ? twin.id : runLabelOf(twin.id, twin.info);
  const show = 'Show That Run';
  const anew = 'Sample a New Run';
  const choice = await vscode.window.showWarningMessage(
    `Mistakebook: run ${label} already sampled this dataset with the same models, prompt and sampling.`,
    { modal: true, detail: `A new run would ask the same questions again (the response cache answers most of them) and sit beside it as a near-copy. Change a setting (e.g. the temperature or the number of samples) for a different run.` },
    show,
    anew,
  );
  ctx.output.log(`run ${twin.id} has the same setup as the new run: ${choice ?? 'cancelled'}`);
  return choice === show ? 'existing' : choice === anew ? 'new' : 'cancel';
}

