/**
 * The experiment's report as plain data: what report.json holds and the experiment view shows.
 * No runtime imports, so the browser build type-checks it without Node.
 */

/** base: the model before fine-tuning; cot: fine-tuned on CoT data alone; lema: on CoT + corrections. */
export type ModelRoleInExperiment = 'base' | 'cot' | 'lema';

/** all: every example of each set; equal: the CoT set matched in size to the LEMA set (the paper's ablation). */
export type ExperimentSizes = 'all' | 'equal';

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
  /**
   * The same questions by pass@1 (the share of a question's k samples that are right): questions
   * where a's is higher, b's is higher, the same; and the sign test over the first two. More
   * sensitive than McNemar when both models' majority votes are right. Absent in older reports.
   */
  passAt1Sign?: { aHigher: number; bHigher: number; same: number; p: number; significant: boolean };
  /** The pair in words, as the CLI, report.md and the experiment view print it. */
  text?: string;
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
