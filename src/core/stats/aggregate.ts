/**
 * From table rows to the statistics report, in one pass over each table: rows are fed in as they
 * are read and only per-question and per-mistake figures are kept, so a run of 200,000 paths is
 * aggregated without holding its tables. Pure, so each figure is tested on rows written by hand.
 */
import type { PriceTable } from '../llm/usage';
import { costUsd } from '../llm/usage';
import { openErrors } from '../pipeline/errorLog';
import type { CorrectionRecord, ErrorRecord, EvaluationRecord, PathRecord } from '../pipeline/records';
import type { Rating } from '../store/ratings';
import type { PromptSnapshot } from '../store/runInfo';
import type { TaskId } from '../task/task';
import { rateEstimate, rateOfShare } from './interval';
import { promptVersionInfo } from './promptVersions';
import { storedPassAt1 } from './passAtK';
import { RATING_BUCKETS, type AccuracyRow, type EvaluationRow, type QuestionBin, type RateEstimate, type RatingBucket, type StageName, type StatsReport, type UsageRow, type VerifyRow } from './report';

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
  /** The run's correction prompt (run.json), so its version is labelled by file and sha. */
  prompts?: PromptSnapshot[];
}

export interface AggregateOptions {
  /** Sum a question's wrong paths over the runs (the user ticked several to combine them); default: count per run. */
  combineRuns?: boolean;
}

export type Aggregates = Omit<StatsReport, 'available' | 'filter'>;

/** The whole report from rows already in memory (tests, small runs); `StatsAggregator` is the streaming form. */
export function aggregate(runs: readonly RunTables[], models: readonly string[], prices: PriceTable, options: AggregateOptions = {}): Aggregates {
  const stats = new StatsAggregator(models, prices, options);
  for (const run of runs) {
    for (const p of run.prompts ?? []) stats.promptVersion(p);
    const feed = stats.run(run.runId);
    for (const r of run.ratings) feed.rating(r);
    for (const p of run.paths) feed.path(p);
    for (const p of run.augmented) feed.augmented(p);
    for (const c of run.corrections) feed.correction(c);
    for (const e of run.evaluations) feed.evaluation(e);
    for (const e of openErrors(run.errors)) feed.error(e);
  }
  return stats.result();
}

/**
 * What one run's rows are fed through. Its ratings go first (the last rating of a correction wins,
 * so they must all be known when a correction is counted), then its paths, then its corrections
 * (which look up their path); augmented paths, evaluations and errors in any order.
 */
export interface RunFeed {
  rating(r: Rating): void;
  path(p: PathRecord): void;
  augmented(p: PathRecord): void;
  correction(c: CorrectionRecord): void;
  evaluation(e: EvaluationRecord): void;
  error(e: ErrorRecord): void;
}

/** What a correction needs of its path: whose it is and how many steps it has. */
interface PathFacts {
  chosen: boolean;
  steps: number;
}

const TENTHS = 10;

/**
 * Accumulates the report row by row. Memory grows with questions (the per-question counts and the
 * ids behind each histogram bar) and with mistakes (a few facts of each wrong path, for its
 * corrections), never with the text of a path.
 */
export class StatsAggregator {
  private readonly accuracy = new Map<string, Omit<AccuracyRow, 'estimate'> & { ids: Set<string> }>();
  /** Wrong paths per question of the run being read (or of every run, when combined); binned when the run ends. */
  private readonly wrongBy = new Map<string, number>();
  private readonly perQuestion: Array<{ count: number; ids: Set<string> }> = [];
  private runsWithPaths = 0;
  private pathsThisRun = false;
  private readonly prompts = new Map<string, PromptSnapshot>();
  private readonly absolute: Array<{ count: number; ids: Set<string> }> = [];
  private readonly relative = Array.from({ length: TENTHS }, () => ({ count: 0, ids: new Set<string>() }));
  private correctionsSeen = 0;
  private readonly verify = new Map<string, VerifyRow>();
  private readonly ratingCounts: Record<RatingBucket, number> = { excellent: 0, good: 0, poor: 0, unrated: 0 };
  private readonly usage = new Map<string, UsageRow>();
  private readonly errors = new Map<string, { stage: string; kind: string; count: number }>();
  private readonly evaluations: EvaluationRow[] = [];

