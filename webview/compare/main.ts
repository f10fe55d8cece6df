/**
 * The comparison view of a run's correction variants: a verify-rate chart with 95% intervals, the
 * variants' table, and per pair the paired 2×2 table (a click on a cell lists its mistakes in the
 * Datasets tree), McNemar's exact test, agreement on the incorrect step and the blind votes.
 * Every text is set as textContent.
 */
import { PendingAnswers } from '../../src/shared/messages';
import { isHostToCompareView, type CompareViewToHost, type ComparisonReport, type HostToCompareView, type PairCell } from '../../src/shared/compareProtocol';
import { appendAll, h, replaceAll } from '../ui/dom';
import { barChart, type Bar } from '../stats/chart';

declare function acquireVsCodeApi(): { postMessage(message: CompareViewToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

type Report = ComparisonReport;
type Pair = Report['pairs'][number];
type Variant = Report['variants'][number];
type Rate = Variant['verify'];

const thousands = (n: number): string => n.toLocaleString('en-US');

function rateBar(label: string, rate: Rate, sublabel?: string): Bar {
  return { label, values: [rate.value], interval: { low: rate.low, high: rate.high }, text: rate.text, ...(sublabel === undefined ? {} : { sublabel }) };
}

/** A, B, C… in the order the report lists the variants. */
function letters(report: Report): (id: string) => string {
  const map = new Map(report.variants.map((v, i) => [v.id, String.fromCharCode(65 + (i % 26))]));
  return (id) => map.get(id) ?? id;
}

function variantsTable(report: Report, letter: (id: string) => string): HTMLTableElement {
  const table = h('table', { class: 'variants' });
  const head = h('tr');
  appendAll(
    head,
    ['', 'Variant', 'Corrector', 'Prompt', 'Corrections', 'Parsed', 'Verified', 'Verify rate', 'Ratings', 'Tokens', 'Cost'].map((t) => h('th', { scope: 'col' }, t)),
  );
  const thead = h('thead');
  thead.append(head);
  const body = h('tbody');
  for (const v of report.variants) {
    const tr = h('tr', { 'data-variant': v.id });
    const cells = [
      letter(v.id),
      v.id + (v.original ? ' (the run’s own)' : ''),
      v.model,
      v.promptFile ?? `prompt ${v.promptSha256.slice(0, 8)} (from an editor)`,
      thousands(v.corrections),
      `${thousands(v.parsed)} · ${v.parse.text}`,
      thousands(v.verified),
      v.verify.text,
      `excellent ${v.ratings.excellent} · good ${v.ratings.good} · poor ${v.ratings.poor} · unrated ${v.ratings.unrated}`,
      `${thousands(v.promptTokens)} in · ${thousands(v.completionTokens)} out${v.cachedCalls > 0 ? ` · ${v.cachedCalls} cached` : ''}`,
      v.costUsd === null ? 'no price' : `$${v.costUsd.toFixed(4)}`,
    ];
    appendAll(tr, cells.map((t, i) => h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, t)));
    const ratingsTitle = (['excellent', 'good', 'poor'] as const).map((r) => `${r}: ${v.ratingShares[r].text} of rated`).join('\n');
    tr.children[8]?.setAttribute('title', ratingsTitle);
    tr.children[2]?.setAttribute('title', v.endpoint);
    body.append(tr);
  }
  table.append(thead, body);
  return table;
}

const CELL_TEXT: Record<PairCell, (a: string, b: string) => string> = {
  bothVerified: () => 'both verified',
  onlyA: (a) => `only ${a} verified`,
  onlyB: (_a, b) => `only ${b} verified`,
  neither: () => 'neither verified',
};

function pairSection(pair: Pair, letter: (id: string) => string): HTMLElement {
  const [a, b] = [letter(pair.a), letter(pair.b)];
  const section = h('section', { class: 'pair', 'data-pair': `${pair.a}-${pair.b}` });
  section.append(h('h2', {}, `${a} vs ${b}`), h('p', { class: 'note' }, `${pair.paired} mistakes corrected by both (${a} ${pair.a}, ${b} ${pair.b}); each by its first correction. Click a cell to list its mistakes in the Datasets tree.`));

  const table = h('table', { class: 'paired' });
  const head = h('tr');
  appendAll(head, [h('th', {}, ''), h('th', { scope: 'col' }, `${b} verified`), h('th', { scope: 'col' }, `${b} not verified`)]);
  const cell = (which: PairCell): HTMLTableCellElement => {
    const td = h('td');
    const count = pair[which];
    const button = h('button', { type: 'button', class: 'cell', 'data-cell': which, title: `List these ${count} mistakes in the Datasets tree` }, `${CELL_TEXT[which](a, b)}: ${count}`);
    if (count === 0) button.setAttribute('disabled', '');
    button.addEventListener('click', () => listCell(pair, which, `${a} vs ${b}: ${CELL_TEXT[which](a, b)}`));
    td.append(button);
    return td;
  };
  const rowA = h('tr');
  rowA.append(h('th', { scope: 'row' }, `${a} verified`), cell('bothVerified'), cell('onlyA'));
  const rowNotA = h('tr');
  rowNotA.append(h('th', { scope: 'row' }, `${a} not verified`), cell('onlyB'), cell('neither'));
  const thead = h('thead');
  thead.append(head);
  const body = h('tbody');
  body.append(rowA, rowNotA);
  table.append(thead, body);

  const rates: Bar[] = [rateBar(`${a} verified (paired)`, pair.pairedA, pair.a), rateBar(`${b} verified (paired)`, pair.pairedB, pair.b), rateBar('same incorrect step', pair.sameStepRate, `Cohen's kappa ${pair.stepKappa === null ? 'undefined' : pair.stepKappa.toFixed(3)}`)];
  const decided = pair.preferences.a + pair.preferences.b;
  if (decided > 0) rates.push(rateBar(`${a} preferred (blind)`, pair.preferenceRate, `${pair.preferences.tie} ties set aside`));
  const chart = h('div', { class: 'chart', 'data-chart': 'pair-rates' });
  chart.append(barChart(rates, { layout: 'rows', max: 1 }));

  const tests = h('ul', { class: 'tests' });
  appendAll(tests, [
    h('li', { class: 'mcnemar' }, `Verify rate: ${pair.verdict}.`),
    h('li', { class: 'steps' }, pair.stepPairs === 0 ? 'Incorrect step: no mistake where both name a step.' : `Incorrect step: the same in ${pair.sameStepRate.successes} of ${pair.stepPairs} (${pair.sameStepRate.text}); Cohen's kappa ${pair.stepKappa === null ? 'undefined (one step only)' : pair.stepKappa.toFixed(3)}.`),
    h('li', { class: 'preferences' }, `Blind votes: ${a} ${pair.preferences.a} · ${b} ${pair.preferences.b} · tie ${pair.preferences.tie} — ${pair.preferenceVerdict}.`),
  ]);
  const blind = h('button', { type: 'button', class: 'blind', title: 'The two corrections of each mistake in random order, unlabeled; keys 1, 2 and =' }, `Blind review ${a} vs ${b}`);
  blind.addEventListener('click', () => vscode.postMessage({ type: 'blindReview', a: pair.a, b: pair.b }));
  appendAll(section, [table, chart, tests, blind]);
  return section;
}

function render(report: Report): void {
  const letter = letters(report);
  const header = h('header');
  const refresh = h('button', { id: 'refresh', type: 'button' }, 'Refresh');
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  header.append(h('h1', {}, `Correction variants · ${report.runLabel}`), refresh, h('span', { id: 'status', role: 'status' }));
  const note = h(
    'p',
    { class: 'note' },
    `Every rate with its n and 95% Wilson interval (the whisker). A difference is called significant only by its exact two-sided test at the ${Math.round(report.level * 100)}% level: McNemar for the verify rates on the same mistakes, the sign test for blind votes.`,
  );
  const overview = h('section', { class: 'chart', 'data-chart': 'verify-rate' });
  overview.append(h('h2', {}, 'Verify rate per variant'), h('p', { class: 'note' }, 'Corrections that reach the gold answer (eq. 2); unparseable ones count as failed.'));
  const promptName = (v: Variant): string => (v.promptFile === null ? `prompt ${v.promptSha256.slice(0, 8)}` : (v.promptFile.split('/').pop() ?? v.promptFile));
  overview.append(barChart(report.variants.map((v) => rateBar(`${letter(v.id)} · ${promptName(v)}`, v.verify, `${v.model} · ${v.id}`)), { layout: 'rows', max: 1 }));
  const parts: HTMLElement[] = [header, note, overview, variantsTable(report, letter)];
  if (report.pairs.length === 0) parts.push(h('p', { class: 'empty' }, 'One variant only: add another with Correct with Another Prompt… (or the prompt file’s “Run on this run’s mistakes”).'));
  for (const pair of report.pairs) parts.push(pairSection(pair, letter));
  replaceAll(root, parts);
}

type Listed = Extract<HostToCompareView, { type: 'cellListed' }>;
const cellClicks = new PendingAnswers<Listed>();

function listCell(pair: Pair, cell: PairCell, label: string): void {
  void cellClicks.ask({ type: 'listCell' as const, a: pair.a, b: pair.b, cell, label }, (m) => vscode.postMessage(m)).then(showListed);
}

function showListed(answer: Listed): void {
  const status = document.getElementById('status');
  if (status) status.textContent = answer.applied ? `Datasets tree: ${answer.label}` : `No mistakes to list for ${answer.label}.`;
}

function showText(id: string, text: string): void {
  root.replaceChildren(h('p', { id, class: id }, text));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostToCompareView(message)) return;
  if (message.type === 'loading') {
    if (root.childElementCount === 0) showText('loading', 'Reading the run…');
  } else if (message.type === 'error') showText('error', message.message);
  else if (message.type === 'report') render(message.report);
  else if (!cellClicks.settle(message)) showListed(message);
});

vscode.postMessage({ type: 'ready' });
