import type { Question } from '../dataset/question';

export type TaskId = 'gsm8k' | 'math' | 'mc';

/** The result of judging one final answer against the gold answer (eq. 1 and eq. 2 of LEMA). */
export interface Verdict {
  /** The final answer extracted from the text, or null when the text gives none ("no answer"). */
  answer: string | null;
  correct: boolean;
}

/** One side of a verdict as it was read: the answer, and the rule that found it. */
export interface ReadAnswer {
  /** The answer, or null when none was found. */
  text: string | null;
  /** How it was found: "boxed", "answer cue", "last number", "gold answer as given", "no answer found"… */
  rule: string;
  /** The answer in the checker's canonical spelling, where the task has one (MATH). */
  normalized?: string;
}

/**
 * Why a verdict is what it is: what was read from each side and which rule decided. This is what a
 * researcher checks when a verdict looks wrong (`grade --explain`, the mistake view's tooltip).
 */
export interface VerdictExplanation {
  predicted: ReadAnswer;
  gold: ReadAnswer;
  /** The rule that decided: "same number", "same set", "CAS equal at 8 points", "no answer found"… */
  rule: string;
  correct: boolean;
}

export interface ExplainedVerdict extends Verdict {
  explanation: VerdictExplanation;
}

/** Everything that differs between GSM8K, MATH and multiple-choice sets. */
export interface Task {
  readonly id: TaskId;
  /** The gold final answer from a dataset's annotated solution ("#### 18", "\\boxed{…}", …). */
  extractGold(solution: string): string | null;
  /** The final answer a model's completion gives, or null when it gives none. */
  extractAnswer(completion: string, question?: Pick<Question, 'candidates'>): string | null;
  /** Whether two final answers mean the same thing. */
  isEquivalent(predicted: string, gold: string, question?: Pick<Question, 'candidates'>): boolean;
  /** extractAnswer + isEquivalent. */
  judge(completion: string, gold: string, question?: Pick<Question, 'candidates'>): Verdict;
  /** judge, with what was read from each side and the rule that decided. */
  explain(completion: string, gold: string, question?: Pick<Question, 'candidates'>): ExplainedVerdict;
  /** A free-text solution as numbered reasoning steps (without the "Step k:" labels). */
  splitSteps(solution: string): string[];
  /** The solve prompt (CoT input) for one question; `template` uses {question} (and {candidates}). */
  renderSolvePrompt(question: Pick<Question, 'question' | 'candidates'>, template?: string): string;
}

/** The extraction rule of a side with no answer, and the rule that decides such a verdict. */
export const NO_ANSWER = 'no answer found';
/** The gold side of a verdict: the stored gold answer, read as it is. */
export const GOLD_AS_GIVEN = 'gold answer as given';
