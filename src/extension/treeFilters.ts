import * as vscode from 'vscode';
import type { DatasetsTreeNode, DatasetsView, TreeFilters } from './datasetsView';
import { NO_FILTERS } from './datasetsView';

type Toggle = 'onlyMistakes' | 'onlyUnverified' | 'onlyUnrated';

const TOGGLES: { command: string; filter: Toggle; words: string }[] = [
  { command: 'mistakebook.filterMistakes', filter: 'onlyMistakes', words: 'mistakes' },
  { command: 'mistakebook.filterUnverified', filter: 'onlyUnverified', words: 'unverified' },
  { command: 'mistakebook.filterUnrated', filter: 'onlyUnrated', words: 'unrated' },
];

/**
 * The Datasets view's title filters: three toggles, a text search and Clear Filters. The view's
 * description says which are on; the context key `mistakebook.filtered` shows Clear Filters.
 * Each command takes an optional value (tests, keybindings) and toggles or asks without one.
 */
export function registerTreeFilters(datasets: DatasetsView, tree: vscode.TreeView<DatasetsTreeNode>): vscode.Disposable[] {
  const apply = async (change: Partial<TreeFilters>): Promise<TreeFilters> => {
    datasets.setFilters(change);
    const f = datasets.filters;
    const on = [...TOGGLES.filter((t) => f[t.filter]).map((t) => t.words), ...(f.text === '' ? [] : [`“${f.text}”`])];
    tree.description = on.length === 0 ? '' : `only ${on.join(', ')}`;
    await vscode.commands.executeCommand('setContext', 'mistakebook.filtered', on.length > 0);
    for (const t of TOGGLES) await vscode.commands.executeCommand('setContext', `mistakebook.filter.${t.filter}`, f[t.filter]);
    return f;
  };
  return [
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
    vscode.commands.registerCommand('mistakebook.clearFilters', () => apply(NO_FILTERS)),
  ];
}
