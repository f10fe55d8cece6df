/**
 * The aggregates of the statistics view (DESIGN.md §5): what a researcher looks at to see patterns
 * in a run's mistakes and in the corrector's work. Plain data, so the webview draws it and a test
 * or the CLI prints it.
 */
import type { RatingValue } from '../review/ratingValue';
import type { TaskId } from '../task/task';
import type { AgreementReport } from './agreementTypes';
import type { ErrorType, ErrorTypeSource } from '../truth/errorTypes';

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
  /** The same with its n (paths) and 95% interval. */
  estimate: RateEstimate;
}

/** A rate with what it rests on: successes of n trials and the 95% Wilson interval (interval.ts). */
export interface RateEstimate {
  successes: number;
  n: number;
  /** successes / n; 0 when n is 0. */
  value: number;
  low: number;
  high: number;
  /** "72.4% (n = 48, 95% CI 58.4–83.2%)": the one wording the view and the CLI print. */
  text: string;
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
  /** Both over n = questions, with their 95% intervals. */
  passAt1Estimate: RateEstimate;
  majorityVoteEstimate: RateEstimate;
}

export interface VerifyRow {
  model: string;
  promptSha256: string;
  corrections: number;
  parsed: number;
  verified: number;
  /** verified / corrections: an unparseable answer is a failed correction too. */
  rate: number;
  /** The same with its n (corrections) and 95% interval. */
  estimate: RateEstimate;
  /** Which prompt version this is, as a person tells them apart. */
  prompt: PromptVersionInfo;
}

/** A correction prompt version as the statistics name it: its file and short sha, and its first lines. */
export interface PromptVersionInfo {
  /** "gsm8k.fewshot.txt · 98cc1a2b"; "prompt · 98cc1a2b" when no run.json holds its text. */
  label: string;
  /** Workspace-relative file the version was read from, when known. */
  file?: string;
  /** Its first lines (cut), for a tooltip; absent when no run.json holds its text. */
  preview?: string;
  /** Lines in the whole text (0 when unknown). */
  lines: number;
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
  /** What a person recognises the run by: its name, or its reasoner and start time ("llama-2-7b · 12-07 07:47"). */
  label: string;
  /** The dataset's file name ("train.jsonl"). */
  dataset: string;
}

/**
 * How "Mistakes per question" counts when several runs are read. `run`: a question is counted once per
 * run that sampled it, by that run's wrong paths (the default: k = 4 in two runs never shows 8);
 * `combined`: its wrong paths are summed over the runs the user ticked.
 */
export interface QuestionCounting {
  basis: 'run' | 'combined';
  /** Runs whose chosen paths were counted. */
  runs: number;
}

export interface StatsReport extends TruthReport {
  /** Every run of the workspace and every model seen, for the filter controls. */
  available: { runs: RunChoice[]; models: string[] };
  filter: StatsFilter;
  accuracy: AccuracyRow[];
  /** Test-set evaluations, newest last. */
  evaluations: EvaluationRow[];
  /** Questions by the number of wrong paths sampled for them: 0, 1, 2, … (per run unless combined: see `mistakesPerQuestionCounting`). */
  mistakesPerQuestion: QuestionBin[];
  mistakesPerQuestionCounting: QuestionCounting;
  /** Parsed corrections by the step they name as incorrect: Step 1, Step 2, … */
  incorrectStep: QuestionBin[];
  /** The same, as a share of the original path's length, in tenths: 0–10 %, …, 90–100 %. */
  incorrectStepRelative: QuestionBin[];
  verifyRate: VerifyRow[];
  /** The rating in force of each verified correction (the paper: 35 excellent, 11 good, 4 poor of 50). */
  ratings: Record<RatingBucket, number>;
  /** Each bucket's share of all the counted corrections, with its n and 95% interval. */
  ratingShares: Record<RatingBucket, RateEstimate>;
  usage: UsageRow[];
  /** Requests that failed for good, by stage and kind. */
  errors: Array<{ stage: string; kind: string; count: number }>;
  /** Several raters (issue 18): how far they agree over the chosen runs. */
  agreement?: AgreementReport;
}

/** Error types of parsed corrections in one group: one corrector, or one incorrect-step position. */
export interface ErrorTypeGroup {
  /** The model, or "Step k". */
  label: string;
  model?: string;
  step?: number;
  total: number;
  counts: Record<ErrorType, number>;
}

/**
 * How well a corrector names the first wrong step (ProcessBench's figures), per corrector and prompt
 * version: against a dataset's labels (`run critique`) or against the researcher's step labels.
 */
export interface CriticRow {
  model: string;
  promptSha256: string;
  prompt: PromptVersionInfo;
  against: 'dataset' | 'human';
  /** Against a dataset: its file name (ProcessBench reports each subset apart). */
  dataset?: string;
  /** Solutions judged (erroneous + correct). */
  solutions: number;
  /** Replies that named no readable step (counted as wrong). */
  unreadable: number;
  /** Share of erroneous solutions whose first wrong step the critic named. */
  erroneousAccuracy: number;
  /** Share of correct solutions the critic said have no wrong step. */
  correctAccuracy: number;
  /** Harmonic mean of the two accuracies. */
  f1: number;
  /** The two accuracies with their n and 95% intervals. */
  erroneous: RateEstimate;
  correct: RateEstimate;
}

/** The step-level truth part of the report. */
export interface TruthReport {
  /** Parsed corrections per error type in force (by hand, else the model's classification, else the rules). */
  errorTypes: Record<ErrorType, number>;
  /** Each type's share of the typed corrections, with its n and 95% interval. */
  errorTypeShares: Record<ErrorType, RateEstimate>;
  /** Where those types came from. */
  errorTypeSources: Record<ErrorTypeSource, number>;
  errorTypesByModel: ErrorTypeGroup[];
  errorTypesByStep: ErrorTypeGroup[];
  critic: CriticRow[];
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
  /** Correction variants: a cell of the comparison lists exactly these paths (mistakes) of its run. */
  pathIds?: string[];
  /** An error-type bar (step-level truth): corrections filed under this type, at this incorrect step when set. */
  errorType?: ErrorType;
  incorrectStep?: number;
}
