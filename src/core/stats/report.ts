/**
 * The aggregates of the statistics view (DESIGN.md §5): what a researcher looks at to see patterns
 * in a run's mistakes and in the corrector's work. Plain data, so the webview draws it and a test
 * or the CLI prints it.
 */
import type { RatingValue } from '../review/ratingValue';
import type { TaskId } from '../task/task';

export interface StatsFilter {
  /** Run ids; empty = every run. */
  runs: string[];
  /** Models; a path counts when its model is chosen, a correction when its own or its path's model is. */
  models: string[];
}

export interface AccuracyRow {
  model: string;
  task: TaskId;
  questions: number;
  paths: number;
  correct: number;
  /** Paths that gave no final answer at all. */
  noAnswer: number;
  /** correct / paths. */
  accuracy: number;
}

/** One bar of a histogram, with the questions behind it so a click can show them. */
export interface QuestionBin {
  label: string;
  count: number;
  questionIds: string[];
}

/** pass@1 and majority vote of one model on one test set (evaluations.jsonl). */
export interface EvaluationRow {
  runId: string;
  model: string;
  /** The test set's path, or the start of its sha256 when the record does not name it. */
  dataset: string;
  questions: number;
  samplesPerQuestion: number;
  passAt1: number;
  majorityVote: number;
}

export interface VerifyRow {
  model: string;
  promptSha256: string;
  corrections: number;
  parsed: number;
  verified: number;
  /** verified / corrections: an unparseable answer is a failed correction too. */
  rate: number;
}

export type RatingBucket = RatingValue | 'unrated';

export type StageName = 'sample' | 'correct' | 'augment';

export interface UsageRow {
  stage: StageName;
  model: string;
  calls: number;
  /** Answered from the cache: no tokens paid in the run. */
  cachedCalls: number;
  promptTokens: number;
  completionTokens: number;
  /** US dollars for the paid tokens, or null when the price table has no price for the model. */
  costUsd: number | null;
}

export interface RunChoice {
  id: string;
  task: TaskId;
  createdAt: string;
  models: string[];
}

export interface StatsReport {
  /** Every run of the workspace and every model seen, for the filter controls. */
  available: { runs: RunChoice[]; models: string[] };
  filter: StatsFilter;
  accuracy: AccuracyRow[];
  /** Test-set evaluations, newest last. */
  evaluations: EvaluationRow[];
  /** Questions by the number of wrong paths sampled for them: 0, 1, 2, … */
  mistakesPerQuestion: QuestionBin[];
  /** Parsed corrections by the step they name as incorrect: Step 1, Step 2, … */
  incorrectStep: QuestionBin[];
  /** The same, as a share of the original path's length, in tenths: 0–10 %, …, 90–100 %. */
  incorrectStepRelative: QuestionBin[];
  verifyRate: VerifyRow[];
  /** The rating in force of each verified correction (the paper: 35 excellent, 11 good, 4 poor of 50). */
  ratings: Record<RatingBucket, number>;
  usage: UsageRow[];
  /** Requests that failed for good, by stage and kind. */
  errors: Array<{ stage: string; kind: string; count: number }>;
}

export const RATING_BUCKETS: readonly RatingBucket[] = ['excellent', 'good', 'poor', 'unrated'];

/**
 * What a clicked statistics bar stands for, handed to the tree so it shows just those items. Only the
 * fields that bar knows are set.
 */
export interface BarFilter {
  /** What the user clicked, for the tree's description ("llama-2-7b · gsm8k"). */
  label: string;
  runs: string[];
  model?: string;
  task?: string;
  questionIds?: string[];
  rating?: RatingBucket;
  promptSha256?: string;
}
