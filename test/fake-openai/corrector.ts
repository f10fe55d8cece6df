/**
 * The fake M_c: reads the last `Question:` and `Original Solution:` of a LEMA correction request
 * and answers in the LEMA format (Incorrect Step / Explanation / Correct Solution). Where the answer
 * key has a worked solution it finds the first step that departs from it; a configurable share of
 * replies is wrong or does not follow the format, so callers can test both outcomes.
 */
import { evaluate, formatNumber, parseNumber } from './arithmetic';
import { unitHash } from './hash';
import { solutionSteps, stepResult } from './mistakes';
import type { Script } from './scripts';
import type { AnswerKeyEntry } from './answer-key';

export interface CorrectorOptions {
  /** Share of corrections whose final answer is still wrong. Default 0. */
  wrongRate?: number;
  /** Share of replies that ignore the format (a recorded "unparseable" outcome). Default 0. */
  unparseableRate?: number;
}

export interface CorrectionRequest {
  question: string;
  /** The original solution's steps, without their `Step k:` labels. */
  steps: string[];
  /** Whether the request wrapped the solution in `{ … }`; the reply does the same. */
  braces: boolean;
  /** Whether the prompt ends with the `Incorrect Step:` cue, so the reply continues after it (base models). */
  continues: boolean;
}

/** The last question and original solution in a correction request, or undefined when it has none. */
export function parseCorrectionRequest(prompt: string): CorrectionRequest | undefined {
  const at = prompt.lastIndexOf('Question:');
  if (at < 0) return undefined;
  const rest = prompt.slice(at + 'Question:'.length);
  const solutionAt = rest.indexOf('Original Solution:');
  if (solutionAt < 0) return undefined;
  const question = rest.slice(0, solutionAt).trim();
  let solution = rest.slice(solutionAt + 'Original Solution:'.length);
  const stopAt = solution.indexOf('Incorrect Step:');
  if (stopAt >= 0) solution = solution.slice(0, stopAt);
  const steps: string[] = [];
  for (const line of solution.split('\n')) {
    const m = /^\s*Step\s+\d+\s*:\s*(.*)$/.exec(line);
    if (m?.[1] !== undefined) steps.push(m[1].trim());
  }
  if (steps.length === 0) return undefined;
  return { question, steps, braces: solution.trim().startsWith('{'), continues: /Incorrect Step:\s*$/.test(prompt) };
}

export function corrector(options: CorrectorOptions = {}): Script {
  const wrongRate = options.wrongRate ?? 0;
  const unparseableRate = options.unparseableRate ?? 0;
  return (request, context) => {
    const typed = classifyRequest(request.prompt);
    if (typed !== undefined) return typed;
    const parsed = parseCorrectionRequest(request.prompt);
    if (!parsed) return 'I need a Question: and an Original Solution: with numbered steps to correct.';
    const entry = context.answerKey.lookup(parsed.question);
    const sample = [parsed.question, parsed.steps.join('\n'), context.seed ?? '', context.sampleIndex] as const;
    if (unitHash('corrector-format', ...sample) < unparseableRate) {
      return 'The original solution looks mostly reasonable, though I would double-check the arithmetic.';
    }
    const correction = entry ? correctAgainstKey(parsed.steps, entry) : checkArithmetic(parsed.steps);
    if (correction === 'none') return parsed.continues ? ` ${NO_WRONG_STEP.slice('Incorrect Step: '.length)}` : NO_WRONG_STEP;
    if (entry && unitHash('corrector-wrong', ...sample) < wrongRate) {
      const last = correction.correctSteps.length - 1;
      correction.correctSteps[last] = `The answer is ${wrongAnswer(entry.goldAnswer)}.`;
    }
    const text = render(correction, parsed.braces);
    return parsed.continues ? ` ${text.slice('Incorrect Step: '.length)}` : text;
  };
}

/**
 * The error-type classification prompt (`run classify`): one word from the explanation's wording, as
 * a model that reads it would answer — "calculation" for a slip in a computation, "operation" for a
 * wrong operation, "skipped" for something left out, else "other".
 */
