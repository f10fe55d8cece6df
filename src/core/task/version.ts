/**
 * The version of each task's answer checker. Stored verdicts (paths' `correct`, corrections'
 * `verified`) are never recomputed behind a researcher's back: a run keeps the verdicts of the
 * checker that made them until `mistakebook run regrade` applies the current one and records this
 * version in run.json. Bump a task's number whenever a change can turn some verdict around.
 */
import type { TaskId } from './task';

const VERSIONS: Record<TaskId, number> = {
  // 2: extraction chain for cue-less outputs, relations, named and several answers, decimal comma, \approx
  math: 2,
  // 2: ruled-out numbers, clock times, powers and spaced thousands, hedges ("5 and 7") judged wrong
  gsm8k: 2,
  mc: 1,
};

/** e.g. "math-2". */
export function answerCheckerVersion(task: TaskId): string {
  return `${task}-${VERSIONS[task]}`;
}
