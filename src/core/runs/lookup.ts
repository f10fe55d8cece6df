/**
 * Finding single records of a workspace's runs by id, streaming through the tables (a run can hold
 * 200,000 paths): a path, a correction with its path, the first mistake of the newest runs.
 * Damaged lines are skipped here; the run's own views report them.
 */
import { existsSync } from 'node:fs';
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import { listRuns } from '../store/listRuns';
import { runDir, tableFile, type TableName } from '../store/layout';
import { checkRunId } from '../store/runId';
import { readTable } from '../store/tableReader';

async function find<R extends { id: string }>(file: string, wanted: (r: R) => boolean): Promise<R | undefined> {
  for await (const r of readTable<R>(file, () => undefined)) if (wanted(r)) return r;
  return undefined;
}

function tableOf(workspaceDir: string, runId: string, table: TableName): string {
  checkRunId(runId);
  return tableFile(runDir(workspaceDir, runId), table);
}

/** The path of a run with this id; an error naming the table when it has none. */
export async function findPath(workspaceDir: string, runId: string, pathId: string): Promise<PathRecord> {
  const file = tableOf(workspaceDir, runId, 'paths');
  const path = await find<PathRecord>(file, (p) => p.id === pathId);
  if (path === undefined) throw new Error(`${file}: no path with id ${pathId}.`);
  return path;
}

/** A correction of a run and the path it corrects; an error naming the table when either is missing. */
export async function findCorrection(workspaceDir: string, runId: string, correctionId: string): Promise<{ correction: CorrectionRecord; path: PathRecord }> {
  const file = tableOf(workspaceDir, runId, 'corrections');
  const correction = await find<CorrectionRecord>(file, (c) => c.id === correctionId);
  if (correction === undefined) throw new Error(`${file}: no correction with id ${correctionId}.`);
  const paths = tableOf(workspaceDir, runId, 'paths');
  const path = await find<PathRecord>(paths, (p) => p.id === correction.pathId);
  if (path === undefined) throw new Error(`${paths}: no path with id ${correction.pathId} (the correction ${correctionId} is for it).`);
  return { correction, path };
}

/** The first wrong path that `fits`, searching the newest `runs` runs that have paths; undefined when none has one. */
export async function firstMistake(workspaceDir: string, fits: (p: PathRecord) => boolean, runs = 3): Promise<{ runId: string; path: PathRecord } | undefined> {
  // No line counts: the tables are read below anyway, and counting them costs a read of every run.
  const newest = (await listRuns(workspaceDir, { counts: false })).filter((r) => existsSync(tableFile(r.dir, 'paths'))).slice(0, runs);
  for (const run of newest) {
    const path = await find<PathRecord>(tableFile(run.dir, 'paths'), (p) => !p.correct && fits(p));
    if (path !== undefined) return { runId: run.id, path };
  }
  return undefined;
}

/** Parsed corrections of the newest runs (up to `limit`) with their paths, for a picker. */
export async function parsedCorrections(workspaceDir: string, limit: number): Promise<{ runId: string; correction: CorrectionRecord; path: PathRecord }[]> {
  const found: { runId: string; correction: CorrectionRecord; path: PathRecord }[] = [];
  for (const run of (await listRuns(workspaceDir, { counts: false })).filter((r) => existsSync(tableFile(r.dir, 'corrections')))) {
    if (found.length >= limit) break;
    const mine: CorrectionRecord[] = [];
    for await (const c of readTable<CorrectionRecord>(tableFile(run.dir, 'corrections'), () => undefined)) {
      if (c.outcome === 'parsed' && found.length + mine.length < limit) mine.push(c);
    }
    const wanted = new Set(mine.map((c) => c.pathId));
    const paths = new Map<string, PathRecord>();
    for await (const p of readTable<PathRecord>(tableFile(run.dir, 'paths'), () => undefined)) if (wanted.has(p.id)) paths.set(p.id, p);
    for (const correction of mine) {
      const path = paths.get(correction.pathId);
      if (path !== undefined) found.push({ runId: run.id, correction, path });
    }
  }
  return found;
}
