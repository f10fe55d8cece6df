import * as vscode from 'vscode';
import type { Question } from '../core/dataset/question';
import type { RatingBucket } from '../core/stats/report';
import { isStatsViewMessage, type TreeFilter } from '../shared/statsProtocol';
import type { DatasetNode, DatasetsTreeNode, DatasetsView } from './datasetsView';
import type { RunCorrection, RunIndex, RunPath } from './runIndex';

/** What the view-title filters and a statistics bar let through. All set filters must hold. */
export interface TreeFilters {
  /** Questions and paths with a wrong answer. */
  onlyMistakes: boolean;
  /** Mistakes that have no verified correction yet. */
  onlyUnverified: boolean;
  /** Corrections (and their paths and questions) that no one has rated. */
  onlyUnrated: boolean;
  /** Case-insensitive text the question must contain; '' = any. */
  text: string;
  /** The statistics bar last clicked (`mistakebook.filterTree`): its runs, model, task, questions, rating or prompt. */
  chart: TreeFilter | undefined;
}

export const NO_FILTERS: TreeFilters = { onlyMistakes: false, onlyUnverified: false, onlyUnrated: false, text: '', chart: undefined };

type Toggle = 'onlyMistakes' | 'onlyUnverified' | 'onlyUnrated';

const TOGGLES: { command: string; filter: Toggle; words: string }[] = [
  { command: 'mistakebook.filterMistakes', filter: 'onlyMistakes', words: 'mistakes' },
  { command: 'mistakebook.filterUnverified', filter: 'onlyUnverified', words: 'unverified' },
  { command: 'mistakebook.filterUnrated', filter: 'onlyUnrated', words: 'unrated' },
];

/** Filters that decide from the runs (not the dataset alone) whether a question is listed. */
export function looksAtRuns(f: TreeFilters): boolean {
  return f.onlyMistakes || f.onlyUnverified || f.onlyUnrated || f.chart !== undefined;
}

/** A bar about corrections (a prompt version, a rating) keeps only paths with such a correction. */
function aboutCorrections(chart: TreeFilter | undefined): boolean {
  return chart !== undefined && (chart.promptSha256 !== undefined || chart.rating !== undefined);
}

/** The rating chart's bucket of a correction, as core/stats counts it: unrated means verified and not rated. */
function ratingBucket(c: RunCorrection): RatingBucket | undefined {
  return c.rating?.rating ?? (c.record.verified ? 'unrated' : undefined);
}

export function questionPasses(f: TreeFilters, index: RunIndex, dataset: DatasetNode, question: Question): boolean {
  if (f.text !== '' && !question.question.toLowerCase().includes(f.text.toLowerCase())) return false;
  if (!looksAtRuns(f)) return true;
  if (f.chart?.questionIds !== undefined && !f.chart.questionIds.includes(question.id)) return false;
  return index.paths(dataset.uri.fsPath, question.id).some((p) => pathPasses(f, index, p));
}

export function pathPasses(f: TreeFilters, index: RunIndex, path: RunPath): boolean {
  const { record, runId } = path;
  if ((f.onlyMistakes || f.onlyUnverified) && record.correct) return false;
  const corrections = index.corrections(runId, record.id);
  if (f.onlyUnverified && corrections.some((c) => c.record.verified)) return false;
  const chart = f.chart;
  if (chart !== undefined) {
    if (chart.runs.length > 0 && !chart.runs.includes(runId)) return false;
    if (chart.task !== undefined && record.task !== chart.task) return false;
    if (chart.questionIds !== undefined && !chart.questionIds.includes(record.questionId)) return false;
    // A model bar (accuracy, evaluation, tokens) stands for the model that wrote the path or corrected it.
    if (!aboutCorrections(chart) && chart.model !== undefined && record.model !== chart.model && !corrections.some((c) => c.record.model === chart.model)) {
      return false;
    }
  }
  // One correction must pass every correction filter at once, so they are checked together.
  return f.onlyUnrated || aboutCorrections(chart) ? corrections.some((c) => correctionPasses(f, c)) : true;
}

export function correctionPasses(f: TreeFilters, c: RunCorrection): boolean {
  if (f.onlyUnrated && c.rating !== undefined) return false;
  const chart = f.chart;
  if (chart === undefined || !aboutCorrections(chart)) return true;
  // With a prompt version or a rating, the bar's model is the corrector.
  if (chart.model !== undefined && c.record.model !== chart.model) return false;
  if (chart.promptSha256 !== undefined && c.record.promptSha256 !== chart.promptSha256) return false;
  return chart.rating === undefined || ratingBucket(c) === chart.rating;
}

