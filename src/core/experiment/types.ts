/** What an experiment is asked to do, what it reports, and the estimate it shows first. */
import type { PriceTable } from '../llm/usage';
import type { FineTuneRecord } from '../finetune/records';

/** base: the model before fine-tuning; cot: fine-tuned on CoT data alone; lema: on CoT + corrections. */
export type ModelRoleInExperiment = 'base' | 'cot' | 'lema';
export const EXPERIMENT_ROLES: readonly ModelRoleInExperiment[] = ['base', 'cot', 'lema'];

/** all: every example of each set; equal: the CoT set matched in size to the LEMA set (the paper's ablation). */
export type ExperimentSizes = 'all' | 'equal';

export interface ExperimentOptions {
  workspaceDir: string;
  runId: string;
  /** The test set, relative to the workspace or absolute; none of its questions may be in the training sets. */
  testSet: string;
  baseModel: string;
  baseUrl: string;
  /** The key of the fine-tuning engine (it also serves the models); absent = none sent. */
  apiKey?: string;
  sizes: ExperimentSizes;
  /** Shuffle and size seed of the exports, and the fine-tuning seed. Default 0. */
  seed?: number;
  /** Samples per test question (pass@1 is their mean; majority vote over them). Default 4. */
  samplesPerQuestion?: number;
  /** Sampling temperature of the evaluation. Default 0.7. */
  temperature?: number;
  /** Tokens a test answer may run to. Default 1024. */
  maxTokens?: number;
  /** Training epochs; absent = the engine's choice (estimated as 3). */
  epochs?: number;
  /** Only the first N test questions. */
  testLimit?: number;
  prices: PriceTable;
  toolVersion: string;
  /** Also write Axolotl and LLaMA-Factory dataset entries beside the two sets. */
  trainerFiles?: boolean;
  /** Stop after writing the sets (and trainer files): nothing is uploaded. */
  exportOnly?: boolean;
  /** How often a job is polled, ms. Default 10 s. */
  pollMs?: number;
  signal?: AbortSignal;
  /** Asked with the estimate before anything is uploaded; false stops the experiment. */
  confirm: (estimate: ExperimentEstimate) => boolean | Promise<boolean>;
  log?: (line: string) => void;
  /** A job's record changed (a new state): for the Fine-tunes view and progress lines. */
  onJob?: (record: FineTuneRecord) => void;
}

export interface EstimateLine {
  what: string;
  tokens: number;
  /** Dollars, or undefined when the price table has no price for it. */
  costUsd: number | undefined;
  note?: string;
}

export interface ExperimentEstimate {
  experimentId: string;
  lines: EstimateLine[];
  /** Sum of the priced lines. */
  totalUsd: number;
  /** Lines without a price: the total leaves them out. */
  unpriced: string[];
  /** Examples in each set. */
  examples: { cot: number; lema: number };
}

export interface ModelResult {
  role: ModelRoleInExperiment;
  model: string;
  /** Examples it was fine-tuned on (0 for the base model). */
  trainingExamples: number;
  /** Of them, corrections (mistake → correction). */
  correctionExamples: number;
  /** The evaluation run that holds its test samples (browse its mistakes in the tree). */
  runId: string;
  questions: number;
  samplesPerQuestion: number;
  /** Mean over k samples (stats/passAtK.ts). */
  passAt1: number;
  passAt1Ci95: [number, number];
  /** Share of questions whose majority answer is right. */
  majority: number;
  majorityCi95: [number, number];
  jobId?: string;
}

export interface PairResult {
  a: ModelRoleInExperiment;
  b: ModelRoleInExperiment;
  /** Questions only a's majority answer got right, and only b's. */
  onlyA: number;
  onlyB: number;
  /** McNemar's exact two-sided p on the per-question majority verdicts. */
  mcnemarP: number;
  /** p < the significance level. */
  significant: boolean;
}

export interface ExperimentReport {
  id: string;
  runId: string;
  testSet: string;
  testSetSha256: string;
  baseModel: string;
  baseUrl: string;
  sizes: ExperimentSizes;
  seed: number;
  models: ModelResult[];
  pairs: PairResult[];
  /** How the numbers were computed, in words. */
  methods: { passAt1: string; majority: string; pairs: string; level: number };
  createdAt: string;
}
