/** The dataset layouts Mistakebook reads; `generic` needs a field mapping (or plain `question`/`answer`). */
export type DatasetFormat = 'gsm8k' | 'math' | 'lema' | 'csqa' | 'generic' | 'processbench';

export const DATASET_FORMATS: readonly DatasetFormat[] = ['gsm8k', 'math', 'lema', 'csqa', 'generic', 'processbench'];

/** Which field of a generic record holds what. `answer` is the gold final answer itself. */
export interface FieldMapping {
  question: string;
  answer: string;
  /** An annotated solution; also the place to find the gold answer when `answer` is absent. */
  solution?: string;
  candidates?: string;
  /** The dataset's own id for the question, used instead of a content hash. */
  id?: string;
}

export const PLAIN_FIELDS: FieldMapping = { question: 'question', answer: 'answer' };

/** Reads gold answers out of solution texts; backed by the task (GSM8K "#### n", MATH last \boxed{}, …). */
export interface GoldReader {
  /** From an annotated solution (GSM8K answer field, MATH solution). */
  fromSolution(solution: string): string | null;
  /** From a model-style rationale ("… The answer is 18."), as in LEMA completions. */
  fromCompletion(completion: string): string | null;
}

/** A question before it gets its id and source. */
export interface QuestionDraft {
  question: string;
  goldAnswer: string;
  goldSolution?: string;
  candidates?: string[];
  meta?: Record<string, unknown>;
  /** The dataset's own id, when the mapping names one. */
  ownId?: string;
}

/** A question draft, or why the record cannot become one; a `warning` keeps the question but flags it. */
export type DraftResult = { draft: QuestionDraft; warning?: string } | { problem: string };

function has(fields: Record<string, unknown>, key: string): boolean {
  return fields[key] !== undefined && fields[key] !== null;
}

/** The format a single record looks like, or null when it fits none. */
function formatOfRecord(fields: Record<string, unknown>): DatasetFormat | null {
  // ProcessBench: a problem, its solution as an array of steps, and the earliest wrong step's index.
  if (Array.isArray(fields['steps']) && has(fields, 'problem') && typeof fields['label'] === 'number') return 'processbench';
  if (Array.isArray(fields['candidates']) && has(fields, 'answer') && (has(fields, 'question') || has(fields, 'prompt'))) return 'csqa';
  if (has(fields, 'problem') && has(fields, 'solution')) return 'math';
  if (has(fields, 'prompt') && (has(fields, 'completion') || has(fields, 'answer'))) return 'lema';
  if (has(fields, 'question') && has(fields, 'answer')) {
    const answer = fields['answer'];
    return typeof answer === 'string' && answer.includes('####') ? 'gsm8k' : 'generic';
  }
  return null;
}

/**
 * The format most of the first records look like (ties go to the earliest), or null when none
 * fits. Voting keeps one odd first record from deciding for the whole file.
 */
export function detectFormat(sample: readonly Record<string, unknown>[]): DatasetFormat | null {
  const votes = new Map<DatasetFormat, number>();
  for (const fields of sample) {
    const format = formatOfRecord(fields);
    if (format) votes.set(format, (votes.get(format) ?? 0) + 1);
  }
  let best: DatasetFormat | null = null;
  for (const [format, count] of votes) if (best === null || count > (votes.get(best) ?? 0)) best = format;
  return best;
}

/**
 * The question inside a LEMA-style prompt ("…\nQuestion: …\nAnswer: Let's think step by step.\n").
 * The last "Question:" wins, since few-shot prompts carry earlier worked questions.
 */
export function questionFromPrompt(prompt: string): string {
  const start = prompt.lastIndexOf('Question:');
  if (start < 0) return prompt.trim();
  const rest = prompt.slice(start + 'Question:'.length);
  const end = rest.search(/\n(?:Candidate Answers|Answer):/);
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

/** A field's text, or what is wrong with it. A bare string, so the usual case allocates nothing. */
type Text = string | { problem: string };

/** A field as text: strings as they are, numbers written out; anything else is a problem. */
function optionalText(fields: Record<string, unknown>, key: string): Text | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return { problem: `field '${key}' is ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}, expected text` };
}

function requiredText(fields: Record<string, unknown>, key: string): Text {
  return optionalText(fields, key) ?? { problem: `missing field '${key}'` };
}

