/**
 * A run's review assignment (Assign Review) in `review-assignment.json`: one small JSON file in the
 * run folder, written atomically, so it travels with the run in git like the ratings.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReviewAssignment } from '../review/assign';
import { writeFileAtomic } from './atomicWrite';

export const ASSIGNMENT_FILE = 'review-assignment.json';

export function assignmentFile(runDir: string): string {
  return join(runDir, ASSIGNMENT_FILE);
}

export async function writeAssignment(runDir: string, assignment: ReviewAssignment): Promise<void> {
  await writeFileAtomic(assignmentFile(runDir), `${JSON.stringify(assignment, null, 2)}\n`);
}

/** The run's assignment, undefined when it has none; a damaged file is an error naming it. */
export async function readAssignment(runDir: string): Promise<ReviewAssignment | undefined> {
  const file = assignmentFile(runDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}:1: not JSON (${(e as Error).message}); run Assign Review again to rewrite it.`, { cause: e });
  }
  if (!isAssignment(value)) throw new Error(`${file}:1: not a review assignment (formatVersion 1 with raters and shares); run Assign Review again to rewrite it.`);
  return value;
}

function isAssignment(v: unknown): v is ReviewAssignment {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Partial<ReviewAssignment>;
  return (
    a.formatVersion === 1 &&
    Array.isArray(a.raters) &&
    a.raters.every((r) => typeof r === 'string') &&
    typeof a.shares === 'object' &&
    a.shares !== null &&
    Object.values(a.shares).every((ids) => Array.isArray(ids) && ids.every((id) => typeof id === 'string'))
  );
}
