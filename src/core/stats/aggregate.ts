/** From table rows to the statistics report; pure, so each figure is tested on rows written by hand. */
import type { PriceTable } from '../llm/usage';
import { costUsd } from '../llm/usage';
import type { CorrectionRecord, ErrorRecord, EvaluationRecord, PathRecord } from '../pipeline/records';
import type { Rating } from '../store/ratings';
import type { TaskId } from '../task/task';
import type { AccuracyRow, EvaluationRow, QuestionBin, RatingBucket, StageName, StatsReport, UsageRow, VerifyRow } from './report';

/** The rows of one run, as read from its tables. */
export interface RunTables {
  runId: string;
  task: TaskId;
  paths: PathRecord[];
  augmented: PathRecord[];
  corrections: CorrectionRecord[];
  /** In table order: the last rating of a correction wins. */
  ratings: Rating[];
  errors: ErrorRecord[];
  evaluations: EvaluationRecord[];
}

type Aggregates = Omit<StatsReport, 'available' | 'filter'>;

export function aggregate(runs: readonly RunTables[], models: readonly string[], prices: PriceTable): Aggregates {
  const chosen = (model: string): boolean => models.length === 0 || models.includes(model);
  const paths: PathRecord[] = [];
  const augmented: PathRecord[] = [];
  const corrections: Array<{ c: CorrectionRecord; path: PathRecord | undefined }> = [];
  const ratings = new Map<string, Rating>();
  const errors = new Map<string, { stage: string; kind: string; count: number }>();
  const evaluations: EvaluationRow[] = [];
  for (const run of runs) {
    const byId = new Map(run.paths.map((p) => [p.id, p]));
    paths.push(...run.paths.filter((p) => chosen(p.model)));
    augmented.push(...run.augmented.filter((p) => chosen(p.model)));
    for (const c of run.corrections) {
      const path = byId.get(c.pathId);
      if (chosen(c.model) || (path !== undefined && chosen(path.model))) corrections.push({ c, path });
    }
    for (const r of run.ratings) {
      ratings.delete(r.correctionId);
      ratings.set(r.correctionId, r);
    }
    for (const e of run.evaluations) {
      if (!chosen(e.model)) continue;
      const { model, questions, samplesPerQuestion, passAt1, majorityVote } = e;
      evaluations.push({ runId: run.runId, model, dataset: e.dataset ?? e.datasetSha256.slice(0, 12), questions, samplesPerQuestion, passAt1, majorityVote });
    }
    for (const e of run.errors) {
      const key = `${e.stage}\u0000${e.kind}`;
      const row = errors.get(key) ?? { stage: e.stage, kind: e.kind, count: 0 };
      row.count++;
      errors.set(key, row);
    }
  }
  return {
    accuracy: accuracyRows(paths),
    evaluations,
    mistakesPerQuestion: mistakesPerQuestion(paths),
    ...incorrectSteps(corrections),
    verifyRate: verifyRows(corrections.map((x) => x.c)),
    ratings: ratingCounts(corrections.map((x) => x.c), ratings),
    usage: usageRows(paths, corrections.map((x) => x.c), augmented, prices),
    errors: [...errors.values()].sort((a, b) => a.stage.localeCompare(b.stage) || a.kind.localeCompare(b.kind)),
  };
}

