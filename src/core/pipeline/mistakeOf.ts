/** What the corrector is shown of a sampled path: the one rule the correct stage, previews and trials share. */
import type { Mistake } from '../fewshot';
import type { PathRecord } from './records';

export function mistakeOf(path: PathRecord): Mistake {
  if (path.candidates !== undefined && path.candidates.length > 0) {
    return { question: path.question, candidates: path.candidates, originalAnswer: path.completion.trim() };
  }
  return { question: path.question, originalSteps: path.steps };
}