function classifyRequest(prompt: string): string | undefined {
  if (!prompt.startsWith('Classify the mistake in a step')) return undefined;
  const why = (/\nWhy it is wrong: (.*)\n/.exec(prompt)?.[1] ?? '').toLowerCase();
  if (/calculation|arithmetic|\bis \$?\d[\d.,]*,? not\b/.test(why)) return 'calculation';
  if (/multipl|divid|added|subtract/.test(why)) return 'operation';
  if (/forg|miss|left out/.test(why)) return 'skipped';
  return 'other';
}

interface Correction {
  /** 1-based. */
  incorrectStep: number;
  explanation: string;
  /** Steps from `incorrectStep` on. */
  correctSteps: string[];
}

function correctAgainstKey(original: readonly string[], entry: AnswerKeyEntry): Correction {
  const answerStep = `The answer is ${entry.goldAnswer}.`;
  if (entry.goldSolution === undefined) {
    const k = Math.max(0, original.length - (/^The answer is/i.test(original[original.length - 1] ?? '') ? 2 : 1));
    return {
      incorrectStep: k + 1,
      explanation: `The calculation in Step ${k + 1} is wrong; done correctly it gives ${entry.goldAnswer}.`,
      correctSteps: [`Redoing this calculation correctly gives ${entry.goldAnswer}.`, answerStep],
    };
  }
  const gold = [...solutionSteps(entry.goldSolution), answerStep];
  let k = original.findIndex((step, i) => squash(step) !== squash(gold[i] ?? ''));
  if (k < 0 || k >= gold.length) k = Math.min(original.length, gold.length) - 1;
  return { incorrectStep: k + 1, explanation: explain(original[k] ?? '', gold[k] ?? '', k + 1), correctSteps: gold.slice(k) };
}

function explain(wrong: string, right: string, stepNumber: number): string {
  const w = stepResult(wrong);
  const r = stepResult(right);
  if (w && r && squash(w.expression) === squash(r.expression) && w.value !== r.value) {
    return `Step ${stepNumber} makes a calculation error: ${r.expression} is ${formatNumber(r.value)}, not ${formatNumber(w.value)}.`;
  }
  return `Step ${stepNumber} does not follow from the question; it should say: ${right}`;
}

/** The documented answer for a solution with no wrong step (see the README's few-shot format). */
const NO_WRONG_STEP = 'Incorrect Step: None.\nExplanation: Every calculation checks out, and each step follows from the ones before it.';

/**
 * Without the answer key the fake can still check arithmetic: the first step whose `expression =
 * value` is computed wrongly is the incorrect one; a solution whose every calculation is right has
 * no wrong step it can see. (It misses errors of reasoning, as a weak critic does.)
 */
function checkArithmetic(original: readonly string[]): Correction | 'none' {
  for (const [i, step] of original.entries()) {
    const result = stepResult(step);
    const value = result === undefined ? undefined : evaluate(result.expression);
    if (result === undefined || value === undefined || Math.abs(value - result.value) < 1e-9) continue;
    const fixed = `${step.slice(0, result.valueStart)}${formatNumber(value)}${step.slice(result.valueEnd)}`;
    return {
      incorrectStep: i + 1,
      explanation: `Step ${i + 1} makes a calculation error: ${result.expression} is ${formatNumber(value)}, not ${formatNumber(result.value)}.`,
      correctSteps: [fixed],
    };
  }
  return 'none';
}

function render(c: Correction, braces: boolean): string {
  const steps = c.correctSteps.map((s, i) => `Step ${c.incorrectStep + i}: ${s}`);
  const body = [...(c.incorrectStep > 1 ? ['...'] : []), ...steps];
  return [
    `Incorrect Step: Step ${c.incorrectStep}.`,
    `Explanation: ${c.explanation}`,
    'Correct Solution:',
    ...(braces ? ['{', ...body, '}'] : body),
  ].join('\n');
}

function wrongAnswer(goldAnswer: string): string {
  const gold = parseNumber(goldAnswer);
  return gold === undefined ? `${goldAnswer}0` : formatNumber(gold + 1);
}

function squash(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
