/**
 * A prompt's example read back as the mistake it annotates, and the prompt without it: previewing an
 * example's own question with the example held out, so the corrector cannot copy its answer.
 */
import { joinLines } from './lines';
import { parsePrompt } from './parse';
import type { FewShotExample, FewShotPrompt } from './prompt';
import type { Mistake } from './render';

export function mistakeOfExample(example: FewShotExample): Mistake {
  if (example.format === 'steps') return { question: example.question, originalSteps: example.originalSteps };
  return { question: example.question, candidates: splitCandidates(example.candidateAnswers), originalAnswer: example.originalAnswer };
}

/** "(A) bank (B) library" → ["bank", "library"], the inverse of the task's formatCandidates; text without letters stays whole. */
export function splitCandidates(text: string): string[] {
  const parts = text.split(/\(([A-Z])\)\s*/).slice(1);
  const candidates: string[] = [];
  for (let i = 1; i < parts.length; i += 2) candidates.push((parts[i] ?? '').trim());
  return candidates.length > 0 ? candidates : [text];
}

/** The prompt without one of its examples (and the blank lines that separated it). */
export function withoutExample(prompt: FewShotPrompt, example: FewShotExample): FewShotPrompt {
  const lines = [...prompt.lines];
  let from = example.range.startLine - 1;
  let to = example.range.endLine; // exclusive
  const blank = (i: number): boolean => (lines[i]?.text.trim() ?? 'x') === '';
  while (to < lines.length && blank(to)) to++;
  // The last example takes the gap before it instead, so the file does not end in blank lines.
  if (to === lines.length) while (from > 0 && blank(from - 1)) from--;
  lines.splice(from, to - from);
  return parsePrompt(joinLines(lines), prompt.file);
}
