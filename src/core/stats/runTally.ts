/**
 * The counts `mistakebook run status` prints, read in one streaming pass over the run's tables:
 * memory grows with the mistakes (their ids), not with the text of paths and corrections.
 */
import { errorLogOf } from '../pipeline/errorLog';
import type { Diagnostic } from '../diagnostic';
import type { CorrectionRecord, ErrorRecord, EvaluationRecord, PathRecord } from '../pipeline/records';
import { RunStore } from '../store/runStore';

export interface RunTally {
  paths: number;
  /** Distinct wrong paths (eq. 1). */
  mistakes: number;
  /** Mistakes with at least one correction. */
  corrected: number;
  /** Distinct corrections of those mistakes. */
  corrections: number;
  /** Corrections whose corrected solution reaches the gold answer (eq. 2). */
  verified: number;
  unparseable: number;
  /** Rows of augmented.jsonl, and those that reach the gold answer (the CoT data). */
  augmented: number;
  augmentedRight: number;
  /** Items whose failure no later attempt resolved (errors.jsonl as a ledger), and the failures reruns resolved. */
  errors: number;
  resolvedErrors: number;
  evaluations: EvaluationRecord[];
}

export async function tallyRun(workspaceDir: string, runId: string, onDiagnostic: (d: Diagnostic) => void = () => undefined): Promise<RunTally> {
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic });
  try {
    const tally: RunTally = { paths: 0, mistakes: 0, corrected: 0, corrections: 0, verified: 0, unparseable: 0, augmented: 0, augmentedRight: 0, errors: 0, resolvedErrors: 0, evaluations: [] };
    /** Wrong path id → whether a correction of it was seen. */
    const mistakes = new Map<string, boolean>();
    for await (const p of store.read<PathRecord>('paths')) {
      tally.paths++;
      if (!p.correct && !mistakes.has(p.id)) mistakes.set(p.id, false);
    }
    const seen = new Set<string>();
    for await (const c of store.read<CorrectionRecord>('corrections')) {
      const corrected = mistakes.get(c.pathId);
      if (corrected === undefined || seen.has(c.id)) continue;
      seen.add(c.id);
      if (!corrected) {
        mistakes.set(c.pathId, true);
        tally.corrected++;
      }
      tally.corrections++;
      if (c.verified) tally.verified++;
      if (c.outcome === 'unparseable') tally.unparseable++;
    }
    tally.mistakes = mistakes.size;
    for await (const p of store.read<PathRecord>('augmented')) {
      tally.augmented++;
      if (p.correct) tally.augmentedRight++;
    }
    const errors: ErrorRecord[] = [];
    for await (const e of store.read<ErrorRecord>('errors')) errors.push(e);
    const log = errorLogOf(errors);
    tally.errors = log.openItems;
    tally.resolvedErrors = log.resolved;
    for await (const e of store.read<EvaluationRecord>('evaluations')) tally.evaluations.push(e);
    return tally;
  } finally {
    await store.close();
  }
}
