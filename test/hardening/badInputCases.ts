/**
 * The bad-input corpus of issue 8 (test/fixtures/bad): each broken dataset and few-shot prompt with
 * the diagnostics it must get — line, column when the reader gives one, severity and reason. The
 * CLI suite (test/unit/hardening) and the VS Code suite (test/integration) check the same table.
 */

export interface Expected {
  line: number;
  column?: number;
  severity: 'error' | 'warning';
  reason: RegExp;
}

export interface Case {
  file: string;
  /** Everything the file must get, and nothing more; any error makes the CLI exit with 1. */
  diagnostics: Expected[];
  /** Questions that still load (datasets only). */
  questions?: number;
}

export const e = (line: number, reason: RegExp, column?: number): Expected => ({ line, severity: 'error', reason, ...(column === undefined ? {} : { column }) });
const w = (line: number, reason: RegExp): Expected => ({ line, severity: 'warning', reason });

const NOT_JSON = /is not valid JSON/;
const NOT_OBJECT = /not a JSON object with named fields/;
const NOT_UTF8 = /not valid UTF-8/;

/** Datasets: issue 3's list (malformed line, missing field, empty, BOM, CRLF, 10 MB line, invalid UTF-8, torn last line) and more. */
export const BAD_DATASETS: Case[] = [
  { file: 'malformed-line.jsonl', questions: 2, diagnostics: [e(2, /Expected ',' or '}'/, 23)] },
  { file: 'missing-field.jsonl', questions: 2, diagnostics: [e(2, /missing field 'answer'/)] },
  { file: 'empty.jsonl', questions: 0, diagnostics: [e(1, /the file is empty/)] },
  { file: 'blank-only.jsonl', questions: 0, diagnostics: [e(1, /the file is empty/)] },
  { file: 'bom.jsonl', questions: 2, diagnostics: [w(1, /byte-order mark/)] },
  { file: 'crlf.jsonl', questions: 3, diagnostics: [] },
  { file: 'crlf-bad-line.jsonl', questions: 3, diagnostics: [e(3, /Unterminated string/, 18)] },
  { file: 'invalid-utf8.jsonl', questions: 2, diagnostics: [e(2, NOT_UTF8)] },
  { file: 'torn-last-line.jsonl', questions: 2, diagnostics: [e(3, /the last line is cut off/)] },
  { file: 'non-object.jsonl', questions: 2, diagnostics: [e(2, /an array/), e(3, /a string/), e(4, /a number/), e(5, /null/), e(6, /a boolean/)].map((d) => ({ ...d, reason: new RegExp(`${d.reason.source}, ${NOT_OBJECT.source}`) })) },
  {
    file: 'wrong-types.jsonl',
    questions: 2,
    diagnostics: [e(2, /field 'question' is an array, expected text/), e(3, /field 'answer' is an? object, expected text/), e(4, /missing field 'question'/)],
  },
  { file: 'unknown-format.jsonl', questions: 0, diagnostics: [e(1, /cannot tell the dataset format .*fields: foo, bar/)] },
  { file: 'array-broken-middle.json', questions: 2, diagnostics: [e(3, /element 2 is not valid JSON/)] },
  { file: 'array-unclosed.json', questions: 2, diagnostics: [e(4, /no closing '\]'/)] },
  { file: 'array-trailing-comma.json', questions: 2, diagnostics: [w(4, /trailing comma/)] },
  { file: 'array-empty.json', questions: 0, diagnostics: [e(1, /no records|empty/)] },
  { file: 'array-non-objects.json', questions: 1, diagnostics: [e(3, /element 2 is a number/), e(4, /element 3 is a string/), e(5, /element 4 is an array/)] },
  { file: 'pretty-printed-object.jsonl', questions: 0, diagnostics: [e(1, /pretty-printed JSON object/, 2), e(2, NOT_JSON, 13), e(3, NOT_JSON, 11), e(4, NOT_JSON)] },
  { file: 'no-final-answer.jsonl', questions: 3, diagnostics: [e(3, /no final answer \('#### n'\)/)] },
  { file: 'duplicates.jsonl', questions: 3, diagnostics: [w(3, /the same question and answer as line 1/)] },
  { file: 'csqa-answer-not-candidate.jsonl', questions: 1, diagnostics: [w(1, /'fridge' is not one of the candidates/)] },
  { file: 'math-no-boxed.jsonl', questions: 1, diagnostics: [e(2, /no \\boxed\{\} final answer/)] },
  { file: 'binary.jsonl', questions: 0, diagnostics: [e(1, NOT_UTF8), e(2, /the last line is cut off/)] },
  { file: 'utf16.jsonl', questions: 0, diagnostics: [e(1, NOT_UTF8), e(2, /the last line is cut off/)] },
  { file: 'deep-nesting.jsonl', questions: 2, diagnostics: [e(2, /field 'answer' is an array/)] },
  { file: 'nul-bytes.jsonl', questions: 2, diagnostics: [e(2, NOT_JSON)] },
];

