/**
 * One run read whole, the way every reader of a run's tables sees it: its run.json, its mistakes
 * (wrong paths, eq. 1) in sampling order each with its corrections, and the rating in force for each
 * correction. Repeated rows (a resumed run may write one twice) count once; malformed lines go to
 * `onDiagnostic` and the rest loads. The mistake view, the CLI and the exporter all read through here.
 */
import type { Diagnostic } from '../diagnostic';
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import type { Rating } from '../store/ratings';
import type { RunInfo } from '../store/runInfo';
import { RunStore } from '../store/runStore';
import { readRatingBook, type RatingBook, type RatingRule } from './ratingBook';
import type { ErrorTypeLabel, StepLabel } from '../truth/labels';

export interface MistakeWithCorrections {
  /** A path with correct = false (eq. 1). */
  readonly path: PathRecord;
  /** In correctionIndex order, then the order they were written; empty until the correct stage reaches it. */
  readonly corrections: CorrectionRecord[];
  /** The path's id and its corrections' ids, known without reading the records (an indexed run reads them on demand). */
  readonly pathId?: string;
  readonly correctionIds?: readonly string[];
}

/** A mistake's path id, without reading its record where the mistake knows it. */
export function pathIdOf(m: MistakeWithCorrections): string {
  return m.pathId ?? m.path.id;
}

/** A mistake's correction ids, in order, without reading the records where the mistake knows them. */
export function correctionIdsOf(m: MistakeWithCorrections): readonly string[] {
  return m.correctionIds ?? m.corrections.map((c) => c.id);
}

export interface LoadedRun {
  workspaceDir: string;
  run: Readonly<RunInfo>;
  /** In the order the paths were sampled (paths.jsonl order). */
  mistakes: MistakeWithCorrections[];
  /** The rating in force of each correction that has one (ratingBook.ts decides). */
  ratings: Map<string, Rating>;
  /** Several raters: each one's ratings and the adjudications, and the rule that made `ratings`. */
  book?: RatingBook;
  ratingRule?: RatingRule;
  /** Step-level truth: the researcher's first wrong step per path, error types by hand and by model per correction. */
  truth?: RunTruth;
}

export interface RunTruth {
  stepLabels: Map<string, StepLabel>;
  humanTypes: Map<string, ErrorTypeLabel>;
  modelTypes: Map<string, ErrorTypeLabel>;
}

export async function loadRun(
  workspaceDir: string,
  runId: string,
  onDiagnostic: (d: Diagnostic) => void = () => undefined,
  ratingRule: RatingRule = 'agreed',
): Promise<LoadedRun> {
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic });
  try {
    const byPath = new Map<string, MistakeWithCorrections>();
    for await (const path of store.read<PathRecord>('paths')) {
      if (path.correct !== false || byPath.has(path.id)) continue;
      byPath.set(path.id, { path, corrections: [] });
    }
    const seen = new Set<string>();
    for await (const correction of store.read<CorrectionRecord>('corrections')) {
      if (seen.has(correction.id)) continue;
      seen.add(correction.id);
      byPath.get(correction.pathId)?.corrections.push(correction);
    }
    const mistakes = [...byPath.values()];
    for (const m of mistakes) m.corrections.sort((a, b) => a.correctionIndex - b.correctionIndex);
    const book = await readRatingBook(store.dir, onDiagnostic);
    return { workspaceDir, run: store.info, mistakes, ratings: book.inForceMap(ratingRule), book, ratingRule, truth: await readTruth(store) };
  } finally {
    await store.close();
  }
}

/** The step labels and error types in force (the last row of each path, and of each correction and source). */
async function readTruth(store: RunStore): Promise<RunTruth> {
  const truth: RunTruth = { stepLabels: new Map(), humanTypes: new Map(), modelTypes: new Map() };
  for await (const l of store.read<StepLabel>('steplabels')) truth.stepLabels.set(l.pathId, l);
  for await (const l of store.read<ErrorTypeLabel>('errortypes')) (l.source === 'human' ? truth.humanTypes : truth.modelTypes).set(l.correctionId, l);
  return truth;
}

/** A run's mistakes with their corrections, in sampling order. */
export async function readMistakes(workspaceDir: string, runId: string, onDiagnostic: (d: Diagnostic) => void = () => undefined): Promise<MistakeWithCorrections[]> {
  return (await loadRun(workspaceDir, runId, onDiagnostic)).mistakes;
}

/** The mistake that has this correction, or undefined. */
export function mistakeOfCorrection(run: LoadedRun, correctionId: string): MistakeWithCorrections | undefined {
  return run.mistakes.find((m) => correctionIdsOf(m).includes(correctionId));
}

/** 0-based index of the mistake with this path id, or -1. */
export function indexOfPath(run: LoadedRun, pathId: string): number {
  return run.mistakes.findIndex((m) => pathIdOf(m) === pathId);
}
