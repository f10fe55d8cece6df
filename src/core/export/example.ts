/** One fine-tuning example, before it is written in any file format. */
import type { TaskId } from '../task/task';

/** Where an example comes from: the dataset's annotated solution, a correct path sampled from M_c, or a verified correction. */
export type ExampleSource = 'gold' | 'augmented' | 'correction';

export const EXAMPLE_SOURCES: readonly ExampleSource[] = ['gold', 'augmented', 'correction'];

/** What to export: CoT data (gold + augmented), correction data, or both mixed (LEMA). */
export type ExportContent = 'cot' | 'correction' | 'both';

export const EXPORT_CONTENTS: readonly ExportContent[] = ['cot', 'correction', 'both'];

function isCot(source: ExampleSource): boolean {
  return source !== 'correction';
}

export function inContent(source: ExampleSource, content: ExportContent): boolean {
  return content === 'both' || (content === 'cot') === isCot(source);
}

export interface TrainingExample {
  /** Unique and stable ("gold:<questionId>", "augmented:<pathId>", "correction:<correctionId>"): the order before seeded shuffling. */
  key: string;
  source: ExampleSource;
  /** The run it was read from (for gold, the first run whose dataset holds it). */
  runId: string;
  questionId: string;
  /** The question as asked, for the test-set guard. */
  question: string;
  task: TaskId;
  /** The model that wrote the output; absent for gold solutions. */
  model?: string;
  /** The instruction alone (Alpaca's `instruction`). */
  instruction: string;
  /** The question part, without the instruction (Alpaca's `input`). */
  input: string;
  /** Instruction and input as one prompt (prompt/completion, chat user message). */
  prompt: string;
  /** What the model should learn to write. */
  output: string;
}
