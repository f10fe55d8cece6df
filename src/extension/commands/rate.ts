/**
 * Mistakebook: Rate Correction — rates the selected corrections of the Datasets tree (LEMA §3:
 * excellent / good / poor) as the rater of `mistakebook.raterName`, in each run's ratings/<rater>.jsonl.
 * Given a rating (tests, keybindings) it asks nothing.
 */
import * as vscode from 'vscode';
import { formatDiagnostic } from '../../core/diagnostic';
import { saveRating } from '../../core/review/rate';
import { newRating, type Rating, type RatingValue } from '../../core/store/ratings';
import type { Context } from '../context';
import { raterName } from '../raters';
import type { CorrectionNode, DatasetsTreeNode } from '../views/datasetsView';
import { isDatasetsNode, treeTargets } from './args';

const RATINGS: { label: string; description: string; rating: RatingValue }[] = [
  { label: 'Excellent', description: 'finds the wrong step, explains it and solves correctly', rating: 'excellent' },
  { label: 'Good', description: 'right in substance, with minor flaws', rating: 'good' },
  { label: 'Poor', description: 'misses the mistake or explains it wrongly', rating: 'poor' },
];

const isRatingValue = (v: unknown): v is RatingValue => v === 'excellent' || v === 'good' || v === 'poor';

export async function rateCorrection(ctx: Context, target?: unknown, selection?: unknown, given?: unknown): Promise<Rating[]> {
  const nodes = treeTargets<DatasetsTreeNode>(
    isDatasetsNode(target) ? target : undefined,
    Array.isArray(selection) ? selection.filter(isDatasetsNode) : undefined,
    () => ctx.datasetsTree.selection,
  );
  const corrections = nodes.filter((t): t is CorrectionNode => t.kind === 'correction');
  const workspaceDir = ctx.workspaceDir;
  if (workspaceDir === undefined || corrections.length === 0) {
    void vscode.window.showInformationMessage('Mistakebook: select a correction in the Datasets view (under a wrong path) to rate it.');
    return [];
  }
  const value = isRatingValue(given)
    ? given
    : (await vscode.window.showQuickPick(RATINGS, { title: corrections.length === 1 ? 'Rate this correction' : `Rate ${corrections.length} corrections` }))?.rating;
  if (value === undefined) return [];
  // Several raters (issue 18): each rating carries who gave it.
  const rater = await raterName(ctx.output);
  if (rater === undefined) return [];
  const saved: Rating[] = [];
  // The nodes come from the run index: it, not a scan of corrections.jsonl per node, says the correction is there.
  const index = await ctx.datasets.runIndex();
  try {
    for (const node of corrections) {
      const { runId, record } = node.correction;
      const known = index.corrections(runId, record.pathId).some((c) => c.record.id === record.id);
      saved.push(await saveRating({ workspaceDir, runId }, newRating(record.id, value, undefined, new Date(), rater), (d) => ctx.output.log(formatDiagnostic(d)), known));
    }
  } finally {
    if (saved.length > 0) ctx.datasets.refresh();
  }
  return saved;
}
