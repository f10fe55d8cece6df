import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostic';
import { newRating, type Rating, type RatingValue } from '../../core/store/ratings';
import { RunStore } from '../../core/store/runStore';
import type { CorrectionNode, DatasetsTreeNode } from '../datasetsView';

const RATINGS: { label: string; description: string; rating: RatingValue }[] = [
  { label: 'Excellent', description: 'finds the wrong step, explains it and solves correctly', rating: 'excellent' },
  { label: 'Good', description: 'right in substance, with minor flaws', rating: 'good' },
  { label: 'Poor', description: 'misses the mistake or explains it wrongly', rating: 'poor' },
];

/**
 * Mistakebook: Rate Correction — rates the selected corrections (LEMA §3: excellent / good / poor)
 * in their runs' ratings.jsonl. Given a rating (tests, keybindings) it asks nothing.
 */
export async function rateCorrection(
  workspaceDir: string | undefined,
  targets: readonly DatasetsTreeNode[],
  rating: RatingValue | undefined,
  onDiagnostic: (d: Diagnostic) => void,
): Promise<Rating[]> {
  const corrections = targets.filter((t): t is CorrectionNode => t.kind === 'correction');
  if (workspaceDir === undefined || corrections.length === 0) {
    void vscode.window.showInformationMessage('Mistakebook: select a correction in the Datasets view (under a wrong path) to rate it.');
    return [];
  }
  const value =
    rating ??
    (
      await vscode.window.showQuickPick(RATINGS, {
        title: corrections.length === 1 ? 'Rate this correction' : `Rate ${corrections.length} corrections`,
      })
    )?.rating;
  if (value === undefined) return [];
  const saved: Rating[] = [];
  for (const node of corrections) {
    const store = await RunStore.open(workspaceDir, node.correction.runId, { onDiagnostic });
    try {
      const r = newRating(node.correction.record.id, value);
      await (await store.table<Rating>('ratings')).append(r);
      saved.push(r);
    } finally {
      await store.close();
    }
  }
  return saved;
}
