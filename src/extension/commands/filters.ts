/**
 * The Datasets view's filters: three toggles, a text search and Clear Filters in its title, and
 * `filterTree` for a clicked statistics bar. The view's description says which are on; the context
 * key `mistakebook.filtered` shows Clear Filters. Each title command takes an optional value (tests,
 * keybindings) and toggles or asks without one. The predicates themselves are core/runs/treeFilters.
 */
import * as vscode from 'vscode';
import { describeFilters, FILTER_TOGGLES, NO_FILTERS, type FilterToggle, type TreeFilters } from '../../core/runs/treeFilters';
import { isBarFilter } from '../../shared/statsProtocol';
import type { Context } from '../context';
import { WorkbenchCommands } from './ids';

async function apply(ctx: Context, change: Partial<TreeFilters>): Promise<TreeFilters> {
  ctx.datasets.setFilters(change);
  const f = ctx.datasets.filters;
  ctx.datasetsTree.description = describeFilters(f);
  await vscode.commands.executeCommand(WorkbenchCommands.setContext, 'mistakebook.filtered', ctx.datasetsTree.description !== '');
  for (const t of FILTER_TOGGLES) await vscode.commands.executeCommand(WorkbenchCommands.setContext, `mistakebook.filter.${t.filter}`, f[t.filter]);
  return f;
}

/** A toggle's command: the value given, else the opposite of what it is. */
export function toggleFilter(filter: FilterToggle): (ctx: Context, value?: unknown) => Promise<TreeFilters> {
  return (ctx, value) => apply(ctx, { [filter]: typeof value === 'boolean' ? value : !ctx.datasets.filters[filter] });
}

export async function searchQuestions(ctx: Context, value?: unknown): Promise<TreeFilters> {
  const text =
    typeof value === 'string'
      ? value
      : await vscode.window.showInputBox({ title: 'Show questions containing…', value: ctx.datasets.filters.text, prompt: 'Leave empty to show every question.' });
  return text === undefined ? ctx.datasets.filters : apply(ctx, { text: text.trim() });
}

/** The statistics view sends it; anything else (a keybinding with wrong args) is refused, not half-applied. */
export async function filterTree(ctx: Context, filter?: unknown): Promise<TreeFilters> {
  if (!isBarFilter(filter)) {
    throw new Error('mistakebook.filterTree: expects a statistics bar filter { label, runs, model?, task?, questionIds?, rating?, promptSha256? }');
  }
  const f = await apply(ctx, { chart: filter });
  await vscode.commands.executeCommand(WorkbenchCommands.focusDatasets);
  void ctx.datasetOpener.open();
  return f;
}

export function clearFilters(ctx: Context): Promise<TreeFilters> {
  return apply(ctx, NO_FILTERS);
}
