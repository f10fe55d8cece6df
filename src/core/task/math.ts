/**
 * MATH (Hendrycks et al.): competition problems whose final answer is any LaTeX expression.
 * Gold solutions box their answer; LEMA's paths end "The answer is …", other models box, bold or
 * just write it. Eq. 1 and eq. 2 need the comparison to be right both ways: `0.5` and
 * `\frac{1}{2}` are one answer, `(1,2]` and `(1,2)` are two. See ./math/ for extraction,
 * normalization, shapes and the CAS.
 */
import { MathEquivalence } from './math/equivalence';
import { findFinalAnswer, statedAnswer } from './math/extract';
import { DEFAULT_SOLVE_TEMPLATE, cutFollowOn, renderSolvePrompt } from './solvePrompt';
import { splitSteps } from './steps';
import { NO_ANSWER, GOLD_AS_GIVEN, type ExplainedVerdict, type Task } from './task';

/** The checker behind `mathTask`; its `counts` say how many checks needed the CAS or ran out of time. */
export const mathAnswerChecker = new MathEquivalence();

function extractAnswer(completion: string): string | null {
  return findFinalAnswer(cutFollowOn(completion))?.answer ?? null;
}

function isEquivalent(predicted: string, gold: string): boolean {
  return mathAnswerChecker.isEquivalent(predicted, gold);
}

function explain(completion: string, gold: string): ExplainedVerdict {
  const found = findFinalAnswer(cutFollowOn(completion));
  if (found === null) {
    return { answer: null, correct: false, explanation: { predicted: { text: null, rule: NO_ANSWER }, gold: { text: gold, rule: GOLD_AS_GIVEN }, rule: NO_ANSWER, correct: false } };
  }
  const verdict = mathAnswerChecker.compare(found.answer, gold);
  const [normalizedPredicted, normalizedGold] = verdict.normalized ?? [];
  return {
    answer: found.answer,
    correct: verdict.equal,
    explanation: {
      predicted: { text: found.answer, rule: found.rule, ...(normalizedPredicted === undefined ? {} : { normalized: normalizedPredicted }) },
      gold: { text: gold, rule: GOLD_AS_GIVEN, ...(normalizedGold === undefined ? {} : { normalized: normalizedGold }) },
      rule: verdict.rule,
      correct: verdict.equal,
    },
  };
}

export const mathTask: Task = {
  id: 'math',
  extractGold: statedAnswer,
  extractAnswer,
  isEquivalent,
  judge: (completion, gold) => {
    const { answer, correct } = explain(completion, gold);
    return { answer, correct };
  },
  explain,
  splitSteps,
  renderSolvePrompt: (question, template = DEFAULT_SOLVE_TEMPLATE) => renderSolvePrompt(template, question),
};
