/** Reads the chosen runs of a workspace and aggregates them for the statistics view, one table row at a time. */
import type { Diagnostic } from '../diagnostic';
import { DEFAULT_PRICES, type PriceTable } from '../llm/usage';
import { openErrors } from '../pipeline/errorLog';
import type { CorrectionRecord, ErrorRecord, EvaluationRecord, PathRecord } from '../pipeline/records';
import { runLabelOf } from '../runs/runIndex';
import { listRuns } from '../store/listRuns';
import { readRatingBook, type RatingBook, type RatingRule } from '../runs/ratingBook';
import { RunStore } from '../store/runStore';
import { StatsAggregator } from './aggregate';
import { agreementReport } from './agreementReport';
import { fileName } from './promptVersions';
import type { CritiqueRecord } from '../pipeline/critique';
import type { ErrorTypeLabel, StepLabel } from '../truth/labels';
import type { RunChoice, StatsFilter, StatsReport } from './report';

export interface LoadStatsOptions {
  prices?: PriceTable;
  onDiagnostic?: (d: Diagnostic) => void;
  /** Which rating is in force when raters disagree (ratingBook.ts); default agreed. */
  ratingRule?: RatingRule;
}

export async function loadStats(workspaceDir: string, filter: StatsFilter, options: LoadStatsOptions = {}): Promise<StatsReport> {
  const onDiagnostic = options.onDiagnostic ?? (() => undefined);
  const runs = (await listRuns(workspaceDir, { counts: false })).filter((r) => r.info !== undefined);
  const available: RunChoice[] = runs.map((r) => ({
    id: r.id,
    task: r.info?.task ?? 'gsm8k',
    createdAt: r.info?.createdAt ?? '',
    models: [...new Set(Object.values(r.info?.models ?? {}).map((m) => m.model))].sort(),
    label: r.info === undefined ? r.id : runLabelOf(r.id, r.info),
    dataset: fileName(r.info?.dataset.path ?? ''),
  }));
  const models = new Set(available.flatMap((r) => r.models));
  const chosen = filter.runs.length === 0 ? runs : runs.filter((r) => filter.runs.includes(r.id));
  // Ticking several runs asks for them combined; otherwise a question is counted per run (QuestionCounting).
  const stats = new StatsAggregator(filter.models, options.prices ?? DEFAULT_PRICES, { combineRuns: filter.runs.length > 1 });
  for (const run of runs) {
    const prompt = run.info?.prompts.correction;
    if (prompt !== undefined) stats.promptVersion(prompt);
  }
  const books: RatingBook[] = [];
  for (const run of chosen) {
    const store = await RunStore.open(workspaceDir, run.id, { onDiagnostic });
    try {
      const feed = stats.run(run.id, fileName(run.info?.dataset.path ?? ''));
      // Ratings first: a correction is counted under the rating in force, known only once they are all read.
      const book = await readRatingBook(store.dir, onDiagnostic);
      books.push(book);
      for (const r of book.inForceMap(options.ratingRule ?? 'agreed').values()) feed.rating(r);
      // Step-level truth: labels before the corrections they judge; critiques stand alone.
      for await (const l of store.read<StepLabel>('steplabels')) feed.stepLabel(l);
      for await (const l of store.read<ErrorTypeLabel>('errortypes')) feed.errorType(l);
      for await (const c of store.read<CritiqueRecord>('critiques')) {
        models.add(c.model);
        feed.critique(c);
      }
      for await (const p of store.read<PathRecord>('paths')) {
        models.add(p.model);
        feed.path(p);
      }
      for await (const p of store.read<PathRecord>('augmented')) {
        models.add(p.model);
        feed.augmented(p);
      }
      for await (const c of store.read<CorrectionRecord>('corrections')) {
        models.add(c.model);
        feed.correction(c);
      }
      // Failures a rerun resolved no longer count (errors.jsonl is small: it is read whole).
      const errors: ErrorRecord[] = [];
      for await (const e of store.read<ErrorRecord>('errors')) errors.push(e);
      for (const e of openErrors(errors)) feed.error(e);
      for await (const e of store.read<EvaluationRecord>('evaluations')) feed.evaluation(e);
    } finally {
      await store.close();
    }
  }
  return {
    available: { runs: available, models: [...models].sort() },
    filter: { runs: [...filter.runs], models: [...filter.models] },
    ...stats.result(),
    agreement: agreementReport(books),
  };
}
