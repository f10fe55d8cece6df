import { strict as assert } from 'node:assert';
import { pairResults, type QuestionOutcome } from '../../../src/core/experiment/report';
import type { ModelRoleInExperiment } from '../../../src/core/experiment/types';

/** Questions q0… with (majority right, right samples of 4) per model. */
function model(rows: Array<[boolean, number]>): Map<string, QuestionOutcome> {
  return new Map(rows.map(([majorityCorrect, right], i) => [`q${i}`, { majorityCorrect, passRate: right / 4 }]));
}

describe('experiment pairs: McNemar on majority verdicts and the sign test on per-question pass@1', () => {
  it('counts by hand: majorities all right (McNemar p = 1), yet LEMA higher on 6 questions and lower on none', () => {
    // CoT-only right on 3 of 4 samples of q0–q5 and 4 of 4 of q6–q9; LEMA 4 of 4 everywhere.
    const cot = model([...Array.from({ length: 6 }, (): [boolean, number] => [true, 3]), ...Array.from({ length: 4 }, (): [boolean, number] => [true, 4])]);
    const lema = model(Array.from({ length: 10 }, (): [boolean, number] => [true, 4]));
    const base = model(Array.from({ length: 10 }, (_, i): [boolean, number] => [i >= 2, i >= 2 ? 3 : 1]));
    const outcomes = new Map<ModelRoleInExperiment, Map<string, QuestionOutcome>>([
      ['base', base],
      ['cot', cot],
      ['lema', lema],
    ]);
    const [cotLema, baseCot] = pairResults(outcomes);
    assert.equal(cotLema?.mcnemarP, 1);
    assert.equal(cotLema?.significant, false);
    // Sign test, 0 of 6 under p = 1/2: 2 · (1/2)^6 = 1/32 = 0.03125.
    const { p, ...counts } = cotLema?.passAt1Sign ?? { p: NaN };
    assert.deepEqual(counts, { aHigher: 0, bHigher: 6, same: 4, significant: true });
    assert.ok(Math.abs(p - 2 / 64) < 1e-12, `p = ${p}`);
    assert.match(cotLema?.text ?? '', /McNemar exact p = 1\.000 — no significant difference at the 5% level\. By pass@1 per question: LEMA higher on 6, CoT-only higher on 0, the same on 4; sign test p = 0\.031 — LEMA is better at the 5% level/);
    // base vs CoT-only: majority differs on q0, q1 (only CoT right) → McNemar 2 · (1/2)^2 = 0.5.
    assert.equal(baseCot?.onlyB, 2);
    assert.equal(baseCot?.mcnemarP, 0.5);
    // pass@1: CoT higher on q0, q1 (3 vs 1) and q6–q9 (4 vs 3); the same on q2–q5.
    assert.deepEqual(baseCot?.passAt1Sign && { a: baseCot.passAt1Sign.aHigher, b: baseCot.passAt1Sign.bHigher, same: baseCot.passAt1Sign.same }, { a: 0, b: 6, same: 4 });
  });

  it('compares only the questions both models answered, and with none says nothing is different', () => {
    const outcomes = new Map<ModelRoleInExperiment, Map<string, QuestionOutcome>>([
      ['cot', model([[true, 4]])],
      ['lema', new Map([['other', { majorityCorrect: true, passRate: 1 }]])],
    ]);
    const [pair] = pairResults(outcomes);
    assert.deepEqual(pair?.passAt1Sign, { aHigher: 0, bHigher: 0, same: 0, p: 1, significant: false });
    assert.equal(pair?.mcnemarP, 1);
  });
});
