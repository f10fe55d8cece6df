/**
 * A run's mistakes as the researcher reviews them: each wrong path (eq. 1) with the corrections M_c
 * wrote for it and the rating in force for each correction.
 */
import type { Diagnostic } from '../diagnostic';
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import { latestRatings, type Rating } from '../store/ratings';
import type { RunInfo } from '../store/runInfo';
import { RunStore } from '../store/runStore';

export interface Mistake {
  path: PathRecord;
  /** In sample order (correctionIndex), then the order they were written. */
  corrections: CorrectionRecord[];
}

export interface Review {
  workspaceDir: string;
  run: Readonly<RunInfo>;
  /** In the order the paths were sampled (paths.jsonl order). */
  mistakes: Mistake[];
  /** The last rating of each rated correction. */
  ratings: Map<string, Rating>;
}

/** Reads paths, corrections and ratings of one run. Malformed lines go to `onDiagnostic`; the rest loads. */
export async function loadReview(workspaceDir: string, runId: string, onDiagnostic: (d: Diagnostic) => void): Promise<Review> {
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic });
  const mistakes: Mistake[] = [];
  const byPath = new Map<string, Mistake>();
  for await (const path of store.read<PathRecord>('paths')) {
    if (path.correct !== false || byPath.has(path.id)) continue;
    const mistake: Mistake = { path, corrections: [] };
    byPath.set(path.id, mistake);
    mistakes.push(mistake);
  }
  const seen = new Set<string>();
  for await (const correction of store.read<CorrectionRecord>('corrections')) {
    if (seen.has(correction.id)) continue;
    seen.add(correction.id);
    byPath.get(correction.pathId)?.corrections.push(correction);
  }
  for (const m of mistakes) m.corrections.sort((a, b) => a.correctionIndex - b.correctionIndex);
  const ratings = await latestRatings(store.read<Rating>('ratings'));
  return { workspaceDir, run: store.info, mistakes, ratings };
}

/** 0-based index of the mistake with this path id, or -1. */
export function indexOfPath(review: Review, pathId: string): number {
  return review.mistakes.findIndex((m) => m.path.id === pathId);
}
