/**
 * The Agreement section of the statistics view (issue 18): raters and how much each rated, per pair
 * Cohen's kappa (plain and linear-weighted) with the shared items and the confusion matrix, and over
 * all raters Fleiss' kappa and Krippendorff's alpha (ordinal). Rater names enter as text.
 */
import type { AgreementReport } from '../../src/shared/statsProtocol';
import { appendAll, h } from '../ui/dom';

const figure = (x: number | null): string => (x === null ? 'undefined' : x.toFixed(3));
/** The bootstrap interval of a kappa as the cell shows it; "—" with the reason on hover when there is none. */
const interval = (ci: [number, number] | null | undefined): string => (ci === undefined || ci === null ? '—' : `${ci[0].toFixed(3)} to ${ci[1].toFixed(3)}`);

const CI_NOTE = 'Seeded percentile bootstrap over the shared corrections (2,000 resamples); none when too few are shared for kappa to be defined on 95% of resamples.';

export function agreementSection(report: AgreementReport | undefined): HTMLElement {
  const section = h('section', { class: 'agreement', id: 'agreement' });
  section.append(
    h('h2', {}, 'Agreement'),
    h(
      'p',
      { class: 'note' },
      "How far the raters agree beyond chance. Cohen's kappa per pair of raters, plain and linear-weighted (poor < good < excellent), over the corrections both rated; Fleiss' kappa and Krippendorff's alpha (ordinal) over all raters and the corrections rated by two or more. 1 is perfect agreement, 0 what chance gives.",
    ),
  );
  if (report === undefined || report.raters.length === 0) {
    section.append(h('p', { class: 'empty' }, 'No ratings yet.'));
    return section;
  }
  section.append(
    h('p', { id: 'agreement-raters' }, `Raters: ${report.raters.map((r) => `${r.name} (${r.items})`).join(', ')}`),
    h(
      'p',
      { id: 'agreement-items' },
      `${report.items} corrections rated, ${report.itemsRatedByTwoOrMore} by two raters or more; ${report.openDisagreements} disagreement${report.openDisagreements === 1 ? '' : 's'} open, ${report.adjudicated} adjudicated.`,
    ),
  );
  if (report.raters.length < 2) {
    section.append(h('p', { class: 'empty' }, 'One rater so far: agreement needs two.'));
    return section;
  }
  const table = h('table', { class: 'agreement-pairs', id: 'agreement-pairs' });
  const head = h('tr');
  appendAll(head, ['Raters', 'Shared', "Cohen's kappa", '95% CI', 'Weighted kappa', '95% CI', 'Same rating'].map((t) => h('th', { scope: 'col' }, t)));
  table.append(head);
  for (const p of report.pairs) {
    const row = h('tr', { 'data-pair': `${p.a}|${p.b}` });
    appendAll(row, [
      h('th', { scope: 'row' }, `${p.a} × ${p.b}`),
      h('td', { class: 'shared' }, String(p.shared)),
      h('td', { class: 'kappa' }, figure(p.kappa)),
      h('td', { class: 'kappa-ci', title: CI_NOTE }, interval(p.kappaCi95)),
      h('td', { class: 'weighted-kappa' }, figure(p.weightedKappa)),
      h('td', { class: 'weighted-kappa-ci', title: CI_NOTE }, interval(p.weightedKappaCi95)),
      h('td', { class: 'same' }, p.agreement.text),
    ]);
    table.append(row);
  }
  section.append(table);
  const withInterval = (ci: [number, number] | null | undefined): string => (ci === undefined || ci === null ? '' : ` (95% CI ${interval(ci)})`);
  const overall = h(
    'p',
    { id: 'agreement-overall' },
    `Fleiss' kappa ${figure(report.fleissKappa)}${withInterval(report.fleissKappaCi95)} · Krippendorff's alpha (ordinal) ${figure(report.krippendorffAlpha)}${withInterval(report.krippendorffAlphaCi95)}`,
  );
  section.append(overall);
  for (const p of report.pairs) if (p.shared > 0) section.append(confusion(report.categories, p.a, p.b, p.confusion));
  return section;
}

function confusion(categories: readonly string[], a: string, b: string, cells: number[][]): HTMLElement {
  const table = h('table', { class: 'confusion', 'data-pair': `${a}|${b}` });
  table.append(h('caption', {}, `${a} (rows) × ${b} (columns)`));
  const head = h('tr');
  appendAll(head, [h('th', {}), ...categories.map((c) => h('th', { scope: 'col' }, c))]);
  table.append(head);
  cells.forEach((row, i) => {
    const tr = h('tr');
    appendAll(tr, [h('th', { scope: 'row' }, categories[i] ?? ''), ...row.map((n, j) => h('td', { class: i === j ? 'diagonal' : '' }, String(n)))]);
    table.append(tr);
  });
  return table;
}
