/** The questions a stage works on: the dataset the run was made from, unchanged, up to its limit. */
import { isAbsolute, resolve } from 'node:path';
import { readDataset, type Question } from '../dataset';
import { formatDiagnostic } from '../diagnostic';
import { sha256File } from '../store/fileHash';
import type { TaskId } from '../task/task';

interface LoadedQuestions {
  file: string;
  sha256: string;
  questions: Question[];
}

/**
 * Reads the first `limit` questions of `path` (relative to the workspace or absolute). When
 * `expectedSha256` is given, refuses a file that changed since the run was created: its questions
 * would mix with the stored ones.
 */
export async function loadQuestions(
  workspaceDir: string,
  path: string,
  task: TaskId,
  limit: number | undefined,
  log: (line: string) => void,
  expectedSha256?: string,
): Promise<LoadedQuestions> {
  const file = isAbsolute(path) ? path : resolve(workspaceDir, path);
  const sha256 = await sha256File(file);
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
    throw new Error(`${file} changed since the run was created (sha256 ${sha256.slice(0, 12)}…, run.json has ${expectedSha256.slice(0, 12)}…); restore it, or create a new run for the new file.`);
  }
  const questions: Question[] = [];
  let problems = 0;
  for await (const record of readDataset(file, { task })) {
    // Step-level truth: ProcessBench holds solutions to judge, with no gold answer to sample against.
    if (record.kind === 'format' && record.format === 'processbench') {
      throw new Error(`${file} holds solutions in ProcessBench's layout, not questions to solve: a run over it skips sampling. Use 'mistakebook run critique' to have the corrector name each solution's first wrong step.`);
    }
    if (record.kind === 'question') {
      questions.push(record.question);
      if (limit !== undefined && questions.length >= limit) break;
    } else if (record.kind === 'diagnostic' && record.diagnostic.severity === 'error') {
      if (problems++ < 5) log(formatDiagnostic(record.diagnostic));
    }
  }
  if (problems > 5) log(`${file}: ${problems - 5} more lines skipped; 'mistakebook dataset inspect' lists them all`);
  if (questions.length === 0) throw new Error(`${file}: no questions could be read; check it with 'mistakebook dataset inspect'.`);
  return { file, sha256, questions };
}
