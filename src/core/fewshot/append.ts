/**
 * "Add Correction to Few-shot Prompt": a correction the researcher reviewed becomes one more
 * annotated example at the end of the prompt file, written the way the file writes its examples.
 */
import { formatCandidates } from '../task/solvePrompt';
import { numberSteps } from '../task/steps';
import type { SourceLine } from './lines';
import { parsePrompt } from './parse';
import type { PromptFormat } from './prompt';
import { blockLines, detectStyle, textLines, type PromptStyle } from './style';

export interface StepsAnnotation {
  question: string;
  originalSteps: readonly string[];
  incorrectStep: number;
  explanation: string;
  /** The corrected steps; they start at the incorrect step unless `correctedFrom` says otherwise. */
  correctedSteps: readonly string[];
  /** Number of the first corrected step when the corrector restated earlier steps too. */
  correctedFrom?: number;
}

export interface ChoiceAnnotation {
  question: string;
  candidates: readonly string[];
  originalAnswer: string;
  mistakes: string;
  correctedAnswer: string;
}

export type Annotation = StepsAnnotation | ChoiceAnnotation;

/**
 * The prompt text with `example` appended after its last example. Only blank lines at the very
 * end of the file are rewritten; everything before them stays byte for byte.
 */
export function appendExample(promptText: string, example: Annotation, file = 'prompt.fewshot.txt'): string {
  const prompt = parsePrompt(promptText, file);
  const format: PromptFormat = 'incorrectStep' in example ? 'steps' : 'multiple-choice';
  if (prompt.examples.length > 0 && prompt.format !== format) {
    throw new Error(`${file}: this prompt uses the ${prompt.format} layout; an example in the ${format} layout cannot be added to it`);
  }
  const style = detectStyle(prompt);
  const added = 'incorrectStep' in example ? stepsExampleLines(example, style, file) : choiceExampleLines(example, style);

  const lines: SourceLine[] = [...prompt.lines];
  while (lines.length > 0 && (lines.at(-1)?.text.trim() ?? '') === '') lines.pop();
  const last = lines.at(-1);
  if (last && last.eol === '') lines[lines.length - 1] = { text: last.text, eol: style.eol };
  const separator = lines.length === 0 ? [] : Array.from({ length: style.gap }, () => '');
  const appended: SourceLine[] = [...separator, ...added].map((text) => ({ text, eol: style.eol }));
  const tail = appended.at(-1);
  if (tail && !style.finalNewline) tail.eol = '';
  return [...lines, ...appended].map((l) => l.text + l.eol).join('');
}

function stepsExampleLines(example: StepsAnnotation, style: PromptStyle, file: string): string[] {
  const k = example.incorrectStep;
  const n = example.originalSteps.length;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new Error(`${file}: cannot add this example: its incorrect step is Step ${k} but the original solution has ${n} steps`);
  }
  const from = example.correctedFrom ?? k;
  if (from > k) {
    throw new Error(`${file}: cannot add this example: its corrected steps start at Step ${from}, after the incorrect Step ${k}`);
  }
  const corrected = example.correctedSteps.slice(k - from);
  if (corrected.length === 0) throw new Error(`${file}: cannot add this example: it has no corrected steps from Step ${k} on`);
  const correctedBody = [...(k > 1 ? [style.elision] : []), ...corrected.flatMap((s, i) => `Step ${k + i}: ${s}`.split('\n'))];
  return [
    ...textLines(style.labels.question, example.question),
    ...blockLines(style.labels.originalSolution, numberSteps([...example.originalSteps]).split('\n'), style.block),
    `${style.labels.incorrectStep}: Step ${k}.`,
    ...textLines(style.labels.explanation, example.explanation),
    ...blockLines(style.labels.correctSolution, correctedBody, style.block),
  ];
}

function choiceExampleLines(example: ChoiceAnnotation, style: PromptStyle): string[] {
  return [
    ...textLines(style.labels.question, example.question),
    ...textLines(style.labels.candidateAnswers, formatCandidates(example.candidates)),
    ...blockLines(style.labels.originalAnswer, example.originalAnswer.split('\n'), style.block),
    ...textLines(style.labels.mistakes, example.mistakes),
    ...blockLines(style.labels.correctedAnswer, example.correctedAnswer.split('\n'), style.block),
  ];
}