/**
 * A question, problem or prompt: text only. A number there (`"question": 42`) is a broken record,
 * not the question "42"; answers and ids may still be numbers.
 */
function requiredString(fields: Record<string, unknown>, key: string): Text {
  const value = fields[key];
  if (value === undefined || value === null) return { problem: `missing field '${key}'` };
  if (typeof value === 'string') return value;
  return { problem: `field '${key}' is ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}, expected text` };
}

function candidatesField(fields: Record<string, unknown>, key: string): { value: string[] } | { problem: string } {
  const value = fields[key];
  if (!Array.isArray(value)) return { problem: `field '${key}' must be an array of candidate answers` };
  const out: string[] = [];
  for (const c of value) {
    if (typeof c === 'string' || typeof c === 'number') out.push(String(c));
    else return { problem: `field '${key}' holds a non-text candidate` };
  }
  return { value: out };
}

const HINT: Record<DatasetFormat, string> = {
  gsm8k: "GSM8K records need 'question' and 'answer' (ending '#### n')",
  math: "MATH records need 'problem' and 'solution' (with a \\boxed{} answer)",
  lema: "LEMA records need 'prompt' and 'completion' (or 'answer')",
  csqa: "multiple-choice records need 'question' or 'prompt', 'answer' and 'candidates'",
  generic: 'check the field mapping (--fields)',
  processbench: "ProcessBench records need 'problem', 'steps' (an array of texts) and 'label' (the earliest wrong step from 0, or -1)",
};

function problem(format: DatasetFormat, reason: string): DraftResult {
  return { problem: `${reason}; skipped (${HINT[format]})` };
}

/** Turns one record of the given format into a question draft, or says why it cannot. */
export function draftQuestion(
  fields: Record<string, unknown>,
  format: DatasetFormat,
  gold: GoldReader,
  mapping: FieldMapping = PLAIN_FIELDS,
): DraftResult {
  switch (format) {
    case 'gsm8k': {
      const question = requiredString(fields, 'question');
      const solution = requiredText(fields, 'answer');
      if (typeof question !== 'string') return problem(format, question.problem);
      if (typeof solution !== 'string') return problem(format, solution.problem);
      const goldAnswer = gold.fromSolution(solution);
      if (goldAnswer === null) return problem(format, "no final answer ('#### n') in field 'answer'");
      return { draft: { question, goldAnswer, goldSolution: solution } };
    }
    case 'math': {
      const question = requiredString(fields, 'problem');
      const solution = requiredString(fields, 'solution');
      if (typeof question !== 'string') return problem(format, question.problem);
      if (typeof solution !== 'string') return problem(format, solution.problem);
      const goldAnswer = gold.fromSolution(solution);
      if (goldAnswer === null) return problem(format, "no \\boxed{} final answer in field 'solution'");
      const meta: Record<string, unknown> = {};
      if (fields['level'] !== undefined) meta['level'] = fields['level'];
      if (fields['type'] !== undefined) meta['type'] = fields['type'];
      return { draft: { question, goldAnswer, goldSolution: solution, meta } };
    }
    case 'lema': {
      const prompt = requiredString(fields, 'prompt');
      if (typeof prompt !== 'string') return problem(format, prompt.problem);
      // Test files carry the gold answer itself; training files only the rationale that ends in it.
      const answer = optionalText(fields, 'answer');
      const completion = answer !== undefined ? optionalText(fields, 'completion') : requiredText(fields, 'completion');
      if (answer !== undefined && typeof answer !== 'string') return problem(format, answer.problem);
      if (completion !== undefined && typeof completion !== 'string') return problem(format, completion.problem);
      const goldAnswer = answer ?? (completion !== undefined ? gold.fromCompletion(completion) : null);
      if (goldAnswer === null) return problem(format, "no final answer ('The answer is …') in field 'completion'");
      const draft: QuestionDraft = { question: questionFromPrompt(prompt), goldAnswer, meta: { prompt } };
      if (completion !== undefined) draft.goldSolution = completion;
      return { draft };
    }
    case 'csqa': {
      const key = has(fields, 'question') ? 'question' : 'prompt';
      const text = requiredString(fields, key);
      const answer = requiredText(fields, 'answer');
      const candidates = candidatesField(fields, 'candidates');
      if (typeof text !== 'string') return problem(format, text.problem);
      if (typeof answer !== 'string') return problem(format, answer.problem);
      if ('problem' in candidates) return problem(format, candidates.problem);
      const draft: QuestionDraft = {
        question: key === 'prompt' ? questionFromPrompt(text) : text,
        goldAnswer: answer,
        candidates: candidates.value,
      };
      if (key === 'prompt') draft.meta = { prompt: text };
      if (candidates.value.includes(answer)) return { draft };
      return { draft, warning: `the answer '${answer}' is not one of the candidates` };
    }
    case 'generic':
      return draftGeneric(fields, gold, mapping);
    case 'processbench':
      return draftProcessBench(fields);
  }
}