  constructor(
    private readonly models: readonly string[],
    private readonly prices: PriceTable,
    private readonly options: AggregateOptions = {},
  ) {}

  /** A correction prompt a run used (its run.json snapshot); the first text seen for a sha is kept. */
  promptVersion(snapshot: PromptSnapshot): void {
    if (!this.prompts.has(snapshot.sha256)) this.prompts.set(snapshot.sha256, snapshot);
  }

  private chosen(model: string): boolean {
    return this.models.length === 0 || this.models.includes(model);
  }

  /** A feed for the rows of one run; a run's wrong paths and ratings are forgotten when the next run starts. */
  run(runId: string): RunFeed {
    this.endRun();
    const ratings = new Map<string, Rating>();
    const mistakes = new Map<string, PathFacts>();
    return {
      rating: (r) => ratings.set(r.correctionId, r),
      path: (p) => {
        if (!p.correct) mistakes.set(p.id, { chosen: this.chosen(p.model), steps: p.steps.length });
        if (this.chosen(p.model)) this.addPath(p);
      },
      augmented: (p) => {
        if (this.chosen(p.model)) this.addUsage('augment', p);
      },
      correction: (c) => {
        const path = mistakes.get(c.pathId);
        if (this.chosen(c.model) || path?.chosen === true) this.addCorrection(c, path, ratings.get(c.id));
      },
      evaluation: (e) => {
        if (!this.chosen(e.model)) return;
        const { model, questions, samplesPerQuestion, passAt1, majorityVote } = e;
        this.evaluations.push({
          runId, model, dataset: e.dataset ?? e.datasetSha256.slice(0, 12), questions, samplesPerQuestion, passAt1, majorityVote,
          // Both are shares of the questions (evaluate.ts), so n is the number of questions.
          // pass@1 is a mean over k samples with its own interval (issue 19: passAtK.ts).
          passAt1Estimate: storedPassAt1(e),
          majorityVoteEstimate: rateOfShare(majorityVote, questions),
        });
      },
      error: (e) => {
        const key = `${e.stage}\u0000${e.kind}`;
        const row = this.errors.get(key) ?? { stage: e.stage, kind: e.kind, count: 0 };
        row.count++;
        this.errors.set(key, row);
      },
    };
  }

  private addPath(p: PathRecord): void {
    const key = `${p.model}\u0000${p.task}`;
    let row = this.accuracy.get(key);
    if (row === undefined) {
      row = { model: p.model, task: p.task, questions: 0, paths: 0, correct: 0, noAnswer: 0, accuracy: 0, ids: new Set() };
      this.accuracy.set(key, row);
    }
    row.ids.add(p.questionId);
    row.paths++;
    if (p.correct) row.correct++;
    if (p.answer === null) row.noAnswer++;
    this.wrongBy.set(p.questionId, (this.wrongBy.get(p.questionId) ?? 0) + (p.correct ? 0 : 1));
    this.pathsThisRun = true;
    this.addUsage('sample', p);
  }

  private addCorrection(c: CorrectionRecord, path: PathFacts | undefined, rating: Rating | undefined): void {
    this.correctionsSeen++;
    const k = c.incorrectStep;
    if (c.outcome === 'parsed' && k !== undefined && k >= 1) {
      for (let i = this.absolute.length; i < k; i++) this.absolute.push({ count: 0, ids: new Set() });
      add(this.absolute[k - 1], c.questionId);
      const length = path?.steps ?? 0;
      // Step k of n sits at k/n of the path; a step named past the end is counted as the last tenth.
      if (length > 0) add(this.relative[Math.min(TENTHS - 1, Math.ceil((k / length) * TENTHS) - 1)], c.questionId);
    }
    const key = `${c.model}\u0000${c.promptSha256}`;
    const row = this.verify.get(key) ?? { model: c.model, promptSha256: c.promptSha256, corrections: 0, parsed: 0, verified: 0, rate: 0, estimate: rateEstimate(0, 0), prompt: promptVersionInfo(c.promptSha256, undefined) };
    row.corrections++;
    if (c.outcome === 'parsed') row.parsed++;
    if (c.verified) row.verified++;
    this.verify.set(key, row);
    // Only verified corrections are rated for the paper's check; the rest are not training data anyway.
    if (rating !== undefined) this.ratingCounts[rating.rating]++;
    else if (c.verified) this.ratingCounts.unrated++;
    this.addUsage('correct', c);
  }

