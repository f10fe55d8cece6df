/**
 * The rows of a run's tables (DESIGN.md §3). Each row carries what a reader needs to show or export it
 * without the dataset at hand (question, gold answer), so the tree, the mistake view and the exporter read
 * one table at a time. Ids are deterministic (`recordId` of what defines the row), so a resumed run skips
 * rows it already has.
 */
import type { TaskId } from '../task/task';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** What every row of paths.jsonl and augmented.jsonl has: one sampled reasoning path of one question. */
export interface PathRecord {
  /** recordId('path', { questionId, endpoint, model, sampling, promptSha256, sampleIndex }) */
  id: string;
  questionId: string;
  task: TaskId;
  question: string;
  goldAnswer: string;
  candidates?: string[];
  /** The model that wrote the path (M_r for paths.jsonl, M_c for augmented.jsonl). */
  model: string;
  /** 0-based index of this sample among the k samples of the question. */
  sampleIndex: number;
  /** The model's text as returned. */
  completion: string;
  /** The completion as numbered steps (Task.splitSteps). */
  steps: string[];
  /** Extracted final answer, or null when the path gives none. */
  answer: string | null;
  /** answer ≡ gold. Paths with correct = false are the mistakes (eq. 1). */
  correct: boolean;
  finishReason?: string;
  usage?: TokenUsage;
  /** True when the response came from the cache (no tokens paid in this run). */
  cached?: boolean;
  createdAt: string;
}

/** One row of corrections.jsonl: M_c's answer to one mistake. */
export interface CorrectionRecord {
  /** recordId('correction', { pathId, endpoint, model, promptSha256, sampling, correctionIndex }) */
  id: string;
  pathId: string;
  questionId: string;
  /** The corrector model. */
  model: string;
  /** sha256 of the few-shot prompt P_c used, so corrections of different prompt versions stay apart. */
  promptSha256: string;
  /**
   * The correction variant (core/variants: corrector model and prompt) that wrote it. Absent on rows
   * written before variants existed: those belong to the run's original variant. Not part of the id.
   */
  variant?: string;
  correctionIndex: number;
  /** The corrector's text as returned, kept whatever happens next. */
  raw: string;
  outcome: 'parsed' | 'unparseable';
  /** Why the text could not be parsed (outcome = unparseable). */
  reason?: string;
  /** 1-based number of the incorrect step in the original path. */
  incorrectStep?: number;
  explanation?: string;
  /** The corrected steps as written, from the incorrect step on. */
  correctedSteps?: string[];
  /** Step number the corrected steps start at. */
  correctedFrom?: number;
  /** The full corrected solution: original steps before the incorrect one, then the corrected steps. */
  expandedSteps?: string[];
  /** Multiple-choice prompts: the corrected answer as written (its "Mistakes:" text is `explanation`). */
  correctedAnswer?: string;
  /** Final answer of the corrected solution, or null. */
  answer: string | null;
  /** eq. 2: the corrected solution reaches the gold answer. */
  verified: boolean;
  usage?: TokenUsage;
  cached?: boolean;
  createdAt: string;
}

/** One row of evaluations.jsonl: pass@1 and majority vote of one model on one test set. */
export interface EvaluationRecord {
  /** recordId('evaluation', { endpoint, model, api, sampling, promptSha256, datasetSha256, limit, samplesPerQuestion }) */
  id: string;
  model: string;
  /** Base URL of the endpoint that served the model. */
  endpoint?: string;
  /** The test set, relative to the workspace when inside it. */
  dataset?: string;
  datasetSha256: string;
  questions: number;
  samplesPerQuestion: number;
  /**
   * pass@1: the mean over questions of the share of their k samples that are right (the unbiased
   * estimator). Rows written before issue 19 hold the first sample's share here and lack `passAt1Ci95`.
   */
  passAt1: number;
  /** 95% interval of passAt1 (stats/passAtK.ts: Wilson at the effective sample size, questions as units). */
  passAt1Ci95?: [number, number];
  passAt1Method?: string;
  /** Share of questions whose first sample is right (what passAt1 meant before). */
  firstSampleCorrect?: number;
  /** Share of questions where the most frequent answer among the samples is right. */
  majorityVote: number;
  /** 95% Wilson interval of majorityVote over the questions. */
  majorityVoteCi95?: [number, number];
  /** The per-question samples and verdicts, relative to the run folder (`evaluations/<id>.jsonl`). */
  questionsFile?: string;
  createdAt: string;
}

/** One line of evaluations/<id>.jsonl: one test question's samples and verdicts. */
export interface EvaluationQuestion {
  questionId: string;
  question: string;
  goldAnswer: string;
  samples: Array<{ answer: string | null; correct: boolean; text?: string }>;
  /** How many samples are right. */
  right: number;
  /** Whether the majority answer is right (evaluate.ts majorityIsRight). */
  majorityCorrect: boolean;
}

export type FailureKind =
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'network'
  | 'auth'
  | 'bad_request'
  | 'malformed_response'
  | 'cancelled'
  | 'unknown';

/** One row of errors.jsonl: a request that failed for good, classified, so a rerun can retry just these. */
export interface ErrorRecord {
  /** recordId('error', { stage, itemId, at }) */
  id: string;
  stage: string;
  /** The question id or path id the request was for. */
  itemId: string;
  kind: FailureKind;
  message: string;
  at: string;
  /**
   * Set on a resolution row: the id of the error row a later attempt resolved (its item is now
   * stored). errors.jsonl is append-only, so an error is marked resolved by such a row, never
   * rewritten; `readErrorLog` tells the open ones from the resolved.
   */
  resolves?: string;
}