/**
 * A ProcessBench record: a solution to judge rather than a question to solve. It has no gold answer;
 * its steps, the earliest wrong step as a 1-based step number (null: none is wrong, label -1) and
 * `final_answer_correct` go to `meta` (see `processBenchItem`).
 */
function draftProcessBench(fields: Record<string, unknown>): DraftResult {
  const question = requiredString(fields, 'problem');
  if (typeof question !== 'string') return problem('processbench', question.problem);
  const steps = fields['steps'];
  if (!Array.isArray(steps) || steps.length === 0 || !steps.every((s) => typeof s === 'string')) return problem('processbench', "field 'steps' must be a non-empty array of texts");
  const label = fields['label'];
  if (typeof label !== 'number' || !Number.isInteger(label) || label < -1 || label >= steps.length) {
    return problem('processbench', `field 'label' must be -1 or a step index from 0 to ${steps.length - 1}, got ${JSON.stringify(label)}`);
  }
  const meta: Record<string, unknown> = { steps, firstWrongStep: label === -1 ? null : label + 1 };
  if (typeof fields['final_answer_correct'] === 'boolean') meta['finalAnswerCorrect'] = fields['final_answer_correct'];
  const draft: QuestionDraft = { question, goldAnswer: '', meta };
  const id = optionalText(fields, 'id');
  if (id !== undefined && typeof id !== 'string') return problem('processbench', id.problem);
  if (id !== undefined) draft.ownId = id;
  return { draft };
}

/** A ProcessBench question's solution and its earliest wrong step (1-based; null: none), or undefined for any other question. */
export function processBenchItem(meta: Record<string, unknown> | undefined): { steps: string[]; firstWrongStep: number | null } | undefined {
  const steps = meta?.['steps'];
  const first = meta?.['firstWrongStep'];
  if (!Array.isArray(steps) || (first !== null && typeof first !== 'number')) return undefined;
  return { steps: steps as string[], firstWrongStep: first };
}

function draftGeneric(fields: Record<string, unknown>, gold: GoldReader, mapping: FieldMapping): DraftResult {
  const question = requiredString(fields, mapping.question);
  if (typeof question !== 'string') return problem('generic', question.problem);
  const solution = mapping.solution === undefined ? undefined : optionalText(fields, mapping.solution);
  if (solution !== undefined && typeof solution !== 'string') return problem('generic', solution.problem);
  // Without the answer field, the gold answer can still come from the mapped solution.
  const answer = solution !== undefined ? optionalText(fields, mapping.answer) : requiredText(fields, mapping.answer);
  if (answer !== undefined && typeof answer !== 'string') return problem('generic', answer.problem);
  const goldAnswer = answer ?? (solution !== undefined ? gold.fromSolution(solution) : null);
  if (goldAnswer === null) {
    return problem('generic', `no gold answer: field '${mapping.answer}' is missing and '${mapping.solution ?? ''}' has no final answer`);
  }
  const draft: QuestionDraft = { question, goldAnswer };
  if (solution !== undefined) draft.goldSolution = solution;
  if (mapping.candidates !== undefined) {
    const candidates = candidatesField(fields, mapping.candidates);
    if ('problem' in candidates) return problem('generic', candidates.problem);
    draft.candidates = candidates.value;
  }
  if (mapping.id !== undefined) {
    const id = requiredText(fields, mapping.id);
    if (typeof id !== 'string') return problem('generic', id.problem);
    draft.ownId = id;
  }
  return { draft };
}