function accuracyRows(paths: readonly PathRecord[]): AccuracyRow[] {
  const rows = new Map<string, AccuracyRow & { ids: Set<string> }>();
  for (const p of paths) {
    const key = `${p.model}\u0000${p.task}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { model: p.model, task: p.task, questions: 0, paths: 0, correct: 0, noAnswer: 0, accuracy: 0, ids: new Set() };
      rows.set(key, row);
    }
    row.ids.add(p.questionId);
    row.paths++;
    if (p.correct) row.correct++;
    if (p.answer === null) row.noAnswer++;
  }
  return [...rows.values()]
    .map(({ ids, ...row }) => ({ ...row, questions: ids.size, accuracy: row.paths === 0 ? 0 : row.correct / row.paths }))
    .sort((a, b) => a.model.localeCompare(b.model) || a.task.localeCompare(b.task));
}

function mistakesPerQuestion(paths: readonly PathRecord[]): QuestionBin[] {
  const wrongBy = new Map<string, number>();
  for (const p of paths) wrongBy.set(p.questionId, (wrongBy.get(p.questionId) ?? 0) + (p.correct ? 0 : 1));
  const most = Math.max(0, ...wrongBy.values());
  const bins: QuestionBin[] = Array.from({ length: wrongBy.size === 0 ? 0 : most + 1 }, (_, k) => ({ label: String(k), count: 0, questionIds: [] }));
  for (const [id, wrong] of wrongBy) {
    const bin = bins[wrong] as QuestionBin;
    bin.count++;
    bin.questionIds.push(id);
  }
  return bins;
}

const TENTHS = 10;

function incorrectSteps(corrections: ReadonlyArray<{ c: CorrectionRecord; path: PathRecord | undefined }>): Pick<Aggregates, 'incorrectStep' | 'incorrectStepRelative'> {
  const absolute: QuestionBin[] = [];
  const relative: QuestionBin[] = Array.from({ length: TENTHS }, (_, i) => ({ label: `${i * 10}–${(i + 1) * 10}%`, count: 0, questionIds: [] }));
  const add = (bin: QuestionBin, questionId: string): void => {
    bin.count++;
    if (!bin.questionIds.includes(questionId)) bin.questionIds.push(questionId);
  };
  for (const { c, path } of corrections) {
    const k = c.incorrectStep;
    if (c.outcome !== 'parsed' || k === undefined || k < 1) continue;
    for (let i = absolute.length; i < k; i++) absolute.push({ label: `Step ${i + 1}`, count: 0, questionIds: [] });
    add(absolute[k - 1] as QuestionBin, c.questionId);
    const length = path?.steps.length ?? 0;
    // Step k of n sits at k/n of the path; a step named past the end is counted as the last tenth.
    if (length > 0) add(relative[Math.min(TENTHS - 1, Math.ceil((k / length) * TENTHS) - 1)] as QuestionBin, c.questionId);
  }
  return { incorrectStep: absolute, incorrectStepRelative: corrections.length === 0 ? [] : relative };
}

function verifyRows(corrections: readonly CorrectionRecord[]): VerifyRow[] {
  const rows = new Map<string, VerifyRow>();
  for (const c of corrections) {
    const key = `${c.model}\u0000${c.promptSha256}`;
    const row = rows.get(key) ?? { model: c.model, promptSha256: c.promptSha256, corrections: 0, parsed: 0, verified: 0, rate: 0 };
    row.corrections++;
    if (c.outcome === 'parsed') row.parsed++;
    if (c.verified) row.verified++;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((r) => ({ ...r, rate: r.verified / r.corrections }))
    .sort((a, b) => a.model.localeCompare(b.model) || a.promptSha256.localeCompare(b.promptSha256));
}

/** Only verified corrections are rated for the paper's check; the rest are not training data anyway. */
function ratingCounts(corrections: readonly CorrectionRecord[], ratings: ReadonlyMap<string, Rating>): Record<RatingBucket, number> {
  const counts: Record<RatingBucket, number> = { excellent: 0, good: 0, poor: 0, unrated: 0 };
  for (const c of corrections) {
    const rating = ratings.get(c.id)?.rating;
    if (rating !== undefined) counts[rating]++;
    else if (c.verified) counts.unrated++;
  }
  return counts;
}

function usageRows(paths: readonly PathRecord[], corrections: readonly CorrectionRecord[], augmented: readonly PathRecord[], prices: PriceTable): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  const add = (stage: StageName, record: PathRecord | CorrectionRecord): void => {
    const key = `${stage}\u0000${record.model}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { stage, model: record.model, calls: 0, cachedCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
      rows.set(key, row);
    }
    row.calls++;
    if (record.cached === true) {
      row.cachedCalls++;
      return;
    }
    row.promptTokens += record.usage?.promptTokens ?? 0;
    row.completionTokens += record.usage?.completionTokens ?? 0;
  };
  for (const p of paths) add('sample', p);
  for (const c of corrections) add('correct', c);
  for (const p of augmented) add('augment', p);
  const order: Record<StageName, number> = { sample: 0, correct: 1, augment: 2 };
  return [...rows.values()]
    .map((r) => ({ ...r, costUsd: costUsd(r.model, { promptTokens: r.promptTokens, completionTokens: r.completionTokens }, prices) ?? null }))
    .sort((a, b) => order[a.stage] - order[b.stage] || a.model.localeCompare(b.model));
}
