import { strict as assert } from 'node:assert';
import { kappaInterval } from '../../../src/core/stats/kappa';

/** Index pairs filling a confusion matrix (rows: first judge). */
function cells(confusion: number[][]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  confusion.forEach((row, i) => row.forEach((count, j) => {
    for (let c = 0; c < count; c++) out.push([i, j]);
  }));
  return out;
}

describe('kappa intervals (seeded percentile bootstrap)', () => {
  it('agrees with the large-sample standard error on a 500-item table (kappa 0.4)', () => {
    // po = 0.7, pe = 0.5; the simple large-sample SE √(po(1−po) / (n(1−pe)²)) = √(0.21/125) = 0.0410,
    // so about 0.4 ± 0.080. The bootstrap's percentiles should land within a few thousandths of that.
    const ci = kappaInterval(cells([[200, 50], [100, 150]]), 2);
    assert.ok(ci !== null);
    const [low, high] = ci;
    assert.ok(low > 0.3 && low < 0.34, `low ${low}`);
    assert.ok(high > 0.46 && high < 0.5, `high ${high}`);
  });

  it('is the same every time (seeded), and another seed moves it only a little', () => {
    const table = cells([[10, 2, 0], [3, 8, 1], [0, 1, 5]]);
    assert.deepEqual(kappaInterval(table, 3, 'linear'), kappaInterval(table, 3, 'linear'));
    const a = kappaInterval(table, 3) as [number, number];
    const b = kappaInterval(table, 3, 'none', { seed: 7 }) as [number, number];
    assert.ok(Math.abs(a[0] - b[0]) < 0.05 && Math.abs(a[1] - b[1]) < 0.05, `${a} vs ${b}`);
    // The point value 0.635 (hand-computed in kappa.test.ts) lies inside.
    assert.ok(a[0] < 0.635 && 0.635 < a[1]);
  });

  it('perfect agreement over two categories is [1, 1]', () => {
    assert.deepEqual(kappaInterval(cells([[20, 0], [0, 20]]), 2), [1, 1]);
  });

  it('claims nothing from one or two shared items', () => {
    assert.equal(kappaInterval([[0, 0]], 3), null);
    // (E,E), (G,P): most resamples repeat one item, and kappa is undefined on them.
    assert.equal(kappaInterval([[2, 2], [1, 0]], 3), null);
    assert.equal(kappaInterval([], 3), null);
  });
});
