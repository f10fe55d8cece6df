/** Where a record came from, so every message and every record can point back at its line. */
export interface SourceLocation {
  file: string;
  /** 1-based line in a JSONL file; 1-based index of the element in a JSON array. */
  line: number;
}

/** One training or test question, whatever format it was read from. */
export interface Question {
  /** Stable id: hash of the question, gold answer and candidates (so a renamed file keeps its ids); repeats get -2, -3. */
  id: string;
  source: SourceLocation;
  question: string;
  /** The gold final answer, already extracted (e.g. "18" from "#### 18", "\\frac{1}{2}" from a \boxed{}). */
  goldAnswer: string;
  /** The annotated solution, when the dataset has one (CoT data). */
  goldSolution?: string;
  /** Multiple-choice candidates (CSQA style), in order; the gold answer is one of them. */
  candidates?: string[];
  /** Anything else the dataset carries (MATH level and type, …). */
  meta?: Record<string, unknown>;
}
