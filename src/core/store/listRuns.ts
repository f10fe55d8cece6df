import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { RUN_INFO_FILE, runsDir, TABLE_NAMES, tableFile, type TableName } from './layout';
import { LineCounts } from './lineCounts';
import { whyGone } from './processes';
import { readRunInfo, RunInfoError, type RunInfo } from './runInfo';

/**
 * `interrupted`: a stage says running but the process running it is gone (crash, kill, closed
 * window) — the run can be resumed. `unreadable`: run.json is missing or damaged (see `problem`).
 */
export type RunStatus = 'pending' | 'running' | 'interrupted' | 'done' | 'failed' | 'cancelled' | 'unreadable';

export interface RunSummary {
  id: string;
  dir: string;
  status: RunStatus;
  /** Absent when run.json cannot be read. */
  info?: RunInfo;
  /** Lines in each table present — a byte scan, not a parse, so it stays cheap for big tables. Empty when not asked for. */
  counts: Partial<Record<TableName, number>>;
  problem?: Diagnostic;
}

export interface ListRunsOptions {
  /**
   * Count each table's lines (default true). A reader about to stream the tables anyway passes
   * false: the scan reads every byte of them, 190 MB for a 200,000-path run.
   */
  counts?: boolean;
  /** Counts kept from an earlier listing: only what was appended since is read (the Runs view keeps one). */
  lineCounts?: LineCounts;
}

/** Every run of a workspace, newest first, for the Runs view. A workspace without runs gives []. */
export async function listRuns(workspaceDir: string, options: ListRunsOptions = {}): Promise<RunSummary[]> {
  let names: string[];
  try {
    names = (await readdir(runsDir(workspaceDir), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const counter = options.counts === false ? undefined : (options.lineCounts ?? new LineCounts());
  const runs = await Promise.all(names.map((id) => summarise(join(runsDir(workspaceDir), id), id, counter)));
  return runs.sort((a, b) => (b.info?.createdAt ?? '').localeCompare(a.info?.createdAt ?? '') || b.id.localeCompare(a.id));
}

async function summarise(dir: string, id: string, counter: LineCounts | undefined): Promise<RunSummary> {
  const counts: Partial<Record<TableName, number>> = {};
  for (const table of counter === undefined ? [] : TABLE_NAMES) {
    const lines = await counter?.count(tableFile(dir, table));
    if (lines === undefined) continue;
    if (lines !== null) counts[table] = lines;
  }
  const file = join(dir, RUN_INFO_FILE);
  try {
    const info = await readRunInfo(file);
    return { id, dir, status: runStatus(info), info, counts };
  } catch (e) {
    if (!(e instanceof RunInfoError)) throw e;
    return { id, dir, status: 'unreadable', counts, problem: e.diagnostic };
  }
}

function runStatus(info: RunInfo): RunStatus {
  const stages = Object.values(info.stages);
  const running = stages.filter((s) => s.state === 'running');
  if (running.length > 0) {
    return running.some((s) => s.runner === undefined || whyGone(s.runner) === null) ? 'running' : 'interrupted';
  }
  if (stages.some((s) => s.state === 'failed')) return 'failed';
  if (stages.some((s) => s.state === 'cancelled')) return 'cancelled';
  if (stages.length > 0 && stages.every((s) => s.state === 'done')) return 'done';
  return 'pending';
}
