/** Eq. 2 of LEMA: a correction is kept only when its final answer equals the gold answer. */
import type { Question } from '../dataset/question';
import type { ExplainedVerdict, Task, Verdict } from '../task/task';
import type { Correction } from './correction';

/**
 * Judges the corrected part only: the steps before the incorrect one are the original's and
 * carry no final answer of the correction's own.
 */
export function verifyCorrection(task: Task, correction: Correction, gold: string, question?: Pick<Question, 'candidates'>): Verdict {
  return task.judge(correctedText(correction), gold, question);
}

/** verifyCorrection, with what was read and which rule decided (for `run regrade`). */
export function explainCorrection(task: Task, correction: Correction, gold: string, question?: Pick<Question, 'candidates'>): ExplainedVerdict {
  return task.explain(correctedText(correction), gold, question);
}

function correctedText(correction: Correction): string {
  return correction.format === 'steps'
    ? correction.correctedSteps.map((s, i) => `Step ${correction.correctedFrom + i}: ${s}`).join('\n')
    : correction.correctedAnswer;
}