/** The view's description: "only mistakes, “apples” · filter: llama-2-7b · gsm8k". */
export function describeFilters(f: TreeFilters): string {
  const toggles = TOGGLES.filter((t) => f[t.filter]).map((t) => t.words);
  const only = [...toggles, ...(f.text === '' ? [] : [`“${f.text}”`])];
  return [...(only.length === 0 ? [] : [`only ${only.join(', ')}`]), ...(f.chart === undefined ? [] : [`filter: ${f.chart.label}`])].join(' · ');
}

/**
 * The Datasets view's filters: three toggles, a text search and Clear Filters in its title, and
 * `mistakebook.filterTree` for a clicked statistics bar. The view's description says which are on;
 * the context key `mistakebook.filtered` shows Clear Filters.
 * Each title command takes an optional value (tests, keybindings) and toggles or asks without one.
 */
export function registerTreeFilters(datasets: DatasetsView, tree: vscode.TreeView<DatasetsTreeNode>): vscode.Disposable[] {
  const apply = async (change: Partial<TreeFilters>): Promise<TreeFilters> => {
    datasets.setFilters(change);
    const f = datasets.filters;
    tree.description = describeFilters(f);
    await vscode.commands.executeCommand('setContext', 'mistakebook.filtered', tree.description !== '');
    for (const t of TOGGLES) await vscode.commands.executeCommand('setContext', `mistakebook.filter.${t.filter}`, f[t.filter]);
    return f;
  };
  const opener = datasetOpener(datasets, tree);
  return [
    ...opener.disposables,
    ...TOGGLES.map((t) =>
      vscode.commands.registerCommand(t.command, (value?: unknown) => apply({ [t.filter]: typeof value === 'boolean' ? value : !datasets.filters[t.filter] })),
    ),
    vscode.commands.registerCommand('mistakebook.searchQuestions', async (value?: unknown) => {
      const text =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({ title: 'Show questions containing…', value: datasets.filters.text, prompt: 'Leave empty to show every question.' });
      return text === undefined ? datasets.filters : apply({ text: text.trim() });
    }),
    vscode.commands.registerCommand('mistakebook.filterTree', async (filter?: unknown) => {
      // The statistics view sends it; anything else (a keybinding with wrong args) is refused, not half-applied.
      if (!isStatsViewMessage({ type: 'filterTree', filter })) {
        throw new Error('mistakebook.filterTree: expects a statistics bar filter { label, runs, model?, task?, questionIds?, rating?, promptSha256? }');
      }
      const f = await apply({ chart: filter as TreeFilter });
      await vscode.commands.executeCommand('mistakebook.datasets.focus');
      void opener.open();
      return f;
    }),
    vscode.commands.registerCommand('mistakebook.clearFilters', () => apply(NO_FILTERS)),
  ];
}

/**
 * After a bar click the datasets it left are opened, so its questions are in sight. A reveal sent
 * while the view is still opening is dropped by the workbench, so it is sent again until the tree
 * reports the expansion (a dataset already open reports none and is skipped).
 */
function datasetOpener(datasets: DatasetsView, tree: vscode.TreeView<DatasetsTreeNode>): { open(): Promise<void>; disposables: vscode.Disposable[] } {
  const expanded = new Set<DatasetsTreeNode>();
  const expandedOnce = (node: DatasetsTreeNode, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        listener.dispose();
        resolve(false);
      }, ms);
      const listener = tree.onDidExpandElement((e) => {
        if (e.element !== node) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(true);
      });
    });
  return {
    disposables: [tree.onDidExpandElement((e) => expanded.add(e.element)), tree.onDidCollapseElement((e) => expanded.delete(e.element))],
    async open() {
      const shown = (await datasets.getChildren()).slice(0, 3).filter((node) => !expanded.has(node));
      for (const node of shown) {
        for (let attempt = 0; attempt < 3; attempt++) {
          const done = expandedOnce(node, 1000);
          await Promise.resolve(tree.reveal(node, { expand: true, focus: false, select: false })).catch(() => undefined);
          if (await done) break;
        }
      }
    },
  };
}
