/**
 * Every agreement figure against values worked out by hand (the arithmetic is in the comments), on
 * small rating tables: perfect agreement, agreement at chance, a 3×3 table, missing ratings, one rater.
 */
import { strict as assert } from 'node:assert';
import { RatingBook } from '../../../src/core/runs/ratingBook';
import type { RatingValue } from '../../../src/core/review/ratingValue';
import { fleissKappa, krippendorffAlpha } from '../../../src/core/stats/agreement';
import { agreementReport, formatAgreement, RATING_SCALE } from '../../../src/core/stats/agreementReport';
import { newRating } from '../../../src/core/store/ratings';

const P = 'poor';
const G = 'good';
const E = 'excellent';

const near = (actual: number | null, expected: number, what = ''): void => {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what} ${actual} ≠ ${expected}`);
};

/** A book from a table: one row per correction, rater → rating (a missing rater did not rate it). */
function bookOf(rows: ReadonlyArray<Readonly<Record<string, RatingValue>>>): RatingBook {
  const book = new RatingBook();
  rows.forEach((row, i) => {
    for (const [rater, value] of Object.entries(row)) book.add(newRating(`c${i + 1}`, value, '', new Date(Date.UTC(2026, 0, 1, 0, i)), rater), rater);
  });
  return book;
}

/** Two raters' rows from a confusion matrix over poor, good, excellent (rows: a, columns: b). */
function rowsOf(confusion: number[][]): Array<Record<string, RatingValue>> {
  const rows: Array<Record<string, RatingValue>> = [];
  confusion.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) rows.push({ a: RATING_SCALE[i] as RatingValue, b: RATING_SCALE[j] as RatingValue });
    }),
  );
  return rows;
}

describe('agreement of several raters', () => {
  it('perfect agreement: every figure is 1', () => {
    const r = agreementReport([bookOf([{ a: E, b: E }, { a: G, b: G }, { a: P, b: P }, { a: G, b: G }])]);
    assert.deepEqual(r.raters, [{ name: 'a', items: 4 }, { name: 'b', items: 4 }]);
    assert.equal(r.items, 4);
    assert.equal(r.itemsRatedByTwoOrMore, 4);
    const [pair] = r.pairs;
    assert.equal(pair?.shared, 4);
    near(pair?.kappa ?? null, 1);
    near(pair?.weightedKappa ?? null, 1);
    assert.deepEqual(pair?.confusion, [[1, 0, 0], [0, 2, 0], [0, 0, 1]]);
    assert.equal(pair?.agreement.successes, 4);
    near(r.fleissKappa, 1);
    near(r.krippendorffAlpha, 1);
    assert.equal(r.openDisagreements, 0);
  });

  it('agreement at chance: kappa 0, alpha 0.125 (its small-sample correction)', () => {
    // (E,E), (E,P), (P,E), (P,P): po = 2/4; margins 2/4 each way, pe = 0.5·0.5 + 0.5·0.5 = 0.5 → kappa 0.
    // Fleiss: unit agreement 1, 0, 0, 1 → P̄ = 0.5; p_E = p_P = 4/8 → P̄e = 0.5 → 0.
    // Alpha: o_EE = 2, o_PP = 2, o_EP = o_PE = 2; n_E = n_P = 4, n = 8; ordinal δ²(P,E) = (8 − 4)² = 16
    //   (good, unused, adds nothing): alpha = 1 − 7·(2+2)·16 / (2·4·4·16) = 1 − 28/32 = 0.125.
    const r = agreementReport([bookOf([{ a: E, b: E }, { a: E, b: P }, { a: P, b: E }, { a: P, b: P }])]);
    near(r.pairs[0]?.kappa ?? null, 0);
    // Linear weights, k = 3: E–P is two steps apart, weight 0, so the weighted table is the same: 0.
    near(r.pairs[0]?.weightedKappa ?? null, 0);
    near(r.fleissKappa, 0);
    near(r.krippendorffAlpha, 0.125);
    assert.equal(r.openDisagreements, 2);
  });

  it('a 3×3 table: kappa 59/101, weighted 0.625, Fleiss 393/673, alpha 1 − 159·191340/93350400', () => {
    // rows a, columns b, over poor, good, excellent; n = 80.
    const confusion = [
      [10, 3, 2],
      [4, 20, 6],
      [1, 5, 29],
    ];
    // po = 59/80; rows 15, 30, 35; columns 15, 28, 37; pe = (225 + 840 + 1295)/6400 = 2360/6400
    // kappa = (59/80 − 2360/6400) / (1 − 2360/6400) = 2360/4040 = 59/101.
    // Linear weights 1, ½, 0: po_w = (59 + ½·18)/80 = 0.85; pe_w = (2360 + ½·2960)/6400 = 0.6; kappa_w = 0.25/0.4 = 0.625.
    // Fleiss (2 raters a unit): P̄ = 59/80; p = 30/160, 58/160, 72/160; P̄e = 9448/25600;
    //   kappa = (18880 − 9448)/(25600 − 9448) = 9432/16152 = 393/673.
    // Alpha: o = C + Cᵀ = [[20,7,3],[7,40,11],[3,11,58]]; n = 30, 58, 72 (160);
    //   δ²(P,G) = 44² = 1936, δ²(G,E) = 65² = 4225, δ²(P,E) = (160 − 51)² = 11881;
    //   Σoδ² = 2·(7·1936 + 11·4225 + 3·11881) = 191340; Σnnδ² = 2·(1740·1936 + 4176·4225 + 2160·11881) = 93350400.
    const r = agreementReport([bookOf(rowsOf(confusion))]);
    const [pair] = r.pairs;
    assert.equal(pair?.shared, 80);
    assert.deepEqual(pair?.confusion, confusion);
    near(pair?.kappa ?? null, 59 / 101, 'kappa');
    near(pair?.weightedKappa ?? null, 0.625, 'weighted');
    near(r.fleissKappa, 393 / 673, 'fleiss');
    near(r.krippendorffAlpha, 1 - (159 * 191340) / 93350400, 'alpha');
    assert.equal(pair?.agreement.n, 80);
    assert.equal(pair?.agreement.successes, 59);
  });

  it('missing ratings: three raters, some corrections rated by one or two', () => {
    const rows: Array<Record<string, RatingValue>> = [
      { A: E, B: E, C: E },
      { A: G, B: G, C: P },
      { A: P, B: P },
      { A: E, C: G },
      { B: G },
    ];
    const r = agreementReport([bookOf(rows)]);
    assert.deepEqual(r.raters, [{ name: 'A', items: 4 }, { name: 'B', items: 4 }, { name: 'C', items: 3 }]);
    assert.equal(r.items, 5);
    assert.equal(r.itemsRatedByTwoOrMore, 4, 'the one rated by B alone cannot agree or disagree');
    const pair = (a: string, b: string) => r.pairs.find((p) => p.a === a && p.b === b);
    assert.equal(pair('A', 'B')?.shared, 3);
    near(pair('A', 'B')?.kappa ?? null, 1);
    // A × C: (E,E), (G,P), (E,G): po = 1/3; rows A 0,1,2; columns C 1,1,1; pe = (0 + 1 + 2)/9 = 1/3 → 0.
    assert.equal(pair('A', 'C')?.shared, 3);
    near(pair('A', 'C')?.kappa ?? null, 0);
    assert.equal(pair('B', 'C')?.shared, 2);
    // Fleiss, units with two or more: P_i = 1, (2·1)/(3·2) = 1/3, 1, 0 → P̄ = 7/12;
    //   p = E 4/10, G 3/10, P 3/10 → P̄e = 0.34; kappa = (7/12 − 17/50)/(33/50) = 73/198.
    near(r.fleissKappa, 73 / 198, 'fleiss');
    // Alpha: o_EE = 3 (6 ordered pairs / 2), o_GG = 1, o_GP = o_PG = 1 (2 pairs / 2 each way), o_PP = 2, o_EG = o_GE = 1;
    //   n = E 4, G 3, P 3 (10); δ²(P,G) = 3² = 9, δ²(G,E) = 3.5² = 12.25, δ²(P,E) = 6.5² = 42.25;
    //   Σoδ² = 2·(9 + 12.25) = 42.5; Σnnδ² = 2·(9·9 + 12·12.25 + 12·42.25) = 1470; alpha = 1 − 9·42.5/1470.
    near(r.krippendorffAlpha, 1 - (9 * 42.5) / 1470, 'alpha');
    assert.equal(r.openDisagreements, 2);
  });

  it('a single rater: counts, no pairs, no overall figure', () => {
    const r = agreementReport([bookOf([{ ann: E }, { ann: P }])]);
    assert.deepEqual(r.raters, [{ name: 'ann', items: 2 }]);
    assert.equal(r.itemsRatedByTwoOrMore, 0);
    assert.deepEqual(r.pairs, []);
    assert.equal(r.fleissKappa, null);
    assert.equal(r.krippendorffAlpha, null);
    assert.match(formatAgreement(r).join('\n'), /Fleiss' kappa \(all raters\): undefined/);
  });

  it('everyone gave one rating only: kappa and alpha are undefined, not 1', () => {
    const r = agreementReport([bookOf([{ a: G, b: G }, { a: G, b: G }])]);
    assert.equal(r.pairs[0]?.kappa, null);
    assert.equal(r.fleissKappa, null);
    assert.equal(r.krippendorffAlpha, null);
  });

  it('nominal alpha differs from ordinal where the distance matters', () => {
    // Units (P,E) and (G,G), (G,G): nominal counts P–E as one disagreement like any other; ordinal weighs it by what lies between.
    const units = [[P, E], [G, G], [G, G]];
    // o_PE = o_EP = 1, o_GG = 4; n = P 1, G 4, E 1 (6). Nominal: 1 − 5·2/(2·1·1 + 2·1·4 + 2·1·4) = 1 − 10/18.
    near(krippendorffAlpha(units, RATING_SCALE, 'nominal').value, 1 - 10 / 18);
    // Ordinal: δ²(P,G) = (5 − 2.5)² = 6.25, δ²(G,E) = 6.25, δ²(P,E) = (6 − 1)² = 25;
    //   1 − 5·(2·25)/(2·(4·6.25 + 4·6.25 + 1·25)) = 1 − 250/150.
    near(krippendorffAlpha(units, RATING_SCALE, 'ordinal').value, 1 - 250 / 150);
    assert.equal(fleissKappa([[P]], RATING_SCALE).units, 0);
  });

  it('items of several runs count apart', () => {
    const r = agreementReport([bookOf([{ a: E, b: E }]), bookOf([{ a: P, b: G }])]);
    assert.equal(r.items, 2, 'c1 of each run is a different correction');
    assert.equal(r.pairs[0]?.shared, 2);
  });

  it('every kappa and alpha carries a bootstrap 95% interval around it once enough corrections are shared', () => {
    // The 3×3 table of above, ten times over (800 shared corrections): the point values, each inside its interval.
    const r = agreementReport([bookOf(rowsOf([[210, 60, 20], [40, 160, 30], [10, 20, 250]]))]);
    const pair = r.pairs[0];
    const inside = (ci: [number, number] | null | undefined, value: number | null, what: string): void => {
      assert.ok(ci !== null && ci !== undefined && value !== null, `${what}: an interval`);
      assert.ok(ci[0] < value && value < ci[1] && ci[1] - ci[0] < 0.15, `${what}: ${value} in ${ci}`);
    };
    inside(pair?.kappaCi95, pair?.kappa ?? null, 'kappa');
    inside(pair?.weightedKappaCi95, pair?.weightedKappa ?? null, 'weighted kappa');
    inside(r.fleissKappaCi95, r.fleissKappa, 'Fleiss');
    inside(r.krippendorffAlphaCi95, r.krippendorffAlpha, 'alpha');
    assert.match(formatAgreement(r).join('\n'), /Cohen's kappa 0\.\d{3} \(95% CI 0\.\d{3} to 0\.\d{3}\)/);
    // Two shared corrections: no interval is claimed, and the text says why.
    const few = agreementReport([bookOf([{ a: E, b: E }, { a: G, b: P }])]);
    assert.equal(few.pairs[0]?.kappaCi95, null);
    assert.match(formatAgreement(few).join('\n'), /no 95% CI: too few items/);
  });
});
