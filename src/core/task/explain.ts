/**
 * Verdicts that explain themselves, for `mistakebook grade --explain`, `run regrade` and the
 * mistake view's verdict tooltip: what was read from each side, by which rule, and which rule
 * decided.
 */
import type { Question } from '../dataset/question';
import { taskById } from './index';
import type { ExplainedVerdict, ReadAnswer, TaskId, VerdictExplanation } from './task';

/** Judges `completion` against the gold answer with the task's checker, and says why. */
export function explainVerdict(task: TaskId, completion: string, gold: string, question?: Pick<Question, 'candidates'>): ExplainedVerdict {
  return taskById(task).explain(completion, gold, question);
}

/**
 * One line for a tooltip or a log, e.g.
 * `correct: same number — answer "0.5" (boxed; normalized 0.5) vs gold "\frac12" (normalized \frac{1}{2})`.
 */
export function formatExplanation(e: VerdictExplanation): string {
  return `${e.correct ? 'correct' : 'wrong'}: ${e.rule} — answer ${side(e.predicted)} vs gold ${side(e.gold)}`;
}

function side(read: ReadAnswer): string {
  if (read.text === null) return `none (${read.rule})`;
  const normalized = read.normalized !== undefined && read.normalized !== read.text ? `; normalized ${read.normalized}` : '';
  return `${JSON.stringify(read.text)} (${read.rule}${normalized})`;
}
