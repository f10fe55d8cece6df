/**
 * Reading the corrector's output. Models do not always keep the layout of the examples: they add
 * a sentence before or after, use markdown bold, drop the braces, write "step 2:" or "Corrected
 * Solution:", or — as completion models do — continue past the answer into a new "Question:".
 * All of that is read; what is still unreadable becomes an `unparseable` outcome with a reason.
 */
import type { ChoiceCorrection, Correction, CorrectionOutcome, StepCorrection } from './correction';

/** A label at the start of a line, allowing markdown decoration ("**Incorrect Step:**", "### Explanation:"). */
function labelPattern(name: string): RegExp {
  return new RegExp(`^[\\s>#*_-]*(?:${name})[\\s*_]*:[\\s*_]*(.*)$`, 'i');
}

const INCORRECT_STEP = labelPattern('incorrect\\s+step');
const EXPLANATION = labelPattern('explanation');
const CORRECT_SOLUTION = labelPattern('correct(?:ed)?\\s+solution');
const MISTAKES = labelPattern('mistakes?');
const CORRECTED_ANSWER = labelPattern('correct(?:ed)?\\s+answer');
/** Labels that mean the model has moved on to another example. */
const NEXT_EXAMPLE = labelPattern('question|original\\s+solution|original\\s+answer|candidate\\s+answers');

