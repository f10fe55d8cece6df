/** Reads a run's variants, corrections and blind votes into a VariantComparison, one row at a time. */
import type { Diagnostic } from '../diagnostic';
import { DEFAULT_PRICES, type PriceTable } from '../llm/usage';
import type { CorrectionRecord } from '../pipeline/records';
import { runLabelOf } from '../runs/runIndex';
import type { Rating } from '../store/ratings';
import { RunStore } from '../store/runStore';
import { VariantComparison } from './compare';
import type { PreferenceRecord } from './preferences';
import { readVariants } from './readVariants';

export interface LoadComparisonOptions {
  /**
   * The rating in force of each correction of the run, as the one place that decides it gives them
   * (core/runs: loadRun's `ratings`, or RunIndex.ratingsOf).
   */
  ratings: ReadonlyMap<string, Rating>;
  prices?: PriceTable;
  onDiagnostic?: (d: Diagnostic) => void;
}

export async function loadComparison(workspaceDir: string, runId: string, options: LoadComparisonOptions): Promise<VariantComparison> {
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic: options.onDiagnostic ?? (() => undefined) });
  try {
    const variants = await readVariants(store);
    const comparison = new VariantComparison(runId, runLabelOf(runId, store.info), variants, options.ratings, options.prices ?? DEFAULT_PRICES);
    for await (const c of store.read<CorrectionRecord>('corrections')) comparison.correction(c);
    for await (const p of store.read<PreferenceRecord>('preferences')) comparison.preference(p);
    return comparison;
  } finally {
    await store.close();
  }
}
