/**
 * A stored row's verdict as the current answer checker gives it, with its explanation: what
 * `run regrade` writes, and what the mistake view's verdict tooltip shows next to the stored one.
 */
import { explainCorrection, type Correction } from '../correction';
import { taskById, type ExplainedVerdict } from '../task';
import type { TaskId } from '../task/task';
import type { CorrectionRecord, PathRecord } from './records';

/** A path's `correct` (eq. 1), recomputed from its completion and gold answer. */
export function explainPathVerdict(path: Pick<PathRecord, 'completion' | 'goldAnswer' | 'candidates'> & { task?: TaskId }, runTask: TaskId): ExplainedVerdict {
  const candidates = Array.isArray(path.candidates) ? { candidates: path.candidates } : undefined;
  return taskById(path.task ?? runTask).explain(path.completion, path.goldAnswer, candidates);
}

/**
 * A correction's `verified` (eq. 2), recomputed from the corrected steps (or answer) it stores and
 * its path's gold answer; null for a correction that was never parsed (it has no answer to judge).
 */
export function explainCorrectionVerdict(
  correction: CorrectionRecord,
  path: Pick<PathRecord, 'goldAnswer' | 'candidates'> & { task?: TaskId },
  runTask: TaskId,
): ExplainedVerdict | null {
  const parsed = correction.outcome === 'parsed' ? storedCorrection(correction) : null;
  if (parsed === null) return null;
  const candidates = Array.isArray(path.candidates) ? { candidates: path.candidates } : undefined;
  return explainCorrection(taskById(path.task ?? runTask), parsed, path.goldAnswer, candidates);
}

/** The parsed correction a row stores, as verifyCorrection read it; null when the row lacks it. */
function storedCorrection(r: CorrectionRecord): Correction | null {
  if (Array.isArray(r.correctedSteps) && typeof r.correctedFrom === 'number') {
    return { format: 'steps', incorrectStep: r.incorrectStep ?? r.correctedFrom, explanation: r.explanation ?? '', correctedSteps: r.correctedSteps, correctedFrom: r.correctedFrom };
  }
  if (typeof r.correctedAnswer === 'string') return { format: 'multiple-choice', mistakes: r.explanation ?? '', correctedAnswer: r.correctedAnswer };
  return null;
}
