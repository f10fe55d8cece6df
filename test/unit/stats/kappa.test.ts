import { strict as assert } from 'node:assert';
import { cohensKappa } from '../../../src/core/stats/kappa';

/** Pairs that fill a confusion matrix over the given categories, row = first judge. */
function pairsOf<T>(categories: readonly T[], confusion: number[][]): Array<[T, T]> {
  const pairs: Array<[T, T]> = [];
  confusion.forEach((row, i) => row.forEach((count, j) => {
    for (let c = 0; c < count; c++) pairs.push([categories[i] as T, categories[j] as T]);
  }));
  return pairs;
}

const near = (actual: number | null, expected: number): void => {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
};

describe("Cohen's kappa", () => {
  it('2×2: po = 0.7, pe = 0.5 → 0.4', () => {
    const r = cohensKappa(pairsOf(['yes', 'no'], [[20, 5], [10, 15]]));
    near(r.kappa, 0.4);
    near(r.observed, 0.7);
    near(r.expected, 0.5);
    assert.equal(r.n, 50);
    assert.deepEqual(r.confusion, [[20, 5], [10, 15]]);
  });

  const ratings = ['excellent', 'good', 'poor'] as const;
  const table = [[10, 2, 0], [3, 8, 1], [0, 1, 5]];

  it('3×3 unweighted: po = 23/30, pe = 324/900 → 0.635417', () => {
    const r = cohensKappa(pairsOf(ratings, table), { categories: ratings });
    near(r.observed, 23 / 30);
    near(r.expected, 324 / 900);
    near(r.kappa, (23 / 30 - 0.36) / 0.64);
  });

  it('3×3 linear weights: po = 26.5/30, pe = 537/900 → 0.710744', () => {
    const r = cohensKappa(pairsOf(ratings, table), { categories: ratings, weights: 'linear' });
    near(r.observed, 26.5 / 30);
    near(r.expected, 537 / 900);
    near(r.kappa, (26.5 / 30 - 537 / 900) / (1 - 537 / 900));
  });

  it('perfect agreement is 1; agreement at chance is 0', () => {
    near(cohensKappa(pairsOf(['a', 'b'], [[7, 0], [0, 3]])).kappa, 1);
    // Margins 50/50 on both sides, diagonal exactly at chance.
    near(cohensKappa(pairsOf(['a', 'b'], [[5, 5], [5, 5]])).kappa, 0);
  });

  it('is undefined (null) with no items or when both judges used one category', () => {
    const none = cohensKappa<string>([]);
    assert.equal(none.kappa, null);
    assert.equal(none.n, 0);
    assert.equal(cohensKappa(pairsOf(['a'], [[6]])).kappa, null);
  });

  it('step numbers: categories are found in the data when none are given', () => {
    const r = cohensKappa<number>([[2, 2], [3, 3], [2, 4], [4, 4]]);
    assert.deepEqual(r.categories, [2, 3, 4]);
    // po = 3/4; margins A: 2→2, 3→1, 4→1; B: 2→1, 3→1, 4→2 → pe = (2+1+2)/16.
    near(r.kappa, (0.75 - 5 / 16) / (1 - 5 / 16));
  });

  it('weights need an order, and values outside it are refused', () => {
    assert.throws(() => cohensKappa([['a', 'b']], { weights: 'linear' }), /categories in their order/);
    assert.throws(() => cohensKappa([['a', 'z']], { categories: ['a', 'b'] }), /z is not one of the categories/);
  });
});
