/** The statistics view: filters on top, one chart per aggregate of core/stats. */
import { PendingAnswers } from '../../src/shared/messages';
import { h } from '../ui/dom';
import { isHostToStatsView, type BarFilter, type HostToStatsView, type StatsReport, type StatsViewToHost } from '../../src/shared/statsProtocol';
import { barChart, type Bar, type ChartOptions } from './chart';

declare function acquireVsCodeApi(): { postMessage(message: StatsViewToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;


const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;
const thousands = (n: number): string => n.toLocaleString('en-US');

interface ChartSpec {
  id: string;
  title: string;
  note: string;
  empty: string;
  bars: Bar[];
  options: ChartOptions;
}

function charts(report: StatsReport, select: (filter: Omit<BarFilter, 'runs'>) => () => void): ChartSpec[] {
  const ratedTotal = Object.values(report.ratings).reduce((s, n) => s + n, 0);
  const priced = report.usage.filter((u) => u.costUsd !== null);
  return [
    {
      id: 'accuracy',
      title: 'Accuracy per model and task',
      note: 'Share of sampled paths whose final answer is right.',
      empty: 'No sampled paths yet.',
      options: { layout: 'rows', max: 1 },
      bars: report.accuracy.map((r) => ({
        label: `${r.model} · ${r.task}`,
        values: [r.accuracy],
        text: `${percent(r.accuracy)} (${r.correct}/${r.paths})`,
        onSelect: select({ label: `${r.model} · ${r.task}`, model: r.model, task: r.task }),
      })),
    },
    {
      id: 'evaluation',
      title: 'Evaluation on test sets',
      note: 'pass@1 of each evaluated model (the bar), with the majority vote over its samples.',
      empty: 'No evaluations yet: run Evaluate Model on a test set.',
      options: { layout: 'rows', max: 1 },
      bars: report.evaluations.map((e) => ({
        label: `${e.model} · ${e.dataset.split('/').pop() ?? e.dataset}`,
        values: [e.passAt1],
        text: `pass@1 ${percent(e.passAt1)} · maj ${percent(e.majorityVote)}`,
        onSelect: select({ label: e.model, model: e.model }),
      })),
    },
    {
      id: 'mistakes-per-question',
      title: 'Mistakes per question',
      note: 'Questions by how many of their sampled paths are wrong.',
      empty: 'No sampled paths yet.',
      options: { layout: 'columns', axis: 'wrong paths per question' },
      bars: report.mistakesPerQuestion.map((b) => ({
        label: b.label,
        values: [b.count],
        text: String(b.count),
        onSelect: select({ label: `${b.label} wrong paths`, questionIds: b.questionIds }),
      })),
    },
    {
      id: 'incorrect-step',
      title: 'Where the incorrect step falls',
      note: 'Parsed corrections by the step the corrector names as the first wrong one.',
      empty: 'No parsed corrections yet.',
      options: { layout: 'columns', axis: 'incorrect step' },
      bars: report.incorrectStep.map((b) => ({ label: b.label.replace('Step ', ''), values: [b.count], text: String(b.count), onSelect: select({ label: b.label, questionIds: b.questionIds }) })),
    },
    {
      id: 'incorrect-step-relative',
      title: 'Where the incorrect step falls, relative to the path length',
      note: 'Step k of an n-step path sits at k/n.',
      empty: 'No parsed corrections yet.',
      options: { layout: 'columns', axis: 'position in the path' },
      bars: report.incorrectStepRelative.map((b) => ({ label: b.label, values: [b.count], text: String(b.count), onSelect: select({ label: `incorrect step at ${b.label}`, questionIds: b.questionIds }) })),
    },
    {
      id: 'verify-rate',
      title: 'Verify rate per corrector and prompt version',
      note: 'Corrections whose corrected solution reaches the gold answer (eq. 2); unparseable ones count as failed.',
      empty: 'No corrections yet.',
      options: { layout: 'rows', max: 1 },
      bars: report.verifyRate.map((r) => ({
        label: `${r.model} · prompt ${r.promptSha256.slice(0, 8)}`,
        values: [r.rate],
        text: `${percent(r.rate)} (${r.verified}/${r.corrections})`,
        onSelect: select({ label: `${r.model} · prompt ${r.promptSha256.slice(0, 8)}`, model: r.model, promptSha256: r.promptSha256 }),
      })),
    },
    {
      id: 'ratings',
      title: 'Rating distribution',
      note: 'The rating in force of each correction; unrated counts verified corrections nobody has rated.',
      empty: 'No corrections yet.',
      options: { layout: 'rows' },
      bars:
        ratedTotal === 0
          ? []
          : (['excellent', 'good', 'poor', 'unrated'] as const).map((rating) => ({
              label: rating,
              values: [report.ratings[rating]],
              text: `${report.ratings[rating]} (${percent(report.ratings[rating] / ratedTotal)})`,
              tone: `rating-${rating}`,
              onSelect: select({ label: `rated ${rating}`, rating }),
            })),
    },
    {
      id: 'tokens',
      title: 'Tokens per stage',
      note: 'Prompt tokens (dark) and completion tokens (light) paid in each stage; cached answers cost none.',
      empty: 'No model calls yet.',
      options: { layout: 'rows' },
      bars: report.usage.map((u) => ({
        label: `${u.stage} · ${u.model}`,
        values: [u.promptTokens, u.completionTokens],
        text: `${thousands(u.promptTokens)} in · ${thousands(u.completionTokens)} out`,
        onSelect: select({ label: `${u.stage} · ${u.model}`, model: u.model }),
      })),
    },
    {
      id: 'cost',
      title: 'Cost per stage',
      note: 'US dollars at list prices; models without a known price (local servers) are left out.',
      empty: 'No priced model calls.',
      options: { layout: 'rows' },
      bars: priced.map((u) => ({ label: `${u.stage} · ${u.model}`, values: [u.costUsd ?? 0], text: `$${(u.costUsd ?? 0).toFixed(4)}` })),
    },
  ];
}

function checkboxes(legend: string, id: string, options: Array<{ value: string; label: string }>, chosen: readonly string[], onChange: (values: string[]) => void): HTMLFieldSetElement {
  const set = h('fieldset', { id });
  set.append(h('legend', {}, legend));
  for (const option of options) {
    const label = h('label');
    const box = h('input', { type: 'checkbox', value: option.value });
    box.checked = chosen.includes(option.value);
    box.addEventListener('change', () => {
      onChange([...set.querySelectorAll('input:checked')].map((b) => (b as HTMLInputElement).value));
    });
    label.append(box, document.createTextNode(` ${option.label}`));
    set.append(label);
  }
  set.append(h('span', { class: 'hint' }, 'none ticked = all'));
  return set;
}

function render(report: StatsReport): void {
  const filter = report.filter;
  const post = (next: typeof filter): void => vscode.postMessage({ type: 'setFilter', filter: next });
  const select = (f: Omit<BarFilter, 'runs'>) => () =>
    void barClicks.ask({ type: 'filterTree' as const, filter: { ...f, runs: [...filter.runs] } }, (m) => vscode.postMessage(m)).then(showFiltered);

  const header = h('header');
  const refresh = h('button', { id: 'refresh', type: 'button' }, 'Refresh');
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  header.append(h('h1', {}, 'Statistics'), refresh, h('span', { id: 'status', role: 'status' }));

  const filters = h('div', { class: 'filters' });
  filters.append(
    checkboxes('Runs', 'run-filter', report.available.runs.map((r) => ({ value: r.id, label: `${r.id} (${r.task})` })), filter.runs, (runs) => post({ ...filter, runs })),
    checkboxes('Models', 'model-filter', report.available.models.map((m) => ({ value: m, label: m })), filter.models, (models) => post({ ...filter, models })),
  );

  const grid = h('div', { class: 'charts' });
  for (const spec of charts(report, select)) {
    const section = h('section', { class: 'chart', 'data-chart': spec.id });
    section.append(h('h2', {}, spec.title), h('p', { class: 'note' }, spec.note));
    if (spec.bars.length === 0) section.append(h('p', { class: 'empty' }, spec.empty));
    else section.append(barChart(spec.bars, spec.options));
    grid.append(section);
  }
  const errors = report.errors.length === 0 ? [] : [h('p', { class: 'errors' }, `Failed requests: ${report.errors.map((e) => `${e.stage}/${e.kind} ${e.count}`).join(', ')}`)];
  root.replaceChildren(header, filters, ...errors, grid);
}

type Filtered = Extract<HostToStatsView, { type: 'filtered' }>;

/** Bar clicks wait for the extension to say whether the Datasets tree took the filter. */
const barClicks = new PendingAnswers<Filtered>();

function showFiltered(answer: Filtered): void {
  const status = document.getElementById('status');
  if (status) status.textContent = answer.applied ? `Datasets tree: ${answer.label}` : `The Datasets tree cannot filter by "${answer.label}" in this version.`;
}

function showText(id: string, text: string): void {
  root.replaceChildren(h('p', { id, class: id }, text));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostToStatsView(message)) return;
  if (message.type === 'loading') {
    if (root.childElementCount === 0) showText('loading', 'Reading runs…');
  } else if (message.type === 'error') showText('error', message.message);
  else if (message.type === 'filtered') {
    if (!barClicks.settle(message)) showFiltered(message);
  } else render(message.report);
});

vscode.postMessage({ type: 'ready' });
