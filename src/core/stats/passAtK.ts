/**
 * pass@1 as the mean over all k samples of each question (the unbiased estimator: the chance that
 * one sample is right, averaged over questions), with an honest 95% interval. The questions are the
 * independent units, not the n·k samples: samples of one question are correlated (an easy question is
 * right in all of them). So the interval is Wilson's score interval at the Kish effective sample size
 *   n_eff = p̂(1 − p̂) / Var̂(p̂),   Var̂(p̂) = s² / n,   s² the sample variance of the per-question rates,
 * bounded between n (samples of a question all agree: a question counts once) and n·k (samples as
 * independent as coin flips). At p̂ = 0 or 1 nothing measures the spread, and n_eff = n, the cautious
 * end. With k = 1 this is the Wilson interval over questions, as every other rate in the tool.
 */
import { intervalText, rateOfShare, wilsonInterval } from './interval';
import type { RateEstimate } from './report';

export const PASS_AT_1_METHOD = 'mean over k samples; 95% Wilson interval at the Kish effective sample size (questions as units)';

export interface PassAt1Estimate {
  /** Mean over questions of (right samples / k). */
  value: number;
  low: number;
  high: number;
  questions: number;
  samplesPerQuestion: number;
  /** The effective number of independent trials the interval rests on. */
  effectiveN: number;
}

/** `rightPerQuestion[i]`: how many of question i's k samples are right. */
export function passAt1Estimate(rightPerQuestion: readonly number[], k: number): PassAt1Estimate {
  const n = rightPerQuestion.length;
  if (n === 0 || k <= 0) return { value: 0, low: 0, high: 1, questions: n, samplesPerQuestion: k, effectiveN: 0 };
  let sum = 0;
  for (const c of rightPerQuestion) sum += c / k;
  const p = sum / n;
  let effectiveN = n;
  if (n >= 2 && p > 0 && p < 1) {
    let squares = 0;
    for (const c of rightPerQuestion) squares += (c / k - p) ** 2;
    const varianceOfMean = squares / (n - 1) / n;
    effectiveN = varianceOfMean === 0 ? n * k : Math.min(n * k, Math.max(n, (p * (1 - p)) / varianceOfMean));
  }
  const { low, high } = wilsonInterval(p * effectiveN, effectiveN);
  return { value: p, low, high, questions: n, samplesPerQuestion: k, effectiveN };
}

/**
 * A stored evaluation's pass@1 as the statistics show rates: its own interval when it has one
 * (rows since issue 19), else the share of questions with Wilson's interval (older rows).
 */
export function storedPassAt1(e: { passAt1: number; questions: number; passAt1Ci95?: readonly [number, number] }): RateEstimate {
  if (e.passAt1Ci95 === undefined) return rateOfShare(e.passAt1, e.questions);
  const [low, high] = e.passAt1Ci95;
  return { successes: e.passAt1 * e.questions, n: e.questions, value: e.passAt1, low, high, text: `${(100 * e.passAt1).toFixed(1)}% (n = ${e.questions}, ${intervalText({ low, high })})` };
}
