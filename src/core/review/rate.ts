/**
 * Saving a researcher's rating of a correction, after checking that the run has that correction. A
 * named rater's rating goes to their own `ratings/<rater>.jsonl`; without a rater (older callers) it
 * goes to the old `ratings.jsonl` as the unnamed rater. Adjudications go to `adjudications.jsonl`.
 */
import type { Diagnostic } from '../diagnostic';
import type { CorrectionRecord } from '../pipeline/records';
import { mistakeOfCorrection, type LoadedRun } from '../runs/loadRun';
import { newAdjudication, type Adjudication } from '../store/adjudications';
import { checkRaterName, UNNAMED_RATER } from '../store/raters';
import { appendAdjudication, appendRaterRating } from '../store/ratingTables';
import { newRating, type Rating, type RatingValue } from '../store/ratings';
import { runDir } from '../store/layout';
import { RunStore } from '../store/runStore';

/**
 * Rates a correction of a loaded run (the mistake view) and updates the rating in force in `run`.
 * The table is opened and closed around the append, so the CLI or another window can rate the same
 * run between two ratings (one writer per table at a time).
 */
export async function rateCorrection(
  run: LoadedRun,
  correctionId: string,
  value: RatingValue,
  note: string,
  onDiagnostic: (d: Diagnostic) => void,
  at: Date = new Date(),
  rater?: string,
): Promise<Rating> {
  const known = mistakeOfCorrection(run, correctionId) !== undefined;
  if (!known) throw new Error(`run ${run.run.id} has no correction ${correctionId}; reload the mistake view and rate again.`);
  const name = rater === undefined ? undefined : checkRaterName(rater);
  const rating = await saveRating({ workspaceDir: run.workspaceDir, runId: run.run.id }, newRating(correctionId, value, note.trim(), at, name), onDiagnostic, true);
  run.book?.add(rating, name ?? UNNAMED_RATER);
  settle(run, correctionId);
  return rating;
}

/** Adjudicates a correction of a loaded run: the adjudicated rating is in force from now on. */
export async function adjudicateCorrection(
  run: LoadedRun,
  correctionId: string,
  value: RatingValue,
  note: string,
  adjudicator: string,
  onDiagnostic: (d: Diagnostic) => void,
  at: Date = new Date(),
): Promise<Adjudication> {
  if (mistakeOfCorrection(run, correctionId) === undefined) throw new Error(`run ${run.run.id} has no correction ${correctionId}; reload the mistake view and adjudicate again.`);
  const adjudication = newAdjudication(correctionId, value, checkRaterName(adjudicator), note, at);
  await appendAdjudication(runDir(run.workspaceDir, run.run.id), adjudication, onDiagnostic);
  run.book?.adjudicate(adjudication);
  settle(run, correctionId);
  return adjudication;
}

/** The run's rating in force of one correction, after a change (without a book: the last rating counts). */
function settle(run: LoadedRun, correctionId: string): void {
  const inForce = run.book?.inForce(correctionId, run.ratingRule ?? 'agreed')?.rating;
  run.ratings.delete(correctionId);
  if (inForce !== undefined) run.ratings.set(correctionId, inForce);
}

/** Saves a rating of a correction named by its ids (the tree, the CLI): the run's corrections table must hold it. */
export async function saveRating(
  run: { workspaceDir: string; runId: string },
  rating: Rating,
  onDiagnostic: (d: Diagnostic) => void,
  /** Known from an index the caller holds (true: it is there); undefined: corrections.jsonl is searched. */
  known?: boolean,
): Promise<Rating> {
  const store = await RunStore.open(run.workspaceDir, run.runId, { onDiagnostic });
  try {
    if (known !== true) await checkKnown(store, run.runId, rating.correctionId, known);
    if (rating.rater !== undefined) await appendRaterRating(store.dir, { ...rating, rater: rating.rater }, onDiagnostic);
    else await (await store.table<Rating>('ratings')).append(rating);
    return rating;
  } finally {
    await store.close();
  }
}

async function checkKnown(store: RunStore, runId: string, correctionId: string, known: boolean | undefined): Promise<void> {
  if (known === undefined) for await (const c of store.read<CorrectionRecord>('corrections')) if (c.id === correctionId) return;
  throw new Error(`run ${runId} has no correction ${correctionId}; refresh the view and rate again.`);
}
