import { strict as assert } from 'node:assert';
import { rateEstimate, rateOfShare, wilsonInterval, Z95 } from '../../../src/core/stats/interval';

const close = (actual: number, expected: number, what: string): void => assert.ok(Math.abs(actual - expected) < 5e-6, `${what}: ${actual} ≠ ${expected}`);

/*
 * Expected values worked out by hand from the Wilson formula, z = 1.959964 (z² = 3.841459):
 *   centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²)
 * 12 of 16: z²/n = 0.240091; centre = 0.870046 / 1.240091 = 0.701599;
 *           √(0.01171875 + 0.00375143) = 0.124379; half = 0.243778 / 1.240091 = 0.196581
 *           → 0.505018 … 0.898180
 * 0 of 10:  the upper bound is (z²/n) / (1 + z²/n) = 0.3841459 / 1.3841459 = 0.277533
 * 10 of 10: mirror image, the lower bound is 1 − 0.277533 = 0.722467
 */
describe('95% Wilson interval', () => {
  it('uses the two-sided 95% normal quantile', () => {
    close(Z95, 1.959964, 'z');
  });

  it('n = 0: nothing is known, the interval is all of [0, 1] and the text says there is no data', () => {
    assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
    assert.deepEqual(rateEstimate(0, 0), { successes: 0, n: 0, value: 0, low: 0, high: 1, text: 'no data (n = 0)' });
  });

  it('none of 10: starts at exactly 0 and is not zero-width', () => {
    const { low, high } = wilsonInterval(0, 10);
    assert.equal(low, 0);
    close(high, 0.277533, 'high');
  });

  it('all of 10: ends at exactly 1', () => {
    const { low, high } = wilsonInterval(10, 10);
    close(low, 0.722467, 'low');
    assert.equal(high, 1);
    assert.equal(rateEstimate(10, 10).text, '100.0% (n = 10, 95% CI 72.2–100.0%)');
  });

  it('a middle case, 12 of 16: asymmetric around 75%, pulled toward the middle', () => {
    const { low, high } = wilsonInterval(12, 16);
    close(low, 0.505018, 'low');
    close(high, 0.89818, 'high');
    assert.equal(rateEstimate(12, 16).text, '75.0% (n = 16, 95% CI 50.5–89.8%)');
  });

  it('a stored share of n questions (pass@1) becomes a count first', () => {
    assert.deepEqual(rateOfShare(0.75, 16), rateEstimate(12, 16));
    // 0.1 + 0.2 style float noise does not make 3 of 10 into 2.9999.
    assert.equal(rateOfShare(0.30000000000000004, 10).successes, 3);
  });
});
