/**
 * The comparison of correction variants on tables written here, checked against values worked out
 * by hand: the per-variant counts and Wilson intervals, the paired table and McNemar's exact p, the
 * share of same incorrect steps and Cohen's kappa, the ratings, tokens and cost, and the blind votes
 * with their sign test; and the edge cases (no corrections, nothing paired, all agree).
 */
import { strict as assert } from 'node:assert';
import type { CorrectionRecord } from '../../../src/core/pipeline/records';
import type { Rating, RatingValue } from '../../../src/core/store/ratings';
import { preferenceRecord, VariantComparison, type PreferenceChoice, type Variant } from '../../../src/core/variants';

function variant(id: string, model: string, original: boolean): Variant {
  return { id, original, model: { baseUrl: 'http://127.0.0.1:1/v1', model, api: 'chat', sampling: {} }, prompt: { text: id, sha256: `${id}sha`, file: `prompts/${id}.fewshot.txt` }, createdAt: '2026-01-01T00:00:00Z' };
}

const A = variant('aaaaaaaa', 'corrector-a', true);
const B = variant('bbbbbbbb', 'corrector-b', false);

/** One correction: `step` undefined = unparseable. */
function c(v: Variant | undefined, pathId: string, verified: boolean, step: number | undefined, extra: Partial<CorrectionRecord> = {}): CorrectionRecord {
  return {
    id: `${v?.id ?? 'old'}-${pathId}-${extra.correctionIndex ?? 0}`,
    pathId,
    questionId: `q-${pathId}`,
    model: v?.model.model ?? 'corrector-a',
    promptSha256: v?.prompt.sha256 ?? 'aaaaaaaasha',
    ...(v === undefined ? {} : { variant: v.id }),
    correctionIndex: 0,
    raw: '',
    outcome: step === undefined ? 'unparseable' : 'parsed',
    ...(step === undefined ? {} : { incorrectStep: step }),
    answer: null,
    verified,
    usage: v === B ? { promptTokens: 1000, completionTokens: 100 } : { promptTokens: 100, completionTokens: 20 },
    createdAt: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

function rating(correctionId: string, value: RatingValue): [string, Rating] {
  return [correctionId, { id: `r-${correctionId}`, correctionId, rating: value, at: '2026-01-02T00:00:00Z' }];
}

/**
 * Six mistakes m1..m6. A verifies m1..m5 (its first correction of m6 fails; a second one, index 1,
 * verifies but does not stand for A in the pairing); B verifies m1, m2 and m6.
 *   paired table: both m1 m2 = 2, only A m3 m4 m5 = 3, only B m6 = 1, neither 0.
 *   McNemar exact: 2 · P(X ≤ 1 | n = 4, ½) = 2 · (1 + 4)/16 = 0.625.
 * Steps named (A, B): m1 (2,2) m2 (3,3) m3 (2,3) m4 (1,1) m5 (2,2); B's m6 is unparseable: n = 5, 4 agree.
 *   observed 0.8; margins A {1:1, 2:3, 3:1}, B {1:1, 2:2, 3:2}: chance (1·1 + 3·2 + 1·2)/25 = 0.36;
 *   kappa (0.8 − 0.36)/(1 − 0.36) = 0.6875.
 */
function sixMistakes(): CorrectionRecord[] {
  return [
    c(A, 'm1', true, 2),
    c(A, 'm2', true, 3, { cached: true }),
    c(A, 'm3', true, 2),
    c(A, 'm4', true, 1),
    c(A, 'm5', true, 2),
    c(A, 'm6', false, 3),
    c(A, 'm6', true, 3, { correctionIndex: 1 }),
    c(B, 'm1', true, 2),
    c(B, 'm2', true, 3),
    c(B, 'm3', false, 3),
    c(B, 'm4', false, 1),
    c(B, 'm5', false, 2),
    c(B, 'm6', true, undefined),
  ];
}

const PRICES = { 'corrector-b': { inputPerMillion: 10, outputPerMillion: 30 } };

function comparison(corrections: readonly CorrectionRecord[], ratings: [string, Rating][] = [], variants: Variant[] = [A, B]): VariantComparison {
  const cmp = new VariantComparison('run-x', 'run x', variants, new Map(ratings), PRICES);
  for (const row of corrections) cmp.correction(row);
  return cmp;
}

function vote(cmp: VariantComparison, who: string, pathId: string, shownFirst: Variant, choice: PreferenceChoice, minute: number): void {
  const second = shownFirst === A ? B : A;
  const shown = [
    { variant: shownFirst.id, correctionId: `${shownFirst.id}-${pathId}-0` },
    { variant: second.id, correctionId: `${second.id}-${pathId}-0` },
  ] as const;
  cmp.preference(preferenceRecord({ pathId, questionId: `q-${pathId}`, shown, choice, who }, new Date(Date.UTC(2026, 0, 3, 0, minute))));
}

const close = (actual: number | null | undefined, expected: number, digits = 6): void => {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 10 ** -digits, `${String(actual)} ≈ ${expected}`);
};

describe('comparing correction variants', () => {
  it('counts each variant: corrections, parsed, verified, the verify rate with its Wilson interval', () => {
    const report = comparison(sixMistakes()).report();
    const [a, b] = report.variants;
    assert.ok(a !== undefined && b !== undefined);
    assert.deepEqual([a.corrections, a.parsed, a.verified, a.mistakes], [7, 7, 6, 6]);
    assert.deepEqual([b.corrections, b.parsed, b.verified, b.mistakes], [6, 5, 3, 6]);
    // 6/7: p = 0.857, z²/n = 0.5488; centre (0.857 + 0.2744)/1.5488 = 0.7306, half 0.2437 → [0.4869, 0.9743].
    close(a.verifyRate, 6 / 7);
    close(a.verifyCi95[0], 0.486872, 5);
    close(a.verifyCi95[1], 0.974320, 5);
    // 3/6: symmetric around ½ → [0.1876, 0.8124].
    close(b.verifyCi95[0], 0.187616, 5);
    close(b.verifyCi95[1], 0.812384, 5);
    assert.equal(a.verify.text, '85.7% (n = 7, 95% CI 48.7–97.4%)');
    assert.equal(a.promptFile, 'prompts/aaaaaaaa.fewshot.txt');
    assert.equal(a.original, true);
  });

  it('pairs the mistakes both corrected by their first corrections: the table and McNemar exact p = 0.625', () => {
    const [pair] = comparison(sixMistakes()).report().pairs;
    assert.ok(pair !== undefined);
    assert.deepEqual([pair.paired, pair.bothVerified, pair.onlyA, pair.onlyB, pair.neither], [6, 2, 3, 1, 0]);
    close(pair.mcnemarP, 0.625);
    assert.equal(pair.significant, false);
    assert.match(pair.verdict, /^A verified more often here, but the difference is not significant \(McNemar exact p = 0\.625, not significant at the 5% level\)$/);
    assert.equal(pair.pairedA.text, '83.3% (n = 6, 95% CI 43.6–97.0%)');
    assert.equal(pair.pairedB.successes, 3);
  });

  it('agreement on the incorrect step: 4 of 5 the same, Cohen kappa 0.6875', () => {
    const [pair] = comparison(sixMistakes()).report().pairs;
    assert.ok(pair !== undefined);
    assert.equal(pair.stepPairs, 5);
    close(pair.sameStep, 0.8);
    close(pair.stepKappa, 0.6875);
    // 4/5 → Wilson [0.3755, 0.9638].
    close(pair.sameStepRate.low, 0.375535, 5);
  });

  it('the cells list their mistakes; paired mistakes carry the two first corrections', () => {
    const cmp = comparison(sixMistakes());
    assert.deepEqual(cmp.cell(A.id, B.id, 'onlyA').map((m) => m.pathId), ['m3', 'm4', 'm5']);
    assert.deepEqual(cmp.cell(A.id, B.id, 'onlyB'), [{ pathId: 'm6', questionId: 'q-m6' }]);
    assert.deepEqual(cmp.cell(B.id, A.id, 'onlyA').map((m) => m.pathId), ['m6'], 'a cell is seen from the pair as asked');
    assert.deepEqual(cmp.cell(A.id, B.id, 'neither'), []);
    const m6 = cmp.pairedMistakes(A.id, B.id).find((m) => m.pathId === 'm6');
    assert.deepEqual(m6, { pathId: 'm6', questionId: 'q-m6', a: 'aaaaaaaa-m6-0', b: 'bbbbbbbb-m6-0' });
  });

  it('ratings by the rating in force (unrated = verified and unrated), tokens of paid calls, and cost', () => {
    const report = comparison(sixMistakes(), [rating('aaaaaaaa-m1-0', 'good'), rating('aaaaaaaa-m2-0', 'excellent'), rating('bbbbbbbb-m1-0', 'poor')]).report();
    const [a, b] = report.variants;
    assert.ok(a !== undefined && b !== undefined);
    assert.deepEqual(a.ratings, { excellent: 1, good: 1, poor: 0, unrated: 4 });
    assert.deepEqual(b.ratings, { excellent: 0, good: 0, poor: 1, unrated: 2 });
    assert.equal(a.ratingShares.good.text, '50.0% (n = 2, 95% CI 9.5–90.5%)');
    // A: 6 paid calls × (100 in, 20 out), one cached; no price for corrector-a.
    assert.deepEqual([a.promptTokens, a.completionTokens, a.cachedCalls, a.costUsd], [600, 120, 1, null]);
    // B: 6 × (1000 in, 100 out) at $10 and $30 per million: 0.06 + 0.018.
    assert.deepEqual([b.promptTokens, b.completionTokens], [6000, 600]);
    close(b.costUsd, 0.078);
  });

  it('blind votes: the last vote of a rater on a mistake counts; win rate and sign test p = 58/128', () => {
    const cmp = comparison(sixMistakes());
    vote(cmp, 'r1', 'm1', A, 'first', 1); // A
    vote(cmp, 'r1', 'm2', A, 'second', 2); // B
    vote(cmp, 'r1', 'm3', B, 'second', 3); // A, then changed:
    vote(cmp, 'r1', 'm3', A, 'second', 4); // B
    vote(cmp, 'r1', 'm4', B, 'tie', 5);
    vote(cmp, 'r2', 'm1', B, 'second', 6); // A
    vote(cmp, 'r2', 'm2', A, 'first', 7); // A
    vote(cmp, 'r2', 'm3', B, 'second', 8); // A
    vote(cmp, 'r2', 'm4', A, 'first', 9); // A
    const [pair] = cmp.report().pairs;
    assert.ok(pair !== undefined);
    assert.deepEqual(pair.preferences, { a: 5, b: 2, tie: 1 });
    // Sign test: 2 · P(X ≤ 2 | n = 7, ½) = 2 · (1 + 7 + 21)/128 = 58/128.
    close(pair.preferenceP, 58 / 128);
    assert.equal(pair.preferenceRate.text, '71.4% (n = 7, 95% CI 35.9–91.8%)');
    assert.match(pair.preferenceVerdict, /^A was preferred more often, but not significantly \(sign test p = 0\.453/);
    assert.equal(cmp.votedBy(B.id, A.id, 'r1', 'm3'), true);
    assert.equal(cmp.votedBy(A.id, B.id, 'r2', 'm5'), false);
  });

  it('edge cases: a variant with no corrections (n = 0), nothing paired, no votes', () => {
    const report = comparison([c(A, 'm1', true, 1)]).report();
    const b = report.variants[1];
    assert.ok(b !== undefined);
    assert.equal(b.verifyRate, null);
    assert.deepEqual(b.verifyCi95, [0, 1]);
    assert.equal(b.verify.text, 'no data (n = 0)');
    const [pair] = report.pairs;
    assert.ok(pair !== undefined);
    assert.deepEqual([pair.paired, pair.mcnemarP, pair.sameStep, pair.stepKappa, pair.stepPairs], [0, 1, null, null, 0]);
    assert.equal(pair.verdict, 'no mistake was corrected by both, so nothing to compare');
    assert.equal(pair.preferenceVerdict, 'no blind votes yet');
    assert.equal(pair.preferenceP, 1);
  });

  it('all agree: the same verdicts give p = 1, the same steps kappa = 1; rows without a variant are the original one', () => {
    const rows = [c(undefined, 'm1', true, 1), c(undefined, 'm2', false, 2), c(B, 'm1', true, 1), c(B, 'm2', false, 2)];
    const [pair] = comparison(rows).report().pairs;
    assert.ok(pair !== undefined);
    assert.deepEqual([pair.paired, pair.bothVerified, pair.onlyA, pair.onlyB, pair.neither], [2, 1, 0, 0, 1]);
    assert.equal(pair.mcnemarP, 1);
    assert.equal(pair.sameStep, 1);
    assert.equal(pair.stepKappa, 1);
    assert.match(pair.verdict, /verify equally often on the 2 paired mistakes/);
    // One step only on both sides: chance agreement is already perfect, kappa undefined.
    const one = comparison([c(A, 'm1', true, 2), c(B, 'm1', true, 2)]).report().pairs[0];
    assert.equal(one?.stepKappa, null);
    assert.equal(one?.sameStep, 1);
  });

  it('a repeated row counts once; a correction of an unknown variant not at all; --variants order is kept', () => {
    const rows = sixMistakes();
    const cmp = comparison([...rows, rows[0] as CorrectionRecord, c(variant('cccccccc', 'x', false), 'm1', true, 1)]);
    assert.equal(cmp.report().variants[0]?.corrections, 7);
    const swapped = cmp.report([B.id, A.id]);
    assert.deepEqual(swapped.variants.map((v) => v.id), [B.id, A.id]);
    assert.deepEqual([swapped.pairs[0]?.onlyA, swapped.pairs[0]?.onlyB], [1, 3]);
  });
});
