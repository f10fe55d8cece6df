import { strict as assert } from 'node:assert';
import { passAt1Estimate } from '../../../src/core/stats/passAtK';
import { wilsonInterval } from '../../../src/core/stats/interval';

const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-5, `${what}: ${a} ≠ ${b}`);

describe('pass@1 over k samples with its interval (issue 19)', () => {
  it('matches a hand computation: rates 1, ½, ½, 0 with k = 2', () => {
    // p̂ = 0.5; s² = (0.25 + 0 + 0 + 0.25) / 3 = 1/6; Var(p̂) = 1/24; n_eff = 0.25 × 24 = 6 (within [4, 8]).
    // Wilson at 3 of 6, z = 1.959964: centre 0.5, half = z/(1 + z²/6) · √(0.25/6 + z²/144) = 0.312384.
    const e = passAt1Estimate([2, 1, 1, 0], 2);
    close(e.value, 0.5, 'value');
    close(e.effectiveN, 6, 'n_eff');
    close(e.low, 0.187616, 'low');
    close(e.high, 0.812384, 'high');
  });

  it('counts a question once when its samples all agree, and every sample when they are as independent as coin flips', () => {
    // Every question all right or all wrong: s² = 1/3 · … → n_eff = n = 4.
    const agree = passAt1Estimate([4, 4, 0, 0], 4);
    close(agree.effectiveN, 4, 'n_eff');
    const w = wilsonInterval(2, 4);
    close(agree.low, w.low, 'low');
    close(agree.high, w.high, 'high');
    // Every question half right: no spread between questions → n·k = 16 samples.
    const flips = passAt1Estimate([2, 2, 2, 2], 4);
    close(flips.effectiveN, 16, 'n_eff');
    close(flips.low, wilsonInterval(8, 16).low, 'low');
  });

  it('is the Wilson interval over questions when k = 1, and cautious at 0 and 1', () => {
    const one = passAt1Estimate([1, 1, 1, 0, 0], 1);
    close(one.value, 0.6, 'value');
    close(one.low, wilsonInterval(3, 5).low, 'low');
    const all = passAt1Estimate([3, 3, 3], 3);
    assert.equal(all.value, 1);
    assert.equal(all.high, 1);
    close(all.low, wilsonInterval(3, 3).low, 'all right: n_eff = questions');
    assert.deepEqual(passAt1Estimate([], 4), { value: 0, low: 0, high: 1, questions: 0, samplesPerQuestion: 4, effectiveN: 0 });
  });
});
