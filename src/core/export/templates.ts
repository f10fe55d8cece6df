/**
 * The text of each example: the solve prompt for CoT data and the paper's correction layout
 * (instruction, question, original solution as "Step k:" lines → "Incorrect Step: Step k.",
 * "Explanation: …", "Correct Solution:" and the corrected steps). Templates are editable
 * (settings `mistakebook.export.*`, CLI flags) and filled in one pass, so braces in a question
 * (LaTeX) are never read as placeholders.
 */
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import { formatCandidates } from '../task/solvePrompt';
import { numberSteps } from '../task/steps';
import type { TaskId } from '../task/task';

export interface ExportTemplates {
  /** The instruction of a CoT example. */
  cotInstruction: string;
  /** The question part of a CoT example: {question}, {candidates}. '' = the task's layout. */
  cotInput: string;
  /** The instruction of a correction example. '' = the instruction paragraph of the run's correction prompt. */
  correctionInstruction: string;
  /** The question part of a correction example: {question}, {originalSolution}, {candidates}. '' = the task's layout. */
  correctionInput: string;
  /** A system message for the chat format; '' = none. */
  systemMessage: string;
}

/** Together these give LEMA's solve prompt: "Please solve … problem.\nQuestion: …\nAnswer: Let's think step by step.\n". */
export const DEFAULT_TEMPLATES: ExportTemplates = {
  cotInstruction: 'Please solve the following math problem.',
  cotInput: '',
  correctionInstruction: '',
  correctionInput: '',
  systemMessage: '',
};

const MATH_COT_INPUT = "Question: {question}\nAnswer: Let's think step by step.";
const CHOICE_COT_INPUT = "Question: {question}\nCandidate Answers: {candidates}\nAnswer: Let's think step by step.";
/** The paper's correction layouts: a wrong path as "Step k:" lines, or (CommonsenseQA) a wrong answer among candidates. */
const STEPS_CORRECTION_INPUT = 'Question: {question}\nOriginal Solution:\n{originalSolution}';
const CHOICE_CORRECTION_INPUT = 'Question: {question}\nCandidate Answers: {candidates}\nOriginal Answer: {originalSolution}';

/** Used when neither the settings nor the run's prompt give a correction instruction. */
const FALLBACK_CORRECTION_INSTRUCTION =
  'Below is a math problem with an original solution that may contain a mistake. Find the first incorrect step, explain the mistake, and write the correct solution from that step on.';

interface Fields {
  question: string;
  candidates?: readonly string[] | undefined;
  originalSolution?: string;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function fillTemplate(template: string, fields: Fields, what: string): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    if (name === 'question') return fields.question;
    if (name === 'originalSolution' && fields.originalSolution !== undefined) return fields.originalSolution;
    if (name === 'candidates') {
      if (fields.candidates === undefined || fields.candidates.length === 0) {
        throw new Error(`the ${what} template uses {candidates} but question "${fields.question.slice(0, 40)}" has none; use that template for multiple-choice runs only`);
      }
      return formatCandidates(fields.candidates);
    }
    const known = fields.originalSolution === undefined ? '{question} and {candidates}' : '{question}, {candidates} and {originalSolution}';
    throw new Error(`the ${what} template has an unknown placeholder {${name}}; the known ones are ${known} (settings mistakebook.export.*)`);
  });
}

export interface ExampleText {
  instruction: string;
  input: string;
  prompt: string;
  output: string;
}

/** CoT: the solve prompt, then the rationale. The prompt ends with a newline, as the paper's does. */
export function cotText(templates: ExportTemplates, task: TaskId, question: Fields, rationale: string): ExampleText {
  const inputTemplate = templates.cotInput !== '' ? templates.cotInput : task === 'mc' ? CHOICE_COT_INPUT : MATH_COT_INPUT;
  const instruction = templates.cotInstruction.trim();
  const input = fillTemplate(inputTemplate, question, 'CoT input').trim();
  return { instruction, input, prompt: `${instruction === '' ? '' : `${instruction}\n`}${input}\n`, output: rationale.trim() };
}

/**
 * Whether the correction has every part its training output needs: an explanation, and the
 * incorrect step with corrected steps (or, for a multiple-choice path, the corrected answer).
 */
export function correctionComplete(correction: CorrectionParts, choice: boolean): boolean {
  if (!hasText(correction.explanation)) return false;
  if (choice) return hasText(correction.correctedAnswer);
  return correction.incorrectStep !== undefined && correction.correctedSteps !== undefined && correction.correctedSteps.length > 0;
}

