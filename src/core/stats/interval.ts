/**
 * The 95% Wilson score interval of a proportion: every rate the statistics show carries its n and
 * this interval, because "75%" of 4 paths and of 4,000 paths are different claims. Wilson rather
 * than the normal approximation because it stays inside [0, 1] and is not zero-width at 0 or n.
 */
import type { RateEstimate } from './report';

/** The normal quantile for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** [low, high] of successes/n; with no trials nothing is known, so the whole of [0, 1]. */
export function wilsonInterval(successes: number, n: number, z = Z95): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // At 0 and n the bound is exactly 0 or 1; rounding would leave a hair's breadth.
  return { low: successes <= 0 ? 0 : Math.max(0, centre - half), high: successes >= n ? 1 : Math.min(1, centre + half) };
}

const pct = (x: number): string => (100 * x).toFixed(1);

/** successes of n as a rate with its interval and the one text every front end prints: "72.4% (n = 48, 95% CI 58.4–83.2%)". */
export function rateEstimate(successes: number, n: number): RateEstimate {
  const { low, high } = wilsonInterval(successes, n);
  const value = n > 0 ? successes / n : 0;
  const text = n > 0 ? `${pct(value)}% (n = ${n}, ${intervalText({ low, high })})` : 'no data (n = 0)';
  return { successes, n, value, low, high, text };
}

/** "95% CI 58.4–83.2%", for a line that already shows the rate and its n (the CLI's "34/48 paths"). */
export function intervalText(e: { low: number; high: number }): string {
  return `95% CI ${pct(e.low)}–${pct(e.high)}%`;
}

/** A stored share of n items (pass@1, majority vote) back as a count, so it gets an interval too. */
export function rateOfShare(share: number, n: number): RateEstimate {
  return rateEstimate(Math.round(share * n), n);
}
