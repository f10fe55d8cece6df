/**
 * How far the raters of some runs agree: per rater how much they rated, per pair Cohen's kappa
 * (unweighted and linear-weighted) with the confusion matrix, and over all raters Fleiss' kappa and
 * Krippendorff's alpha (ordinal). An item is one correction of one run.
 */
import { readRatingBook, type RatingBook } from '../runs/ratingBook';
import type { Diagnostic } from '../diagnostic';
import { runDir } from '../store/layout';
import type { RatingValue } from '../review/ratingValue';
import { fleissKappa, krippendorffAlpha } from './agreement';
import type { AgreementPair, AgreementReport } from './agreementTypes';
import { rateEstimate } from './interval';
import { bootstrapInterval } from './bootstrap';
import { cohensKappa, kappaInterval } from './kappa';

/** The rating scale from low to high: the order weighted kappa and ordinal alpha use. */
export const RATING_SCALE: readonly RatingValue[] = ['poor', 'good', 'excellent'];

export function agreementReport(books: Iterable<RatingBook>): AgreementReport {
  const itemsBy = new Map<string, number>();
  const units: RatingValue[][] = [];
  // Pair "a\u0000b" (a < b) → the two ratings of each shared item.
  const shared = new Map<string, Array<readonly [RatingValue, RatingValue]>>();
  let items = 0;
  let openDisagreements = 0;
  let adjudicated = 0;
  for (const book of books) {
    for (const [correctionId, byRater] of book.rated()) {
      if (byRater.size === 0) continue;
      items++;
      if (book.disagree(correctionId) && book.adjudicationOf(correctionId) === undefined) openDisagreements++;
      const raters = [...byRater.keys()].sort((x, y) => x.localeCompare(y));
      for (const r of raters) itemsBy.set(r, (itemsBy.get(r) ?? 0) + 1);
      units.push(raters.map((r) => (byRater.get(r) as { rating: RatingValue }).rating));
      for (let i = 0; i < raters.length; i++) {
        for (let j = i + 1; j < raters.length; j++) {
          const a = raters[i] as string;
          const b = raters[j] as string;
          const key = `${a}\u0000${b}`;
          let list = shared.get(key);
          if (list === undefined) shared.set(key, (list = []));
          list.push([(byRater.get(a) as { rating: RatingValue }).rating, (byRater.get(b) as { rating: RatingValue }).rating]);
        }
      }
    }
    adjudicated += book.adjudicationCount;
  }
  const names = [...itemsBy.keys()].sort((x, y) => x.localeCompare(y));
  const pairs: AgreementPair[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i] as string;
      const b = names[j] as string;
      const list = shared.get(`${a}\u0000${b}`) ?? [];
      const plain = cohensKappa(list, { categories: RATING_SCALE });
      const weighted = cohensKappa(list, { categories: RATING_SCALE, weights: 'linear' });
      const same = list.filter(([x, y]) => x === y).length;
      const cells = list.map(([x, y]) => [RATING_SCALE.indexOf(x), RATING_SCALE.indexOf(y)] as const);
      pairs.push({
        a,
        b,
        shared: list.length,
        kappa: plain.kappa,
        weightedKappa: weighted.kappa,
        kappaCi95: kappaInterval(cells, RATING_SCALE.length, 'none'),
        weightedKappaCi95: kappaInterval(cells, RATING_SCALE.length, 'linear'),
        agreement: rateEstimate(same, list.length),
        confusion: plain.confusion,
      });
    }
  }
  return {
    categories: [...RATING_SCALE],
    raters: names.map((name) => ({ name, items: itemsBy.get(name) ?? 0 })),
    items,
    itemsRatedByTwoOrMore: units.filter((u) => u.length >= 2).length,
    pairs,
    fleissKappa: fleissKappa(units, RATING_SCALE).value,
    fleissKappaCi95: overallInterval(units, (sample) => fleissKappa(sample, RATING_SCALE).value),
    krippendorffAlpha: krippendorffAlpha(units, RATING_SCALE, 'ordinal').value,
    krippendorffAlphaCi95: overallInterval(units, (sample) => krippendorffAlpha(sample, RATING_SCALE, 'ordinal').value),
    openDisagreements,
    adjudicated,
  };
}

/**
 * The bootstrap interval of an all-raters figure, resampling the corrections rated by two or more
 * (the only ones the figures use), as the pairwise kappas resample their shared corrections.
 */
function overallInterval(units: readonly RatingValue[][], figure: (sample: RatingValue[][]) => number | null): [number, number] | null {
  const rated = units.filter((u) => u.length >= 2);
  return bootstrapInterval(rated.length, (draw) => figure(Array.from({ length: rated.length }, () => rated[draw()] as RatingValue[])));
}

/** The agreement report of some runs of a workspace, read from their ratings files. */
export async function loadAgreement(workspaceDir: string, runIds: readonly string[], onDiagnostic: (d: Diagnostic) => void = () => undefined): Promise<AgreementReport> {
  const books: RatingBook[] = [];
  for (const id of runIds) books.push(await readRatingBook(runDir(workspaceDir, id), onDiagnostic));
  return agreementReport(books);
}

const fixed = (x: number | null): string => (x === null ? 'undefined' : x.toFixed(3));

/** "(95% CI 0.120–0.710)", or why there is none; shared with the Statistics view. */
export function kappaIntervalText(ci: [number, number] | null | undefined): string {
  if (ci === undefined) return '';
  return ci === null ? '(no 95% CI: too few items)' : `(95% CI ${ci[0].toFixed(3)} to ${ci[1].toFixed(3)})`;
}

/** The report as the CLI prints it: raters, pairs with their confusion matrices, the overall figures. */
export function formatAgreement(r: AgreementReport): string[] {
  const lines: string[] = [];
  lines.push(`Raters: ${r.raters.length === 0 ? 'none yet' : r.raters.map((x) => `${x.name} (${x.items})`).join(', ')}`);
  lines.push(`Items rated: ${r.items}; by two raters or more: ${r.itemsRatedByTwoOrMore}; open disagreements: ${r.openDisagreements}; adjudicated: ${r.adjudicated}`);
  for (const p of r.pairs) {
    lines.push('');
    if (p.shared === 0) {
      lines.push(`${p.a} × ${p.b}: no correction rated by both`);
      continue;
    }
    lines.push(`${p.a} × ${p.b}: ${p.shared} shared; Cohen's kappa ${fixed(p.kappa)} ${kappaIntervalText(p.kappaCi95)}, linear-weighted ${fixed(p.weightedKappa)} ${kappaIntervalText(p.weightedKappaCi95)}; same rating ${p.agreement.text}`);
    const width = r.categories.reduce((w, c) => Math.max(w, c.length + 1), 9);
    lines.push(`  ${`${p.a} ↓ / ${p.b} →`}`);
    lines.push(`  ${''.padEnd(width)}${r.categories.map((c) => c.padStart(width)).join('')}`);
    p.confusion.forEach((row, i) => lines.push(`  ${(r.categories[i] ?? '').padEnd(width)}${row.map((n) => String(n).padStart(width)).join('')}`));
  }
  lines.push('');
  lines.push(`Fleiss' kappa (all raters): ${fixed(r.fleissKappa)} ${kappaIntervalText(r.fleissKappaCi95)}`.trimEnd());
  lines.push(`Krippendorff's alpha (ordinal, all raters): ${fixed(r.krippendorffAlpha)} ${kappaIntervalText(r.krippendorffAlphaCi95)}`.trimEnd());
  return lines;
}
