/**
 * The experiment view (issue 19): one LEMA experiment's report as a table (each model's pass@1 and
 * majority vote with 95% intervals, what it was trained on) and a bar chart with the intervals as
 * whiskers, then the paired tests in words. Every text enters the page as text.
 */
import { barChart, type Bar } from '../stats/chart';
import { h, replaceAll } from '../ui/dom';
import { isHostToExperimentView, type ExperimentReport, type ExperimentViewToHost } from '../../src/shared/experimentProtocol';

declare function acquireVsCodeApi(): { postMessage(message: ExperimentViewToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

const ROLE: Readonly<Record<string, string>> = { base: 'base', cot: 'CoT-only', lema: 'LEMA' };
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const ci = (c: readonly [number, number]): string => `${pct(c[0])}–${pct(c[1])}`;

function table(report: ExperimentReport): HTMLTableElement {
  const t = h('table', { class: 'models' });
  const head = h('tr');
  for (const c of ['model', 'name', 'trained on', 'pass@1', '95% CI', 'majority vote', '95% CI', 'questions × samples', '']) head.append(h('th', {}, c));
  const rows: Node[] = [h('thead'), h('tbody')];
  (rows[0] as HTMLElement).append(head);
  for (const m of report.models) {
    const tr = h('tr', { 'data-role': m.role });
    const cells = [ROLE[m.role] ?? m.role, m.model, m.role === 'base' ? '—' : `${m.trainingExamples} (${m.correctionExamples} corrections)`, pct(m.passAt1), ci(m.passAt1Ci95), pct(m.majority), ci(m.majorityCi95), `${m.questions} × ${m.samplesPerQuestion}`];
    for (const c of cells) tr.append(h('td', {}, c));
    const link = h('a', { href: '#', title: `Show the evaluation run ${m.runId} (its test samples and mistakes) in the Runs view` }, 'test samples');
    link.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'revealRun', runId: m.runId });
    });
    const cell = h('td');
    cell.append(link);
    tr.append(cell);
    (rows[1] as HTMLElement).append(tr);
  }
  replaceAll(t, rows);
  return t;
}

function chart(report: ExperimentReport): SVGSVGElement {
  const bars: Bar[] = report.models.flatMap((m) => [
    { label: `${ROLE[m.role] ?? m.role}`, sublabel: 'pass@1 (mean of k)', values: [m.passAt1], interval: { low: m.passAt1Ci95[0], high: m.passAt1Ci95[1] }, text: `${pct(m.passAt1)} (95% CI ${ci(m.passAt1Ci95)})`, hover: `${m.model}\npass@1 ${pct(m.passAt1)}, 95% CI ${ci(m.passAt1Ci95)}` },
    { label: `${ROLE[m.role] ?? m.role}`, sublabel: `majority of ${m.samplesPerQuestion}`, values: [m.majority], interval: { low: m.majorityCi95[0], high: m.majorityCi95[1] }, text: `${pct(m.majority)} (95% CI ${ci(m.majorityCi95)})`, tone: 'secondary' },
  ]);
  return barChart(bars, { layout: 'rows', max: 1 });
}

function pairText(report: ExperimentReport): HTMLElement {
  const list = h('ul', { class: 'pairs' });
  const level = `${Math.round(100 * report.methods.level)}%`;
  for (const p of report.pairs) {
    const a = ROLE[p.a] ?? p.a;
    const b = ROLE[p.b] ?? p.b;
    // The engine words the pair (report.json's text); reports written before it did get this shorter line.
    const verdict = p.significant ? `${p.onlyB > p.onlyA ? b : a} is better at the ${level} level` : `no significant difference at the ${level} level`;
    list.append(h('li', {}, p.text === undefined ? `${a} vs ${b}: ${p.onlyA} questions only ${a} got right, ${p.onlyB} only ${b}; McNemar exact p = ${p.mcnemarP.toFixed(3)} — ${verdict}.` : `${p.text}.`));
  }
  return list;
}

function show(report: ExperimentReport): void {
  const open = h('button', {}, 'Open report.md');
  open.addEventListener('click', () => vscode.postMessage({ type: 'openMarkdown' }));
  const header = h('header');
  header.append(h('h1', {}, `LEMA experiment ${report.id}`), open);
  const sizes = report.sizes === 'equal' ? 'sets of equal size' : 'all examples of each set';
  const notes = h('div', { class: 'methods' });
  notes.append(h('p', { class: 'note' }, `pass@1: ${report.methods.passAt1}.`), h('p', { class: 'note' }, `Majority vote: ${report.methods.majority}.`), h('p', { class: 'note' }, `Pairs: ${report.methods.pairs}.`));
  replaceAll(root, [
    header,
    h('p', { class: 'context' }, `Run ${report.runId} · base model ${report.baseModel} · test set ${report.testSet} · ${sizes} · seed ${report.seed}`),
    table(report),
    h('h2', {}, 'pass@1 and majority vote, with 95% intervals'),
    h('div', { class: 'chart' }),
    h('h2', {}, 'Paired comparisons on the same questions'),
    pairText(report),
    notes,
  ]);
  root.querySelector('.chart')?.append(chart(report));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = event.data;
  if (!isHostToExperimentView(m)) return;
  if (m.type === 'report') show(m.report);
  else replaceAll(root, [h('p', { class: 'error' }, m.message)]);
});

vscode.postMessage({ type: 'ready' });
