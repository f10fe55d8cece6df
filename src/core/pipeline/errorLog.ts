/**
 * errors.jsonl as a ledger: a request that failed for good is an error row; when a rerun stores
 * that item after all, a resolution row (`resolves` = the error's id) marks it resolved. Only open
 * errors are failures: `run status` and the Runs view count those.
 */
import { recordId } from '../ids';
import type { RunStore } from '../store/runStore';
import type { ErrorRecord } from './records';

export interface ErrorLog {
  /** Error rows no later attempt resolved, in file order. */
  open: ErrorRecord[];
  /** Items (stage and item id) with at least one open error: what is still to redo. */
  openItems: number;
  /** Error rows a later attempt resolved. */
  resolved: number;
}

/** The open and resolved failures of a run (of one stage, when given). */
export async function readErrorLog(store: RunStore, stage?: string): Promise<ErrorLog> {
  const rows: ErrorRecord[] = [];
  for await (const row of store.read<ErrorRecord>('errors')) rows.push(row);
  return errorLogOf(rows, stage);
}

/** The ledger of errors.jsonl's rows (of one stage, when given): open failures, the items they leave to redo, how many were resolved. */
export function errorLogOf(rows: readonly ErrorRecord[], stage?: string): ErrorLog {
  const errors = rows.filter((r) => r.resolves === undefined && (stage === undefined || r.stage === stage));
  const open = openErrors(rows).filter((e) => stage === undefined || e.stage === stage);
  const openItems = new Set(open.map((e) => `${e.stage}\n${e.itemId}`)).size;
  return { open, openItems, resolved: errors.length - open.length };
}

/** The error rows of a table no resolution row answers, in file order: the failures that still count. */
export function openErrors(rows: Iterable<ErrorRecord>): ErrorRecord[] {
  const errors: ErrorRecord[] = [];
  const resolved = new Set<string>();
  for (const row of rows) {
    if (row.resolves !== undefined) resolved.add(row.resolves);
    else errors.push(row);
  }
  return errors.filter((e) => !resolved.has(e.id));
}

/** The row that marks `error` resolved; its id is fixed by the error's, so marking twice writes once. */
export function resolutionOf(error: ErrorRecord, at = new Date().toISOString()): ErrorRecord {
  return { id: recordId('resolved', { errorId: error.id }), stage: error.stage, itemId: error.itemId, kind: error.kind, message: `resolved: the item was stored by a later attempt (${at})`, at, resolves: error.id };
}

/**
 * What a stage calls once an item is stored: marks every open error of that item resolved. Reads
 * the open errors of the stage once, on first use.
 */
export function errorResolver(store: RunStore, stage: string): (itemId: string) => Promise<void> {
  let openByItem: Promise<Map<string, ErrorRecord[]>> | undefined;
  return async (itemId) => {
    openByItem ??= readErrorLog(store, stage).then(({ open }) => {
      const map = new Map<string, ErrorRecord[]>();
      for (const e of open) map.set(e.itemId, [...(map.get(e.itemId) ?? []), e]);
      return map;
    });
    const map = await openByItem;
    const open = map.get(itemId);
    if (open === undefined) return;
    map.delete(itemId);
    const table = await store.table<ErrorRecord>('errors');
    for (const error of open) await table.append(resolutionOf(error));
  };
}