const STEP_NUMBER = /^[\s*_]*step[\s*_]*(\d+)\b/i;
const STEP_LINE = /^[\s>*_-]*step[\s]*(\d+)[\s*_]*[:.)][\s*_]*(.*)$/i;
const ELISION = /^[\s*_[(]*(?:\.\.\.|…)[\s*_\])]*$/;
const FENCE = /^\s*```/;

/** The output's lines, without markdown code fences. */
function toLines(raw: string): string[] {
  return raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => !FENCE.test(l));
}

function findLabel(doc: readonly string[], pattern: RegExp, from: number): { index: number; rest: string } | null {
  for (let i = from; i < doc.length; i++) {
    const m = pattern.exec(doc[i] ?? '');
    if (m) return { index: i, rest: (m[1] ?? '').trim() };
  }
  return null;
}

function unparseable(raw: string, reason: string): { status: 'unparseable'; raw: string; reason: string } {
  return { status: 'unparseable', raw, reason };
}

/**
 * `originalStepCount`, when given, rejects an incorrect step the original solution does not have.
 */
export function parseStepCorrection(raw: string, originalStepCount?: number): CorrectionOutcome<StepCorrection> {
  const doc = toLines(raw);
  const incorrect = readIncorrectStep(doc);
  if (typeof incorrect === 'string') return unparseable(raw, incorrect);
  if (incorrect.step === null) return unparseable(raw, SAYS_NO_WRONG_STEP);
  const k = incorrect.step;
  if (k < 1) return unparseable(raw, 'the incorrect step is Step 0; steps are numbered from 1');
  if (originalStepCount !== undefined && k > originalStepCount) {
    return unparseable(raw, `the incorrect step is Step ${k}, but the original solution has Steps 1–${originalStepCount}`);
  }

  const explanationLabel = findLabel(doc, EXPLANATION, incorrect.index);
  if (!explanationLabel) return unparseable(raw, "no 'Explanation:' after the incorrect step");
  const solutionLabel = findLabel(doc, CORRECT_SOLUTION, explanationLabel.index + 1);
  if (!solutionLabel) return unparseable(raw, "no 'Correct Solution:' after the explanation");
  const explanation = [explanationLabel.rest, ...doc.slice(explanationLabel.index + 1, solutionLabel.index)].join('\n').trim();
  if (explanation === '') return unparseable(raw, "'Explanation:' is empty");

  const body = solutionBody(doc, solutionLabel.index, solutionLabel.rest);
  const steps = readSteps(body, k);
  if (typeof steps === 'string') return unparseable(raw, steps);
  return {
    status: 'parsed',
    correction: { format: 'steps', incorrectStep: k, explanation, correctedSteps: steps.texts, correctedFrom: steps.from },
  };
}

export function parseChoiceCorrection(raw: string): CorrectionOutcome<ChoiceCorrection> {
  const doc = toLines(raw);
  const mistakesLabel = findLabel(doc, MISTAKES, 0);
  const answerLabel = findLabel(doc, CORRECTED_ANSWER, mistakesLabel ? mistakesLabel.index + 1 : 0);
  if (!answerLabel) return unparseable(raw, "no 'Corrected Answer:' in the output");
  // Without a label the output continues a request that ended with "Mistakes:".
  const mistakes = mistakesLabel
    ? [mistakesLabel.rest, ...doc.slice(mistakesLabel.index + 1, answerLabel.index)].join('\n').trim()
    : doc.slice(0, answerLabel.index).join('\n').trim();
  if (mistakes === '') return unparseable(raw, "no mistakes are named before 'Corrected Answer:'");
  const body = solutionBody(doc, answerLabel.index, answerLabel.rest);
  const correctedAnswer = body.join('\n').trim();
  if (correctedAnswer === '') return unparseable(raw, "'Corrected Answer:' is empty");
  return { status: 'parsed', correction: { format: 'multiple-choice', mistakes, correctedAnswer } };
}

/** Why a correction that answers "Incorrect Step: None." has nothing to correct (correct.ts marks such a row). */
export const SAYS_NO_WRONG_STEP = "the corrector says no step is wrong ('Incorrect Step: None.')";

/**
 * The documented answer for a solution with no wrong step: "Incorrect Step: None." (also read:
 * "no incorrect step", "no wrong step", "N/A"). See the README's few-shot format.
 */
const NO_STEP = /^[\s*_]*(?:none|no\s+(?:incorrect|wrong)\s+steps?|n\/a)\b/i;

/**
 * The first wrong step a critic names, and nothing else of its reply: a step number (1-based),
 * null when it says no step is wrong, or why the reply cannot be read.
 */
export function readFirstWrongStep(raw: string, stepCount?: number): { step: number | null } | { reason: string } {
  const found = readIncorrectStep(toLines(raw));
  if (typeof found === 'string') return { reason: found };
  const k = found.step;
  if (k !== null && k < 1) return { reason: 'the incorrect step is Step 0; steps are numbered from 1' };
  if (k !== null && stepCount !== undefined && k > stepCount) return { reason: `the incorrect step is Step ${k}, but the solution has Steps 1–${stepCount}` };
  return { step: k };
}

function readIncorrectStep(doc: readonly string[]): { step: number | null; index: number } | string {
  const label = findLabel(doc, INCORRECT_STEP, 0);
  if (label) {
    const next = label.rest === '' ? (doc.slice(label.index + 1).find((l) => l.trim() !== '') ?? '') : label.rest;
    if (NO_STEP.test(next)) return { step: null, index: label.index + 1 };
    const m = STEP_NUMBER.exec(next) ?? /^[\s*_]*(\d+)\b/.exec(next);
    if (!m) return `'Incorrect Step:' is followed by "${next.slice(0, 40)}", not a step number`;
    return { step: Number(m[1]), index: label.index + 1 };
  }
  // A request that ends with "Incorrect Step:" gets an answer that starts with "Step k.".
  const firstIndex = doc.findIndex((l) => l.trim() !== '');
  if (firstIndex !== -1 && NO_STEP.test(doc[firstIndex] ?? '')) return { step: null, index: firstIndex + 1 };
  const m = STEP_NUMBER.exec(doc[firstIndex] ?? '');
  if (m && firstIndex !== -1) return { step: Number(m[1]), index: firstIndex + 1 };
  return "no 'Incorrect Step: Step k' in the output";
}

/**
 * The lines of a block that starts on the label line: inside `{…}` when braced (counting nested
 * braces, so LaTeX's \boxed{5} does not close it), otherwise up to the next example's label or
 * to chatter after a blank line.
 */
function solutionBody(doc: readonly string[], labelIndex: number, rest: string): string[] {
  const after = doc.slice(labelIndex + 1);
  const firstAfter = after.findIndex((l) => l.trim() !== '');
  if (rest.startsWith('{')) return insideBraces([rest.slice(1), ...after]);
  if (rest === '' && after[firstAfter]?.trim() === '{') return insideBraces(after.slice(firstAfter + 1));

  const lines: string[] = rest === '' ? [] : [rest];
  let blank = false;
  for (const line of after) {
    if (NEXT_EXAMPLE.test(line) || INCORRECT_STEP.test(line)) break;
    if (line.trim() === '') {
      blank = true;
      lines.push(line);
      continue;
    }
    if (blank && lines.some((l) => STEP_LINE.test(l)) && !STEP_LINE.test(line) && !ELISION.test(line)) break;
    blank = false;
    lines.push(line);
  }
  return lines;
}

/** Lines up to the brace that closes an already opened '{'; all of them when it never closes. */
function insideBraces(lines: readonly string[]): string[] {
  const out: string[] = [];
  let depth = 1;
  for (const line of lines) {
    if (NEXT_EXAMPLE.test(line)) break;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '{') depth++;
      else if (line[i] === '}') depth--;
      if (depth === 0) {
        out.push(line.slice(0, i));
        return out;
      }
    }
    out.push(line);
  }
  return out;
}

/**
 * The corrected steps. Numbered steps keep their numbers (a sentence before them is dropped);
 * a solution without any "Step k:" label is read one step per line, counted from the incorrect step.
 */
function readSteps(body: readonly string[], k: number): { texts: string[]; from: number } | string {
  const numbered: Array<{ number: number; lines: string[] }> = [];
  const loose: string[] = [];
  for (const line of body) {
    if (ELISION.test(line)) continue;
    const m = STEP_LINE.exec(line);
    if (m) {
      numbered.push({ number: Number(m[1]), lines: [m[2] ?? ''] });
    } else if (numbered.length > 0) {
      numbered.at(-1)?.lines.push(line);
    } else if (line.trim() !== '') {
      loose.push(line.trim().replace(/^[-*]\s+/, ''));
    }
  }
  const first = numbered[0];
  if (!first) return loose.length > 0 ? { texts: loose, from: k } : "'Correct Solution:' has no steps";
  if (first.number > k) return `the corrected solution starts at Step ${first.number}, after the incorrect Step ${k}`;
  if (first.number < 1) return 'the corrected solution starts at Step 0; steps are numbered from 1';
  for (const [i, step] of numbered.entries()) {
    if (step.number !== first.number + i) {
      return `the corrected steps are out of order: Step ${step.number} where Step ${first.number + i} should be`;
    }
  }
  return {
    texts: numbered.map((s) =>
      s.lines
        .map((l) => l.trimEnd())
        .join('\n')
        .trim(),
    ),
    from: first.number,
  };
}

/** The reader for a prompt's layout: steps for GSM8K and MATH, multiple choice for CommonsenseQA. */
export function parseCorrection(raw: string, format: Correction['format'], originalStepCount?: number): CorrectionOutcome {
  return format === 'steps' ? parseStepCorrection(raw, originalStepCount) : parseChoiceCorrection(raw);
}
