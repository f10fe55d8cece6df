import type { Question } from '../dataset/question';

export type TaskId = 'gsm8k' | 'math' | 'mc';

/** The result of judging one final answer against the gold answer (eq. 1 and eq. 2 of LEMA). */
export interface Verdict {
  /** The final answer extracted from the text, or null when the text gives none ("no answer"). */
  answer: string | null;
  correct: boolean;
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
  /** A free-text solution as numbered reasoning steps (without the "Step k:" labels). */
  splitSteps(solution: string): string[];
  /** The solve prompt (CoT input) for one question; `template` uses {question} (and {candidates}). */
  renderSolvePrompt(question: Pick<Question, 'question' | 'candidates'>, template?: string): string;
}