/** What a correction example shows of the original path. */
export type OriginalPath = Pick<PathRecord, 'task' | 'question' | 'candidates' | 'completion' | 'steps'>;

/** What a correction example shows of the correction. */
export type CorrectionParts = Pick<CorrectionRecord, 'explanation' | 'incorrectStep' | 'correctedSteps' | 'correctedFrom' | 'correctedAnswer'>;

/** Whether the text has anything but white space (as `trim() !== ''`, without making a trimmed copy). */
function hasText(text: string | undefined): boolean {
  return text !== undefined && /\S/.test(text);
}

/** A correction in the paper's shape; null when the record lacks a part the output needs. */
export function correctionText(
  templates: ExportTemplates,
  instructionFromRun: string,
  path: OriginalPath,
  correction: CorrectionParts,
): ExampleText | null {
  const output = correctionOutput(correction, path.task === 'mc');
  if (output === null) return null;
  return { ...correctionPrompt(templates, instructionFromRun, path, originalSolution(path)), output };
}

/** What a correction example is to teach: the paper's layout; null when the record lacks a part it needs. */
export function correctionOutput(correction: CorrectionParts, choice: boolean): string | null {
  if (!correctionComplete(correction, choice)) return null;
  const explanation = correction.explanation?.trim() ?? '';
  return choice ? choiceOutput(explanation, correction) : stepsOutput(explanation, correction);
}

/** What a correction example shows of the original path: its steps as "Step k:" lines, or (multiple choice) its answer. */
export function originalSolution(path: Pick<PathRecord, 'task' | 'completion' | 'steps'>): string {
  return path.task === 'mc' ? path.completion.trim() : numberSteps(path.steps);
}

/** The prompt side of a correction example: the instruction, then the question and the original solution. */
export function correctionPrompt(
  templates: ExportTemplates,
  instructionFromRun: string,
  path: Pick<PathRecord, 'task' | 'question' | 'candidates'>,
  original: string,
): Omit<ExampleText, 'output'> {
  const choice = path.task === 'mc';
  const instruction = (templates.correctionInstruction !== '' ? templates.correctionInstruction : instructionFromRun || FALLBACK_CORRECTION_INSTRUCTION).trim();
  const template = templates.correctionInput !== '' ? templates.correctionInput : choice ? CHOICE_CORRECTION_INPUT : STEPS_CORRECTION_INPUT;
  const input = fillTemplate(template, { question: path.question, candidates: path.candidates, originalSolution: original }, 'correction input').trim();
  return { instruction, input, prompt: `${instruction}\n\n${input}\n` };
}

/** "Incorrect Step: Step k." / "Explanation: …" / "Correct Solution:" and the steps from k on ("..." for the ones kept). */
function stepsOutput(explanation: string, correction: CorrectionParts): string {
  const incorrectStep = correction.incorrectStep ?? 1;
  const correctedSteps = correction.correctedSteps ?? [];
  const from = correction.correctedFrom ?? incorrectStep;
  return [
    `Incorrect Step: Step ${incorrectStep}.`,
    `Explanation: ${explanation}`,
    'Correct Solution:',
    ...(from > 1 ? ['...'] : []),
    ...correctedSteps.map((step, i) => `Step ${from + i}: ${step}`),
  ].join('\n');
}

/** Multiple choice (CommonsenseQA): "Mistakes: …" / "Corrected Answer: …". */
function choiceOutput(mistakes: string, correction: CorrectionParts): string {
  return `Mistakes: ${mistakes}\nCorrected Answer: ${correction.correctedAnswer?.trim() ?? ''}`;
}

/**
 * A dataset's annotated solution as a training target. GSM8K's calculator marks (<<4*12=48>>) are
 * tool hints, not reasoning, and its "#### 18" line becomes the sentence the solve prompt expects.
 */
export function goldRationale(task: TaskId, solution: string): string {
  if (task !== 'gsm8k') return solution.trim();
  const text = solution.replace(/<<[^<>]*>>/g, '').replace(/\r\n?/g, '\n');
  const final = /\n?[ \t]*####[ \t]*([^\n]*)\s*$/.exec(text);
  if (final === null) return text.trim();
  return `${text.slice(0, final.index).trim()}\nThe answer is ${(final[1] ?? '').trim()}.`;
}
