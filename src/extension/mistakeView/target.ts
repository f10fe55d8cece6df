/** Which mistake Show Mistake opens, from what it was given: ids, a tree node, or nothing (the latest run). */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { listRuns } from '../../core/store/listRuns';
import { runDir } from '../../core/store/layout';

export interface MistakeTarget {
  workspaceDir: string;
  runId: string;
  /** Absent: the run's first mistake. */
  pathId?: string;
  correctionId?: string;
}

/** Why there is nothing to show; the view says it as is. */
export interface NothingToShow {
  reason: string;
}

export const NO_RUNS = 'No mistakes yet: open a dataset and run Generate Corrections to see mistakes here.';

/**
 * Reads the command's arguments: `(runId, pathId?, correctionId?)` as the tree passes them, an object
 * with those fields, or a tree node holding a path or a correction (`{ path: { runId, record } }`).
 */
export async function resolveTarget(args: readonly unknown[]): Promise<MistakeTarget | NothingToShow> {
  const ids = idsOf(args);
  const folders = workspaceDirs();
  if (ids !== undefined) {
    const workspaceDir = folders.find((dir) => existsSync(runDir(dir, ids.runId)));
    if (workspaceDir === undefined) return { reason: `Run ${ids.runId} is not in .mistakebook/runs of this workspace. Open the folder that holds it.` };
    return { workspaceDir, ...ids };
  }
  for (const workspaceDir of folders) {
    const runs = (await listRuns(workspaceDir)).filter((r) => r.status !== 'unreadable');
    // The newest run with corrections to review, else the newest with sampled paths.
    const run = runs.find((r) => (r.counts.corrections ?? 0) > 0) ?? runs.find((r) => (r.counts.paths ?? 0) > 0);
    if (run !== undefined) return { workspaceDir, runId: run.id };
  }
  return { reason: NO_RUNS };
}

export function workspaceDirs(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

function idsOf(args: readonly unknown[]): Omit<MistakeTarget, 'workspaceDir'> | undefined {
  const [first, second, third] = args;
  if (typeof first === 'string') {
    return { runId: first, ...(typeof second === 'string' ? { pathId: second } : {}), ...(typeof third === 'string' ? { correctionId: third } : {}) };
  }
  if (typeof first !== 'object' || first === null) return undefined;
  const o = first as Record<string, unknown>;
  if (typeof o['runId'] === 'string') {
    return {
      runId: o['runId'],
      ...(typeof o['pathId'] === 'string' ? { pathId: o['pathId'] } : {}),
      ...(typeof o['correctionId'] === 'string' ? { correctionId: o['correctionId'] } : {}),
    };
  }
  const held = (o['path'] ?? o['correction']) as { runId?: unknown; record?: { id?: unknown; pathId?: unknown } } | undefined;
  if (typeof held?.runId !== 'string' || typeof held.record?.id !== 'string') return undefined;
  return o['path'] !== undefined
    ? { runId: held.runId, pathId: held.record.id }
    : { runId: held.runId, ...(typeof held.record.pathId === 'string' ? { pathId: held.record.pathId } : {}), correctionId: held.record.id };
}
