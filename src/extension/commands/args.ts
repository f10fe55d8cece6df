/**
 * Reading a command's arguments, which come from menus, tree items, CodeLens, webviews, keybindings and
 * other extensions: field by field, never trusted to have a shape.
 */
import * as vscode from 'vscode';
import type { DatasetsTreeNode } from '../views/datasetsView';

/** Which mistake (and correction) of a run a command is about. */
export interface MistakeIds {
  runId: string;
  /** Absent: the run's first mistake. */
  pathId?: string;
  correctionId?: string;
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Ids or a tree node: `(runId, pathId?, correctionId?)` as the tree passes them, `{ runId, pathId?,
 * correctionId? }` as the webview and tests do, or a Datasets tree node holding a path
 * (`{ path: { runId, record } }`) or a correction (`{ correction: { runId, record } }`).
 */
export function mistakeIdsOf(args: readonly unknown[]): MistakeIds | undefined {
  const [first, second, third] = args;
  if (typeof first === 'string') return compact(first, text(second), text(third));
  const o = record(first);
  if (typeof o['runId'] === 'string') return compact(o['runId'], text(o['pathId']), text(o['correctionId']));
  const path = record(o['path']);
  const pathRecord = record(path['record']);
  if (typeof path['runId'] === 'string' && typeof pathRecord['id'] === 'string') return compact(path['runId'], pathRecord['id'], undefined);
  const correction = record(o['correction']);
  const correctionRecord = record(correction['record']);
  if (typeof correction['runId'] === 'string' && typeof correctionRecord['id'] === 'string') {
    return compact(correction['runId'], text(correctionRecord['pathId']), correctionRecord['id']);
  }
  return undefined;
}

function compact(runId: string, pathId: string | undefined, correctionId: string | undefined): MistakeIds {
  return { runId, ...(pathId === undefined ? {} : { pathId }), ...(correctionId === undefined ? {} : { correctionId }) };
}

/** The nodes a tree command acts on: the multi-selection, else the clicked node, else the tree's selection (palette). */
export function treeTargets<T>(target: T | undefined, selection: readonly T[] | undefined, fallback: () => readonly T[]): T[] {
  if (selection !== undefined && selection.length > 0) return [...selection];
  if (target !== undefined) return [target];
  return [...fallback()];
}

/** A Datasets tree node, told apart from other arguments by its `kind`. */
export function isDatasetsNode(v: unknown): v is DatasetsTreeNode {
  const kind = record(v)['kind'];
  return kind === 'dataset' || kind === 'question' || kind === 'more' || kind === 'runGroup' || kind === 'path' || kind === 'correction';
}

export function uriOf(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  const uri = record(v)['uri'];
  return uri instanceof vscode.Uri ? uri : undefined;
}
