/**
 * A run for the mistake view, made from the shared RunIndex instead of reading the run whole: the
 * mistakes are the run's wrong paths in sampling order, each knowing its path id and correction ids,
 * and reading its records back from the tables only when it is shown. Opening a 58,000-mistake run
 * then costs a pass over the index, not a read of 190 MB.
 */
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import type { LoadedRun, MistakeWithCorrections } from './loadRun';
import type { RunIndex, RunPath } from './runIndex';

class IndexedMistake implements MistakeWithCorrections {
  private fullPath: PathRecord | undefined;
  private fullCorrections: CorrectionRecord[] | undefined;
  /** Asked on every step of the view (progress, next unrated), so worked out once. */
  private ids: readonly string[] | undefined;

  constructor(
    private readonly index: RunIndex,
    private readonly entry: RunPath,
  ) {}

  get pathId(): string {
    return this.entry.record.id;
  }

  get correctionIds(): readonly string[] {
    this.ids ??= this.ordered().map((c) => c.record.id);
    return this.ids;
  }

  get path(): PathRecord {
    this.fullPath ??= this.index.fullPath(this.entry);
    return this.fullPath;
  }

  get corrections(): CorrectionRecord[] {
    // Read once; a refresh of the view makes a new run (and new mistakes) when the tables change.
    this.fullCorrections ??= this.ordered().map((c) => this.index.fullCorrection(c));
    return this.fullCorrections;
  }

  private ordered(): ReturnType<RunIndex['corrections']> {
    return [...this.index.corrections(this.entry.runId, this.entry.record.id)].sort((a, b) => a.record.correctionIndex - b.record.correctionIndex);
  }
}

/** The run as the index holds it now; undefined when the index does not hold it. */
export function indexedRun(index: RunIndex, workspaceDir: string, runId: string): LoadedRun | undefined {
  const info = index.runInfo(runId);
  if (info === undefined) return undefined;
  const mistakes = index
    .runPaths(runId)
    .filter((p) => !p.record.correct)
    .map((p) => new IndexedMistake(index, p));
  const book = index.ratingBook(runId);
  return { workspaceDir, run: info, mistakes, ratings: index.ratingsOf(runId), ...(book === undefined ? {} : { book }), ratingRule: index.ratingRule, truth: index.truthOf(runId) };
}
