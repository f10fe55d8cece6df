import { join } from 'node:path';

/**
 * Where things live inside a workspace (DESIGN.md §3):
 *   <workspace>/.mistakebook/runs/<run-id>/{run.json, <table>.jsonl}
 *   <workspace>/.mistakebook/cache/
 */

/** The append-only tables a run can hold, one JSONL file each. */
// variants and preferences: correction variants and blind A/B votes (core/variants).
export const TABLE_NAMES = ['paths', 'corrections', 'ratings', 'augmented', 'evaluations', 'errors', 'variants', 'preferences'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const RUN_INFO_FILE = 'run.json';

export function runsDir(workspaceDir: string): string {
  return join(workspaceDir, '.mistakebook', 'runs');
}

/** Request-hash → response files of the model client, shared by every run of the workspace. */
export function cacheDir(workspaceDir: string): string {
  return join(workspaceDir, '.mistakebook', 'cache');
}

export function runDir(workspaceDir: string, runId: string): string {
  return join(runsDir(workspaceDir), runId);
}

export function tableFile(dir: string, table: TableName): string {
  return join(dir, `${table}.jsonl`);
}