/** Few-shot prompts: issue 3's list (missing section, unbalanced braces, step out of range, wrong start, no example) and more. */
export const BAD_PROMPTS: Case[] = [
  { file: 'missing-explanation.fewshot.txt', diagnostics: [e(11, /missing 'Explanation:' before 'Correct Solution:'/, 1)] },
  { file: 'missing-incorrect-step.fewshot.txt', diagnostics: [e(10, /missing 'Incorrect Step:'/, 1)] },
  { file: 'missing-original.fewshot.txt', diagnostics: [e(4, /missing 'Original Solution:'/, 1)] },
  { file: 'missing-correct-solution.fewshot.txt', diagnostics: [e(11, /ends without 'Correct Solution:'/, 1)] },
  { file: 'unclosed-original.fewshot.txt', diagnostics: [e(5, /'\{' is never closed/, 1)] },
  { file: 'unclosed-correct-at-eof.fewshot.txt', diagnostics: [e(13, /'\{' is never closed/, 1)] },
  { file: 'stray-closing-brace.fewshot.txt', diagnostics: [e(12, /'\}' closes no block/, 1)] },
  { file: 'step-out-of-range.fewshot.txt', diagnostics: [e(10, /Step 9' but the original solution has Steps 1–3/, 22)] },
  { file: 'step-zero.fewshot.txt', diagnostics: [e(10, /Step 0' but the original solution has Steps 1–3/, 22), e(14, /must start at the incorrect step/, 1)] },
  { file: 'step-not-a-number.fewshot.txt', diagnostics: [e(10, /write the incorrect step as 'Step k\.'/, 17)] },
  { file: 'wrong-start.fewshot.txt', diagnostics: [e(15, /must start at the incorrect step: write 'Step 2:' here, not 'Step 3:'/, 1)] },
  { file: 'starts-before-incorrect.fewshot.txt', diagnostics: [e(15, /write 'Step 2:' here, not 'Step 1:'/, 1)] },
  { file: 'no-example.fewshot.txt', diagnostics: [e(1, /no example found/, 1)] },
  { file: 'empty.fewshot.txt', diagnostics: [e(1, /the prompt file is empty:/, 1)] },
  { file: 'whitespace-only.fewshot.txt', diagnostics: [e(1, /the prompt file is empty \(only blank lines\)/, 1)] },
  { file: 'binary.fewshot.txt', diagnostics: [e(1, /no example found/, 1), e(1, NOT_UTF8)] },
  { file: 'invalid-utf8.fewshot.txt', diagnostics: [e(3, NOT_UTF8)] },
  { file: 'no-steps-in-original.fewshot.txt', diagnostics: [e(4, /has no steps/, 1), e(6, /expected 'Step 1:' here/, 1), e(8, /Steps 1–0/, 22)] },
  { file: 'empty-original.fewshot.txt', diagnostics: [e(4, /has no steps/, 1), e(7, /Steps 1–0/, 22)] },
  { file: 'numbering-gap.fewshot.txt', diagnostics: [e(7, /expected 'Step 2:' here, found 'Step 3:'/, 1)] },
  { file: 'duplicate-section.fewshot.txt', diagnostics: [e(12, /a second 'Explanation:'/, 1)] },
  { file: 'unknown-label.fewshot.txt', diagnostics: [{ ...w(12, /unknown label 'Hint:'/), column: 1 }] },
  { file: 'second-example-broken.fewshot.txt', diagnostics: [e(26, /Step 7' but the original solution has Steps 1–3/, 22)] },
  { file: 'mc-missing-corrected.fewshot.txt', diagnostics: [e(6, /ends without 'Corrected Answer:'/, 1)] },
  { file: 'mc-missing-mistakes.fewshot.txt', diagnostics: [e(6, /missing 'Mistakes:'/, 1)] },
  { file: 'mc-missing-candidates.fewshot.txt', diagnostics: [e(10, /missing 'Candidate Answers:'/, 1)] },
  { file: 'mc-unclosed-brace.fewshot.txt', diagnostics: [e(5, /'\{' is never closed/, 18)] },
  {
    file: 'mixed-layouts.fewshot.txt',
    diagnostics: [
      ...[20, 21, 22, 23].map((line) => e(line, /belongs to the multiple-choice layout, but this file uses the step layout/, 1)),
      ...['Original Solution', 'Incorrect Step', 'Explanation', 'Correct Solution'].map((label) => e(23, new RegExp(`ends without '${label}:'`), 1)),
    ],
  },
];
