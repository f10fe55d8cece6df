import { strict as assert } from 'node:assert';
import { binomialTwoSidedP, mcnemarExactP, signTest, significanceText } from '../../../src/core/stats/significance';

// Every expected value below is worked out by hand from binomial coefficients over 2^n.
// The sums run in log space, so equality is to 12 significant digits.
const same = (actual: number, expected: number): void => {
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${actual} ≠ ${expected}`);
};
describe('exact binomial, McNemar and sign tests', () => {
  it('matches hand-computed two-sided tails', () => {
    same(binomialTwoSidedP(2, 10), (2 * (1 + 10 + 45)) / 1024); // 0.109375
    same(binomialTwoSidedP(8, 10), binomialTwoSidedP(2, 10)); // symmetric
    same(binomialTwoSidedP(0, 5), 2 / 32);
    same(binomialTwoSidedP(1, 6), (2 * 7) / 64);
  });

  it('is 1 at the centre, with no trials, and never above 1', () => {
    same(binomialTwoSidedP(5, 10), 1);
    same(binomialTwoSidedP(0, 0), 1);
    same(binomialTwoSidedP(3, 7), 1);
  });

  it('stays accurate at LEMA scale (n = 200,000) without underflow', () => {
    same(binomialTwoSidedP(100_000, 200_000), 1);
    const p = binomialTwoSidedP(99_000, 200_000);
    // Normal approximation with continuity correction: z = 999.5 / sqrt(50,000) = 4.470 → p ≈ 7.8e-6.
    assert.ok(p > 5e-6 && p < 1.1e-5, `p = ${p}`);
    assert.equal(binomialTwoSidedP(0, 200_000), 0, 'below the smallest double, honestly 0');
  });

  it('refuses impossible counts', () => {
    assert.throws(() => binomialTwoSidedP(3, 2), /0 ≤ k ≤ n/);
    assert.throws(() => binomialTwoSidedP(-1, 2), /0 ≤ k ≤ n/);
    assert.throws(() => binomialTwoSidedP(1.5, 3), /whole numbers/);
  });

  it("McNemar's exact test uses only the discordant cells", () => {
    same(mcnemarExactP(1, 9), (2 * (1 + 10)) / 1024); // 0.021484375
    same(mcnemarExactP(9, 1), mcnemarExactP(1, 9));
    assert.equal(mcnemarExactP(0, 0), 1, 'all agree: no evidence');
    same(mcnemarExactP(0, 6), 2 / 64);
  });

  it('the sign test sets ties aside but reports them', () => {
    const { p, ...counts } = signTest(8, 2, 3);
    assert.deepEqual(counts, { wins: 8, losses: 2, ties: 3, n: 10 });
    same(p, (2 * 56) / 1024);
    assert.deepEqual(signTest(0, 0, 4), { wins: 0, losses: 0, ties: 4, n: 0, p: 1 });
  });

  it('words significance at a stated level', () => {
    assert.equal(significanceText(0.0215), 'p = 0.021, significant at the 5% level');
    assert.equal(significanceText(0.109375), 'p = 0.109, not significant at the 5% level');
    assert.equal(significanceText(1e-9), 'p < 0.001, significant at the 5% level');
    assert.equal(significanceText(0.03, 0.01), 'p = 0.030, not significant at the 1% level');
  });
});
