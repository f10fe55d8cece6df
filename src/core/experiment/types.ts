/** What an experiment is asked to do, what it reports, and the estimate it shows first. */
import type { PriceTable } from '../llm/usage';
import type { FineTuneRecord } from '../finetune/records';

import type { ExperimentSizes } from './reportTypes';

export type { ExperimentReport, ExperimentSizes, ModelResult, ModelRoleInExperiment, PairResult } from './reportTypes';

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

