/**
 * Exact tests for paired comparisons. "Better" in Mistakebook is a test at a stated level, never
 * a look at two rates: McNemar for two variants or models on the same items, the sign test for
 * blind preferences. Both reduce to the exact two-sided binomial test at p = 1/2, computed in log
 * space so that n in the hundreds of thousands neither underflows nor loses the tail.
 */

/** The level every "significant" in the views and the CLI refers to. */
export const SIGNIFICANCE_LEVEL = 0.05;

/**
 * Two-sided exact binomial p-value of k successes in n trials under p = 1/2: twice the smaller tail,
 * capped at 1 (the distribution is symmetric, so this equals summing every outcome no likelier than k).
 * With n = 0 there is no evidence either way: p = 1.
 */
export function binomialTwoSidedP(k: number, n: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
    throw new RangeError(`binomial test needs whole numbers 0 ≤ k ≤ n (got k = ${k}, n = ${n})`);
  }
  if (n === 0) return 1;
  const tail = Math.min(k, n - k);
  // log P(X = i) = log C(n, i) - n log 2, stepped from i = 0; summed with a running log-sum-exp.
  let logTerm = -n * Math.LN2;
  let logSum = logTerm;
  for (let i = 0; i < tail; i++) {
    logTerm += Math.log((n - i) / (i + 1));
    logSum = logAddExp(logSum, logTerm);
  }
  return Math.min(1, 2 * Math.exp(logSum));
}

function logAddExp(a: number, b: number): number {
  const high = Math.max(a, b);
  return high + Math.log(Math.exp(a - high) + Math.exp(b - high));
}

/**
 * McNemar's exact test on the discordant cells of a paired 2×2 table: items only A got right and
 * items only B got right. The concordant cells (both, neither) carry no information about which is better.
 */
export function mcnemarExactP(onlyA: number, onlyB: number): number {
  return binomialTwoSidedP(Math.min(onlyA, onlyB), onlyA + onlyB);
}

export interface SignTestResult {
  wins: number;
  losses: number;
  /** Reported, not tested: a tie says nothing about direction. */
  ties: number;
  /** wins + losses, the trials of the test. */
  n: number;
  p: number;
}

/** The sign test of pairwise preferences (A preferred vs B preferred), ties set aside. */
export function signTest(wins: number, losses: number, ties = 0): SignTestResult {
  const n = wins + losses;
  return { wins, losses, ties, n, p: binomialTwoSidedP(Math.min(wins, losses), n) };
}

/** "p = 0.031, significant at the 5% level" — the one wording the CLI and the views use. */
export function significanceText(p: number, level = SIGNIFICANCE_LEVEL): string {
  const shown = p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
  return `${shown}, ${p < level ? 'significant' : 'not significant'} at the ${Math.round(level * 100)}% level`;
}
