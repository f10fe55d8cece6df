/** The statistics view: filters on top, one chart per aggregate of core/stats. */
import { PendingAnswers } from '../../src/shared/messages';
import { h, replaceAll } from '../ui/dom';
import { isHostToStatsView, type BarFilter, type HostToStatsView, type StatsReport, type StatsViewToHost, type VerifyRow } from '../../src/shared/statsProtocol';
import { agreementSection } from './agreement';
import { barChart, rateBar, type ChartSpec } from './chart';
// Step-level truth: error types and critic figures.
import { truthCharts } from './truthCharts';

declare function acquireVsCodeApi(): { postMessage(message: StatsViewToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;


const thousands = (n: number): string => n.toLocaleString('en-US');


/** What "Mistakes per question" counted, said in its note and on its axis. */
function questionCounting(report: StatsReport): { note: string; axis: string } {
  const { basis, runs } = report.mistakesPerQuestionCounting;
  if (basis === 'combined') {
    return {
      note: `Combined: a question's wrong paths are summed over the ${runs} ticked runs (a question sampled k times in each can reach ${runs}·k).`,
      axis: 'wrong paths per question, summed over the ticked runs',
    };
  }
  const note =
    runs > 1
      ? `Per run: each question is counted once in each of the ${runs} runs that sampled it, by that run's wrong paths. Pick one run, or tick several to combine them.`
      : 'Per run: questions by how many of their sampled paths are wrong. Tick several runs to combine them.';
  return { note, axis: 'wrong paths of a question in one run' };
}

/** A prompt version's tooltip: where it came from, its sha and its first lines, and what a click does. */
function promptHover(r: VerifyRow): string {
  const head = `${r.prompt.file ?? 'prompt'} · sha256 ${r.promptSha256.slice(0, 12)}…`;
  if (r.prompt.preview === undefined) return `${head}\nNo run.json holds this version's text.`;
  return `${head} (${r.prompt.lines} lines)\n\n${r.prompt.preview}\n\nClick to open this version read-only.`;
}


function charts(report: StatsReport, select: (filter: Omit<BarFilter, 'runs'>) => () => void, openPrompt: (r: VerifyRow) => () => void): ChartSpec[] {
  const ratedTotal = Object.values(report.ratings).reduce((s, n) => s + n, 0);
  const priced = report.usage.filter((u) => u.costUsd !== null);
  const counting = questionCounting(report);
  return [
    {
      id: 'accuracy',
      title: 'Accuracy per model and task',
      note: 'Share of sampled paths whose final answer is right; the whisker is its 95% interval.',
      empty: 'No sampled paths yet.',
      options: { layout: 'rows', max: 1 },
      bars: report.accuracy.map((r) => ({
        label: `${r.model} · ${r.task}`,
        ...rateBar(r.estimate),
        hover: `${r.model} · ${r.task}: ${r.correct} of ${r.paths} paths right over ${r.questions} questions\n${r.estimate.text}`,
        onSelect: select({ label: `${r.model} · ${r.task}`, model: r.model, task: r.task }),
      })),
    },
    {
      id: 'evaluation',
      title: 'Evaluation on test sets',
      note: 'pass@1 and the majority vote over each question\'s samples, of the questions of each test set (n), with 95% intervals.',
      empty: 'No evaluations yet: run Evaluate Model on a test set.',
      options: { layout: 'rows', max: 1 },
      bars: report.evaluations.flatMap((e) =>
        (['pass@1', 'majority'] as const).map((kind) => ({
          label: `${e.model} · ${e.dataset.split('/').pop() ?? e.dataset}`,
          sublabel: kind === 'pass@1' ? 'pass@1' : `majority of ${e.samplesPerQuestion}`,
          ...rateBar(kind === 'pass@1' ? e.passAt1Estimate : e.majorityVoteEstimate),
          onSelect: select({ label: e.model, model: e.model }),
        })),
      ),
    },
    {
      id: 'mistakes-per-question',
      title: 'Mistakes per question',
      note: counting.note,
      empty: 'No sampled paths yet.',
      options: { layout: 'columns', axis: counting.axis },
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
      note: 'Corrections whose corrected solution reaches the gold answer (eq. 2); unparseable ones count as failed. Click a prompt version to read it; click its bar to filter the tree.',
      empty: 'No corrections yet.',
      options: { layout: 'rows', max: 1 },
      bars: report.verifyRate.map((r) => ({
        label: r.prompt.label,
        sublabel: `corrector ${r.model}`,
        ...rateBar(r.estimate),
        hover: `${r.prompt.label} · ${r.model}: ${r.verified} of ${r.corrections} verified (${r.parsed} parsed)\n${r.estimate.text}`,
        ...(r.prompt.preview === undefined ? {} : { labelLink: { hover: promptHover(r), open: openPrompt(r) } }),
        onSelect: select({ label: `${r.prompt.label} · ${r.model}`, model: r.model, promptSha256: r.promptSha256 }),
      })),
    },
    {
      id: 'ratings',
      title: 'Rating distribution',
      note: 'The rating in force of each correction; unrated counts verified corrections nobody has rated. Shares with their 95% intervals.',
      empty: 'No corrections yet.',
      options: { layout: 'rows', max: 1 },
      bars:
        ratedTotal === 0
          ? []
          : (['excellent', 'good', 'poor', 'unrated'] as const).map((rating) => ({
              label: rating,
              ...rateBar(report.ratingShares[rating]),
              text: `${report.ratings[rating]} · ${report.ratingShares[rating].text}`,
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

function checkboxes(legend: string, id: string, options: Array<{ value: string; label: string; detail?: string; hover?: string }>, chosen: readonly string[], onChange: (values: string[]) => void): HTMLFieldSetElement {
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
    if (option.detail !== undefined) label.append(h('span', { class: 'detail' }, ` ${option.detail}`));
    if (option.hover !== undefined) label.title = option.hover;
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
    checkboxes(
      'Runs',
      'run-filter',
      report.available.runs.map((r) => ({ value: r.id, label: r.label, detail: [r.task, r.dataset].filter((x) => x !== '').join(' · '), hover: r.id })),
      filter.runs,
      (runs) => post({ ...filter, runs }),
    ),
    checkboxes('Models', 'model-filter', report.available.models.map((m) => ({ value: m, label: m })), filter.models, (models) => post({ ...filter, models })),
  );

  const grid = h('div', { class: 'charts' });
  const openPrompt = (r: VerifyRow) => () =>
    void promptOpens.ask({ type: 'openPrompt' as const, promptSha256: r.promptSha256, label: r.prompt.label }, (m) => vscode.postMessage(m)).then(showOpened);
  for (const spec of [...charts(report, select, openPrompt), ...truthCharts(report, select)]) {
    const section = h('section', { class: 'chart', 'data-chart': spec.id });
    section.append(h('h2', {}, spec.title), h('p', { class: 'note' }, spec.note));
    if (spec.bars.length === 0) section.append(h('p', { class: 'empty' }, spec.empty));
    else section.append(barChart(spec.bars, spec.options));
    grid.append(section);
  }
  // Several raters (issue 18)
  grid.append(agreementSection(report.agreement));
  const errors = report.errors.length === 0 ? [] : [h('p', { class: 'errors' }, `Failed requests: ${report.errors.map((e) => `${e.stage}/${e.kind} ${e.count}`).join(', ')}`)];
  replaceAll(root, [header, filters, ...errors, grid]);
}

type Filtered = Extract<HostToStatsView, { type: 'filtered' }>;
type Opened = Extract<HostToStatsView, { type: 'promptOpened' }>;

/** Label clicks wait for the extension to open the prompt version. */
const promptOpens = new PendingAnswers<Opened>();

function showOpened(answer: Opened): void {
  const status = document.getElementById('status');
  if (status) status.textContent = answer.opened ? `Opened ${answer.label} (read-only)` : `No run.json holds the text of ${answer.label}.`;
}

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
  } else if (message.type === 'promptOpened') {
    if (!promptOpens.settle(message)) showOpened(message);
  } else render(message.report);
});

vscode.postMessage({ type: 'ready' });
