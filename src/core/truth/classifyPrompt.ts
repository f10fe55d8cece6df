/**
 * The optional model classification of an error: a short prompt that shows the corrector the
 * question, the wrong step and its own explanation, and asks for one type of the fixed set; and the
 * reader of its answer. The prompt is fixed text (its sha is part of every row's id), so the same
 * correction is never asked twice, and the response cache answers a repeat.
 */
import { sha256Hex } from '../ids';
import { ERROR_TYPE_INFO, ERROR_TYPES, type ErrorType } from './errorTypes';

const INSTRUCTION = [
  'Classify the mistake in a step of a math solution. Answer with exactly one of these words:',
  ...ERROR_TYPES.map((t) => `${t}: ${ERROR_TYPE_INFO[t].means}`),
].join('\n');

/** Names the prompt's version in every row it makes. */
export const CLASSIFY_PROMPT_SHA256 = sha256Hex(INSTRUCTION);

export function classificationPrompt(question: string, wrongStep: string, explanation: string): string {
  return `${INSTRUCTION}\n\nQuestion: ${question}\nWrong step: ${wrongStep}\nWhy it is wrong: ${explanation}\nError type:`;
}

/** The type an answer names: its first word of the set (or a type's label), else undefined. */
export function readErrorType(answer: string): ErrorType | undefined {
  const text = answer.toLowerCase();
  let best: { type: ErrorType; at: number } | undefined;
  for (const t of ERROR_TYPES) {
    for (const word of [t, ERROR_TYPE_INFO[t].label.toLowerCase()]) {
      const at = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).exec(text)?.index;
      if (at !== undefined && (best === undefined || at < best.at)) best = { type: t, at };
    }
  }
  return best?.type;
}
