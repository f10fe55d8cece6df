/** Saving a researcher's rating of a correction, after checking that the run has that correction. */
import type { Diagnostic } from '../diagnostic';
import type { CorrectionRecord } from '../pipeline/records';
import { mistakeOfCorrection, type LoadedRun } from '../runs/loadRun';
import { newRating, type Rating, type RatingValue } from '../store/ratings';
import { RunStore } from '../store/runStore';

/**
 * Rates a correction of a loaded run (the mistake view) and makes the rating the one in force in
 * `run`. The table is opened and closed around the append, so the CLI or another window can rate
 * the same run between two ratings (one writer per table at a time).
 */
export async function rateCorrection(
  run: LoadedRun,
  correctionId: string,
  value: RatingValue,
  note: string,
  onDiagnostic: (d: Diagnostic) => void,
  at: Date = new Date(),
): Promise<Rating> {
  const known = mistakeOfCorrection(run, correctionId) !== undefined;
  if (!known) throw new Error(`run ${run.run.id} has no correction ${correctionId}; reload the mistake view and rate again.`);
  const rating = await appendRating(run.workspaceDir, run.run.id, newRating(correctionId, value, note.trim(), at), onDiagnostic);
  run.ratings.delete(correctionId);
  run.ratings.set(correctionId, rating);
  return rating;
}

/** Saves a rating of a correction named by its ids (the tree, the CLI): the run's corrections table must hold it. */
export async function saveRating(
  run: { workspaceDir: string; runId: string },
  rating: Rating,
  onDiagnostic: (d: Diagnostic) => void,
  /** Known from an index the caller holds (true: it is there); undefined: corrections.jsonl is searched. */
  known?: boolean,
): Promise<Rating> {
  return appendRating(run.workspaceDir, run.runId, rating, onDiagnostic, async (store) => {
    if (known === true) return;
    if (known === undefined) for await (const c of store.read<CorrectionRecord>('corrections')) if (c.id === rating.correctionId) return;
    throw new Error(`run ${run.runId} has no correction ${rating.correctionId}; refresh the view and rate again.`);
  });
}

/** One writer per table at a time: the store is opened for this append and closed after it. */
async function appendRating(
  workspaceDir: string,
  runId: string,
  rating: Rating,
  onDiagnostic: (d: Diagnostic) => void,
  check: (store: RunStore) => Promise<void> = async () => undefined,
): Promise<Rating> {
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic });
  try {
    await check(store);
    await (await store.table<Rating>('ratings')).append(rating);
    return rating;
  } finally {
    await store.close();
  }
}
