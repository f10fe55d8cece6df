/** Eq. 2 of LEMA: a correction is kept only when its final answer equals the gold answer. */
import type { Question } from '../dataset/question';
import type { Task, Verdict } from '../task/task';
import type { Correction } from './correction';

/**
 * Judges the corrected part only: the steps before the incorrect one are the original's and
 * carry no final answer of the correction's own.
 */
export function verifyCorrection(task: Task, correction: Correction, gold: string, question?: Pick<Question, 'candidates'>): Verdict {
  const text =
    correction.format === 'steps'
      ? correction.correctedSteps.map((s, i) => `Step ${correction.correctedFrom + i}: ${s}`).join('\n')
      : correction.correctedAnswer;
  return task.judge(text, gold, question);
}
