/**
 * Which mistake a preview or a trial uses: the one given (ids, a tree node, or a Mistake), else the
 * first wrong path of the newest runs that fits the prompt's layout.
 */
import type { FewShotPrompt, Mistake } from '../../core/fewshot';
import { mistakeOf } from '../../core/pipeline/mistakeOf';
import type { PathRecord } from '../../core/pipeline/records';
import { findPath, firstMistake } from '../../core/runs/lookup';
import { mistakeIdsOf, record } from '../commands/args';
import type { Context } from '../context';

export interface MistakeSource {
  mistake: Mistake;
  /** Shown in the preview's title: where the mistake comes from. */
  source: string;
  /** The wrong path it was read from, when it comes from a run (its gold answer verifies a trial correction). */
  path?: PathRecord;
}

/** The first wrong path of the newest runs whose layout (steps or choices) fits the prompt's, or null. */
export async function latestRunMistake(workspaceDir: string | undefined, prompt: FewShotPrompt): Promise<MistakeSource | null> {
  if (workspaceDir === undefined) return null;
  const found = await firstMistake(workspaceDir, (p) => ('candidates' in mistakeOf(p)) === (prompt.format === 'multiple-choice'));
  return found === undefined ? null : { mistake: mistakeOf(found.path), source: `run ${found.runId}, first mistake`, path: found.path };
}

/** A mistake as given: `{ runId, pathId }`, a Datasets tree path node, or a Mistake itself. */
export async function chosenMistake(workspaceDir: string | undefined, value: unknown): Promise<MistakeSource | undefined> {
  const ids = mistakeIdsOf([value]);
  if (ids?.pathId !== undefined) {
    if (workspaceDir === undefined) throw new Error('Open the workspace folder that holds .mistakebook/runs to preview a mistake of a run.');
    const path = await findPath(workspaceDir, ids.runId, ids.pathId);
    return { mistake: mistakeOf(path), source: `run ${ids.runId}, path ${ids.pathId}`, path };
  }
  const v = record(value);
  if (typeof v['question'] === 'string' && (Array.isArray(v['originalSteps']) || Array.isArray(v['candidates']))) {
    return { mistake: value as Mistake, source: 'selected mistake' };
  }
  return undefined;
}

/** The mistake the researcher has in front of them: the one the mistake view shows, else a wrong path selected in the Datasets tree. */
export async function selectedMistake(ctx: Pick<Context, 'workspaceDir' | 'mistakeView' | 'datasetsTree'>): Promise<MistakeSource | undefined> {
  return (
    (await chosenMistake(ctx.workspaceDir, ctx.mistakeView.shown())) ??
    (await chosenMistake(ctx.workspaceDir, ctx.datasetsTree.selection.find((n) => n.kind === 'path' && !n.path.record.correct)))
  );
}
