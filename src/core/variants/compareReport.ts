/**
 * What `mistakebook compare` prints and the comparison view draws, as plain data (no runtime
 * imports, so the webview build type-checks it without Node). Every rate carries its n and a 95%
 * Wilson interval; a difference is called significant only by its exact test at `level`.
 */
import type { RateEstimate } from '../stats/report';

/** One variant of the run: what it corrected and how much of it verified (eq. 2), its ratings and cost. */
export interface VariantRow {
  id: string;
  /** "gpt-4 · gsm8k.fewshot.txt · 3fa2b1c0" */
  label: string;
  /** The run's own corrector and prompt (run.json). */
  original: boolean;
  model: string;
  endpoint: string;
  promptSha256: string;
  /** Workspace-relative prompt file, or null for a prompt taken from an unsaved editor. */
  promptFile: string | null;
  /** Mistakes with at least one correction of this variant. */
  mistakes: number;
  corrections: number;
  parsed: number;
  verified: number;
  /** verified / corrections, or null with no corrections. */
  verifyRate: number | null;
  /** The 95% Wilson interval of the verify rate, [low, high]. */
  verifyCi95: [number, number];
  verify: RateEstimate;
  parse: RateEstimate;
  /** Corrections by the rating in force; `unrated` counts verified corrections nobody rated (as the statistics do). */
  ratings: { excellent: number; good: number; poor: number; unrated: number };
  /** Each rating's share of the rated corrections. */
  ratingShares: { excellent: RateEstimate; good: RateEstimate; poor: RateEstimate };
  /** Tokens of the requests this variant paid for (answers from the cache cost nothing and are counted apart). */
  promptTokens: number;
  completionTokens: number;
  cachedCalls: number;
  /** Dollars, or null when the price table does not know the model. */
  costUsd: number | null;
}

/** The four cells of the paired table. */
export type PairCell = 'bothVerified' | 'onlyA' | 'onlyB' | 'neither';

/** Two variants over the mistakes both corrected (each by its first correction of the mistake). */
export interface PairRow {
  a: string;
  b: string;
  /** Mistakes both variants corrected. */
  paired: number;
  bothVerified: number;
  onlyA: number;
  onlyB: number;
  neither: number;
  /** The verify rates on the paired mistakes only. */
  pairedA: RateEstimate;
  pairedB: RateEstimate;
  /** McNemar's exact two-sided p-value on onlyA vs onlyB. */
  mcnemarP: number;
  /** mcnemarP < level. */
  significant: boolean;
  /** In words, naming the variants A, B, C… in the report's order: which verifies more often, and whether the test says so. */
  verdict: string;
  /** Share of the mistakes where both parsed corrections name the same incorrect step, or null with none. */
  sameStep: number | null;
  sameStepRate: RateEstimate;
  /** Cohen's kappa over the step numbers the two name (null when undefined: no pairs, or one step only). */
  stepKappa: number | null;
  /** Mistakes where both parsed corrections name a step: the n of sameStep and stepKappa. */
  stepPairs: number;
  /** Blind votes in force: a preferred, b preferred, ties. */
  preferences: { a: number; b: number; tie: number };
  /** a's share of the decided votes (ties set aside). */
  preferenceRate: RateEstimate;
  /** The sign test on a's wins against b's. */
  preferenceP: number;
  preferenceSignificant: boolean;
  preferenceVerdict: string;
}

export interface ComparisonReport {
  runId: string;
  runLabel: string;
  /** The level every "significant" refers to. */
  level: number;
  variants: VariantRow[];
  pairs: PairRow[];
}