  private addUsage(stage: StageName, record: PathRecord | CorrectionRecord): void {
    const key = `${stage}\u0000${record.model}`;
    let row = this.usage.get(key);
    if (row === undefined) {
      row = { stage, model: record.model, calls: 0, cachedCalls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
      this.usage.set(key, row);
    }
    row.calls++;
    if (record.cached === true) {
      row.cachedCalls++;
      return;
    }
    row.promptTokens += record.usage?.promptTokens ?? 0;
    row.completionTokens += record.usage?.completionTokens ?? 0;
  }

  /**
   * Bins the questions of the run that ended: per run, a question sampled by two runs is two
   * counts of at most k wrong paths each. Combined, the sums wait for the end of the last run.
   */
  private endRun(final = false): void {
    if (this.pathsThisRun) this.runsWithPaths++;
    this.pathsThisRun = false;
    if (this.options.combineRuns === true && !final) return;
    for (const [id, wrong] of this.wrongBy) {
      for (let i = this.perQuestion.length; i <= wrong; i++) this.perQuestion.push({ count: 0, ids: new Set() });
      add(this.perQuestion[wrong], id);
    }
    this.wrongBy.clear();
  }

  result(): Aggregates {
    this.endRun(true);
    const order: Record<StageName, number> = { sample: 0, correct: 1, augment: 2 };
    const ratedTotal = RATING_BUCKETS.reduce((n, b) => n + this.ratingCounts[b], 0);
    return {
      accuracy: [...this.accuracy.values()]
        .map(({ ids, ...row }) => ({ ...row, questions: ids.size, accuracy: row.paths === 0 ? 0 : row.correct / row.paths, estimate: rateEstimate(row.correct, row.paths) }))
        .sort((a, b) => a.model.localeCompare(b.model) || a.task.localeCompare(b.task)),
      evaluations: [...this.evaluations],
      mistakesPerQuestion: this.perQuestion.map((b, k) => bin(String(k), b)),
      mistakesPerQuestionCounting: { basis: this.options.combineRuns === true ? 'combined' : 'run', runs: this.runsWithPaths },
      incorrectStep: this.absolute.map((b, i) => bin(`Step ${i + 1}`, b)),
      incorrectStepRelative: this.correctionsSeen === 0 ? [] : this.relative.map((b, i) => bin(`${i * 10}–${(i + 1) * 10}%`, b)),
      verifyRate: [...this.verify.values()]
        .map((r) => ({ ...r, rate: r.verified / r.corrections, estimate: rateEstimate(r.verified, r.corrections), prompt: promptVersionInfo(r.promptSha256, this.prompts.get(r.promptSha256)) }))
        .sort((a, b) => a.model.localeCompare(b.model) || a.promptSha256.localeCompare(b.promptSha256)),
      ratings: { ...this.ratingCounts },
      ratingShares: Object.fromEntries(RATING_BUCKETS.map((b) => [b, rateEstimate(this.ratingCounts[b], ratedTotal)])) as Record<RatingBucket, RateEstimate>,
      usage: [...this.usage.values()]
        .map((r) => ({ ...r, costUsd: costUsd(r.model, { promptTokens: r.promptTokens, completionTokens: r.completionTokens }, this.prices) ?? null }))
        .sort((a, b) => order[a.stage] - order[b.stage] || a.model.localeCompare(b.model)),
      errors: [...this.errors.values()].sort((a, b) => a.stage.localeCompare(b.stage) || a.kind.localeCompare(b.kind)),
    };
  }
}

function add(b: { count: number; ids: Set<string> } | undefined, questionId: string): void {
  if (b === undefined) return;
  b.count++;
  b.ids.add(questionId);
}

function bin(label: string, b: { count: number; ids: Set<string> }): QuestionBin {
  return { label, count: b.count, questionIds: [...b.ids] };
}
