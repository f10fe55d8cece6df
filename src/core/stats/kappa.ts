/**
 * Cohen's kappa: agreement of two judges on the same items beyond what their own label frequencies
 * would give by chance. Used for two raters' ratings (unweighted and linear-weighted, where
 * excellent > good > poor is an order) and for two correctors' choice of the incorrect step.
 */

import { bootstrapInterval, type BootstrapOptions } from './bootstrap';

export interface KappaOptions<T> {
  /** The categories in order. Required for weights (the order is the scale); else first seen order. */
  categories?: readonly T[];
  /** 'linear': a disagreement of d steps on a k-point scale counts 1 - d/(k-1) agreement. */
  weights?: 'none' | 'linear';
}

export interface KappaResult<T> {
  /** null when undefined: no items, or chance agreement is already perfect (both judges used one category). */
  kappa: number | null;
  n: number;
  /** Observed (weighted) agreement. */
  observed: number;
  /** (Weighted) agreement expected by chance from the two margins. */
  expected: number;
  categories: T[];
  /** confusion[i][j]: items the first judge put in categories[i] and the second in categories[j]. */
  confusion: number[][];
}

export function cohensKappa<T>(pairs: Iterable<readonly [T, T]>, options: KappaOptions<T> = {}): KappaResult<T> {
  const weights = options.weights ?? 'none';
  if (weights !== 'none' && options.categories === undefined) throw new Error('weighted kappa needs the categories in their order');
  const categories: T[] = options.categories ? Array.from(options.categories) : [];
  const index = new Map<T, number>(categories.map((c, i) => [c, i]));
  const fixed = options.categories !== undefined;
  const cells = new Map<string, number>();
  let n = 0;
  const place = (value: T): number => {
    let i = index.get(value);
    if (i === undefined) {
      if (fixed) throw new Error(`kappa: ${String(value)} is not one of the categories (${categories.map(String).join(', ')})`);
      i = categories.length;
      categories.push(value);
      index.set(value, i);
    }
    return i;
  };
  for (const [a, b] of pairs) {
    const key = `${place(a)},${place(b)}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    n++;
  }
  const k = categories.length;
  const confusion = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => cells.get(`${i},${j}`) ?? 0));
  return { ...kappaOfConfusion(confusion, weights), n, categories, confusion };
}

/**
 * Kappa from a k×k confusion matrix of counts (rows: first judge): the arithmetic alone, so a
 * bootstrap can recount a matrix thousands of times without the category bookkeeping.
 */
export function kappaOfConfusion(confusion: readonly (readonly number[])[], weights: 'none' | 'linear' = 'none'): { kappa: number | null; observed: number; expected: number } {
  const k = confusion.length;
  const rows = confusion.map((row) => row.reduce((s, x) => s + x, 0));
  const n = rows.reduce((s, x) => s + x, 0);
  if (n === 0) return { kappa: null, observed: 0, expected: 0 };
  const cols = confusion.map((_, j) => confusion.reduce((s, row) => s + (row[j] ?? 0), 0));
  const weight = (i: number, j: number): number => (weights === 'linear' ? (k <= 1 ? 1 : 1 - Math.abs(i - j) / (k - 1)) : i === j ? 1 : 0);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weight(i, j);
      if (w === 0) continue;
      observed += (w * (confusion[i]?.[j] ?? 0)) / n;
      expected += (w * (rows[i] ?? 0) * (cols[j] ?? 0)) / (n * n);
    }
  }
  // Chance agreement of 1 leaves nothing to beat: kappa is 0/0, undefined rather than a made-up 1.
  const kappa = Math.abs(1 - expected) < 1e-12 ? null : (observed - expected) / (1 - expected);
  return { kappa, observed, expected };
}


/**
 * The 95% interval of kappa by a seeded percentile bootstrap over the items (pairs of category
 * indices into a k-point scale): with the handful of shared items a rating round has, the point
 * value alone says little. Null when it cannot be claimed (see bootstrapInterval).
 */
export function kappaInterval(pairs: readonly (readonly [number, number])[], k: number, weights: 'none' | 'linear' = 'none', options: BootstrapOptions = {}): [number, number] | null {
  const n = pairs.length;
  const codes = Int32Array.from(pairs, ([i, j]) => i * k + j);
  const counts = new Float64Array(k * k);
  return bootstrapInterval(
    n,
    (draw) => {
      counts.fill(0);
      for (let t = 0; t < n; t++) {
        const code = codes[draw()] as number;
        counts[code] = (counts[code] as number) + 1;
      }
      const confusion = Array.from({ length: k }, (_, i) => Array.from(counts.subarray(i * k, (i + 1) * k)));
      return kappaOfConfusion(confusion, weights).kappa;
    },
    options,
  );
}
