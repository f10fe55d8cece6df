/**
 * The corrector's request for one mistake (LEMA §2.2): the few-shot prompt P_c, then the new
 * question with its wrong solution as numbered steps, ending where the corrector takes over.
 */
import { formatCandidates } from '../task/solvePrompt';
import { numberSteps } from '../task/steps';
import { visibleText } from './lines';
import type { FewShotPrompt, PromptFormat } from './prompt';
import { blockLines, detectStyle, textLines, type PromptStyle } from './style';

/** A wrong reasoning path of a math task, already split into steps. */
export interface StepsMistake {
  question: string;
  originalSteps: readonly string[];
}

/** A wrong answer to a multiple-choice question. */
export interface ChoiceMistake {
  question: string;
  candidates: readonly string[];
  originalAnswer: string;
}

export type Mistake = StepsMistake | ChoiceMistake;

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/**
 * For completion models: the whole prompt file, then the mistake, ending with the label the
 * corrector continues from ("Incorrect Step:" or "Mistakes:"). Line endings become '\n' whatever
 * the file uses, so a CRLF file and its LF copy send the same request.
 */
export function renderCorrectionRequest(prompt: FewShotPrompt, mistake: Mistake): string {
  const style = detectStyle(prompt);
  const head = linesOf(prompt, 1, prompt.lines.length);
  const tail = [...mistakeLines(prompt, mistake, style), continueLabel(prompt.format, style)].join('\n');
  return head === '' ? tail : `${head}${'\n'.repeat(style.gap + 1)}${tail}`;
}

/**
 * For chat models: the instruction as the system message; the examples and the mistake as the
 * user message. It stops after the wrong solution: a chat model answers in full, writing the
 * labels itself as the examples show.
 */
export function renderCorrectionMessages(prompt: FewShotPrompt, mistake: Mistake): ChatMessage[] {
  const style = detectStyle(prompt);
  const first = prompt.examples[0];
  const examples = first ? linesOf(prompt, first.range.startLine, prompt.lines.length) : '';
  const tail = mistakeLines(prompt, mistake, style).join('\n');
  const user = examples === '' ? tail : `${examples}${'\n'.repeat(style.gap + 1)}${tail}`;
  const messages: ChatMessage[] = [];
  if (prompt.instruction !== '') messages.push({ role: 'system', content: prompt.instruction });
  messages.push({ role: 'user', content: user });
  return messages;
}

/** Lines from..to (1-based, inclusive) joined with '\n', trailing blank space removed. */
function linesOf(prompt: FewShotPrompt, from: number, to: number): string {
  const out: string[] = [];
  for (let i = from - 1; i < to; i++) out.push(visibleText(prompt.lines, i));
  return out.join('\n').trimEnd();
}

function continueLabel(format: PromptFormat, style: PromptStyle): string {
  return `${format === 'steps' ? style.labels.incorrectStep : style.labels.mistakes}:`;
}

/** The question and the wrong solution or answer, in the file's own layout. */
function mistakeLines(prompt: FewShotPrompt, mistake: Mistake, style: PromptStyle): string[] {
  const format = prompt.format;
  const question = textLines(style.labels.question, mistake.question);
  if ('originalSteps' in mistake) {
    if (format !== 'steps') throw new Error(layoutMismatch(prompt.file, 'multiple-choice', 'a solution in steps'));
    return [...question, ...blockLines(style.labels.originalSolution, numberSteps([...mistake.originalSteps]).split('\n'), style.block)];
  }
  if (format !== 'multiple-choice') throw new Error(layoutMismatch(prompt.file, 'step', 'a multiple-choice answer'));
  return [
    ...question,
    ...textLines(style.labels.candidateAnswers, formatCandidates(mistake.candidates)),
    ...blockLines(style.labels.originalAnswer, mistake.originalAnswer.split('\n'), style.block),
  ];
}

function layoutMismatch(file: string, layout: string, what: string): string {
  return `${file}: this few-shot prompt uses the ${layout} layout but the mistake is ${what}; pick the prompt made for this task (samples/prompts/*.fewshot.txt)`;
}
