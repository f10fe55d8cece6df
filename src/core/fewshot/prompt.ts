/**
 * The few-shot correction prompt P_c of LEMA: an instruction paragraph, then hand-annotated
 * examples of a wrong solution and its correction. Two layouts exist: numbered steps (GSM8K,
 * MATH) and multiple choice (CommonsenseQA).
 */
import type { Diagnostic } from '../diagnostic';
import type { SourceLine } from './lines';

export type PromptFormat = 'steps' | 'multiple-choice';

export type SectionName =
  | 'question'
  | 'originalSolution'
  | 'incorrectStep'
  | 'explanation'
  | 'correctSolution'
  | 'candidateAnswers'
  | 'originalAnswer'
  | 'mistakes'
  | 'correctedAnswer';

/** 1-based, inclusive line numbers. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

/**
 * How a block section wraps its text: `{` and `}` on lines of their own, `{…}` starting on the
 * label line, or no braces at all (the paper's code uses both braced and bare layouts).
 */
export type BlockStyle = 'lines' | 'inline' | 'none';

/** One labelled part of an example, for the editor's outline and folding. */
export interface Section {
  name: SectionName;
  /** The label as written, without the colon ("Correct Solution"). */
  label: string;
  range: LineRange;
  /** Only for Original Solution / Correct Solution / Original Answer / Corrected Answer. */
  block?: BlockStyle;
}

interface ExampleBase {
  /** 0-based position in the file. */
  index: number;
  /** From the Question line to the example's last non-blank line. */
  range: LineRange;
  sections: Section[];
  question: string;
}

export interface StepsExample extends ExampleBase {
  format: 'steps';
  /** Step texts without their "Step k:" labels. */
  originalSteps: string[];
  /** k of "Incorrect Step: Step k.", or null when it is missing, unreadable or "None.". */
  incorrectStep: number | null;
  /** "Incorrect Step: None.": an example of a solution with no wrong step (it needs no Correct Solution). */
  noWrongStep?: boolean;
  explanation: string;
  /** The corrected steps after the "..." (normally from the incorrect step on), without labels. */
  correctedSteps: string[];
  /** The number of the first corrected step, or null when there is none. */
  correctedFrom: number | null;
}

export interface ChoiceExample extends ExampleBase {
  format: 'multiple-choice';
  candidateAnswers: string;
  originalAnswer: string;
  mistakes: string;
  correctedAnswer: string;
}

export type FewShotExample = StepsExample | ChoiceExample;

export interface FewShotPrompt {
  file: string;
  /** Taken from the first example's labels; 'steps' when there is no example. */
  format: PromptFormat;
  /** The whole file, line by line, with each line's own ending: printing joins them back. */
  lines: SourceLine[];
  /** Everything before the first example, trimmed; '' when there is none. */
  instruction: string;
  instructionRange: LineRange | null;
  examples: FewShotExample[];
  diagnostics: Diagnostic[];
  /** Every problem found, counted; `diagnostics` lists the first 100 and one line for the rest. */
  problemCounts: { errors: number; warnings: number };
}
