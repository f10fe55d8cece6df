/**
 * MATH (Hendrycks et al.): competition problems whose final answer is any LaTeX expression.
 * Gold solutions box their answer; LEMA's paths end "The answer is …". Eq. 1 and eq. 2 need the
 * comparison to be right both ways: `0.5` and `\frac{1}{2}` are one answer, `(1,2]` and `(1,2)`
 * are two. See ./math/ for extraction, normalization, shapes and the CAS.
 */
import { MathEquivalence } from './math/equivalence';
import { finalAnswer } from './math/extract';
import { DEFAULT_SOLVE_TEMPLATE, cutFollowOn, renderSolvePrompt } from './solvePrompt';
import { splitSteps } from './steps';
import type { Task, Verdict } from './task';

/** The checker behind `mathTask`; its `counts` say how many checks needed the CAS or ran out of time. */
export const mathAnswerChecker = new MathEquivalence();

function extractAnswer(completion: string): string | null {
  return finalAnswer(cutFollowOn(completion));
}

function isEquivalent(predicted: string, gold: string): boolean {
  return mathAnswerChecker.isEquivalent(predicted, gold);
}

function judge(completion: string, gold: string): Verdict {
  const answer = extractAnswer(completion);
  return { answer, correct: answer !== null && isEquivalent(answer, gold) };
}

export const mathTask: Task = {
  id: 'math',
  extractGold: finalAnswer,
  extractAnswer,
  isEquivalent,
  judge,
  splitSteps,
  renderSolvePrompt: (question, template = DEFAULT_SOLVE_TEMPLATE) => renderSolvePrompt(template, question),
};
