/**
 * Agreement of several raters beyond chance, for items each rated by some of them: Fleiss' kappa
 * and Krippendorff's alpha. (Two raters' Cohen's kappa is kappa.ts.) Both take units as the list
 * of values the unit's raters gave; a unit with fewer than two values cannot show agreement or
 * disagreement and is left out, so missing ratings are allowed.
 */

/** null when the figure is undefined: no unit with two values, or every value in one category. */
export interface AgreementFigure {
  value: number | null;
  /** Units with two values or more: what the figure rests on. */
  units: number;
  /** Values in those units. */
  values: number;
}

/**
 * Fleiss' kappa, with the number of raters allowed to vary by unit: a unit's agreement is the share
 * of its ordered pairs of ratings that agree, sum_j n_ij (n_ij - 1) / (n_i (n_i - 1)); chance
 * agreement is sum_j p_j^2 with p_j the share of all ratings in category j. With the same number of
 * raters on every unit this is Fleiss (1971) exactly.
 */
export function fleissKappa<T>(units: Iterable<readonly T[]>, categories: readonly T[]): AgreementFigure {
  const index = categoryIndex(categories);
  const totals = new Array<number>(categories.length).fill(0);
  let agreementSum = 0;
  let unitCount = 0;
  let values = 0;
  for (const unit of units) {
    if (unit.length < 2) continue;
    const counts = new Array<number>(categories.length).fill(0);
    for (const v of unit) {
      const j = place(index, v);
      counts[j] = (counts[j] ?? 0) + 1;
    }
    const n = unit.length;
    let agreeing = 0;
    counts.forEach((c, j) => {
      agreeing += c * (c - 1);
      totals[j] = (totals[j] ?? 0) + c;
    });
    agreementSum += agreeing / (n * (n - 1));
    unitCount++;
    values += n;
  }
  if (unitCount === 0) return { value: null, units: 0, values: 0 };
  const observed = agreementSum / unitCount;
  const expected = totals.reduce((s, t) => s + (t / values) ** 2, 0);
  const value = Math.abs(1 - expected) < 1e-12 ? null : (observed - expected) / (1 - expected);
  return { value, units: unitCount, values };
}

export type AlphaMetric = 'nominal' | 'ordinal';

/**
 * Krippendorff's alpha = 1 - D_o / D_e from the coincidence matrix: each unit with m values adds
 * 1/(m-1) to o[c][k] for each ordered pair of its values (c, k). With n_c the row sums and n their
 * total, alpha = 1 - (n - 1) * sum o[c][k] d2(c,k) / sum n_c n_k d2(c,k). The ordinal distance of
 * categories c <= k (in the order given) is d2 = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2; nominal is
 * 1 for any two different categories.
 */
export function krippendorffAlpha<T>(units: Iterable<readonly T[]>, categories: readonly T[], metric: AlphaMetric): AgreementFigure {
  const index = categoryIndex(categories);
  const k = categories.length;
  const o = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let unitCount = 0;
  let values = 0;
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    const counts = new Array<number>(k).fill(0);
    for (const v of unit) {
      const j = place(index, v);
      counts[j] = (counts[j] ?? 0) + 1;
    }
    // Ordered pairs of different values of the unit: c*(c-1) with itself, c*d with another category.
    for (let c = 0; c < k; c++) {
      const cc = counts[c] ?? 0;
      if (cc === 0) continue;
      for (let d = 0; d < k; d++) {
        const cd = counts[d] ?? 0;
        const pairs = c === d ? cc * (cc - 1) : cc * cd;
        if (pairs > 0) (o[c] as number[])[d] = ((o[c] as number[])[d] ?? 0) + pairs / (m - 1);
      }
    }
    unitCount++;
    values += m;
  }
  if (unitCount === 0) return { value: null, units: 0, values: 0 };
  const margins = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = margins.reduce((s, x) => s + x, 0);
  const distance = (c: number, d: number): number => {
    if (c === d) return 0;
    if (metric === 'nominal') return 1;
    const [lo, hi] = c < d ? [c, d] : [d, c];
    let between = 0;
    for (let g = lo; g <= hi; g++) between += margins[g] ?? 0;
    return (between - ((margins[c] ?? 0) + (margins[d] ?? 0)) / 2) ** 2;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      const delta = distance(c, d);
      if (delta === 0) continue;
      observed += ((o[c] as number[])[d] ?? 0) * delta;
      expected += (margins[c] ?? 0) * (margins[d] ?? 0) * delta;
    }
  }
  // Every value in one category: no disagreement is possible, so alpha is 0/0.
  const value = expected === 0 ? null : 1 - ((n - 1) * observed) / expected;
  return { value, units: unitCount, values };
}

function categoryIndex<T>(categories: readonly T[]): Map<T, number> {
  return new Map(categories.map((c, i) => [c, i]));
}

function place<T>(index: Map<T, number>, v: T): number {
  const i = index.get(v);
  if (i === undefined) throw new Error(`agreement: ${String(v)} is not one of the categories (${[...index.keys()].map(String).join(', ')})`);
  return i;
}
