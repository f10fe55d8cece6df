/**
 * How the fake reasoner goes wrong: it takes a worked solution, miscalculates one step and
 * carries the wrong value through the steps after it, the way a real model's slip propagates.
 */
import { NUMBER, evaluate, formatNumber, parseNumber } from './arithmetic';

/** A worked solution as steps: one a line, GSM8K calculator annotations and `#### n` removed. */
export function solutionSteps(solution: string): string[] {
  return solution
    .split('\n')
    .map((line) => line.replace(/<<[^>]*>>/g, '').trim())
    .filter((line) => line !== '' && !line.startsWith('####'));
}

/** The `expression = value` a step computes (the last one in the step). */
export interface StepResult {
  expression: string;
  value: number;
  /** Offsets in the step of the expression's start and of the value's text. */
  expressionStart: number;
  valueStart: number;
  valueEnd: number;
}

const RESULT = /=\s*\$?(-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))/g;
const EXPRESSION_CHARS = '0123456789.,$ +-*/x×÷()';

export function stepResult(step: string): StepResult | undefined {
  const matches = [...step.matchAll(RESULT)];
  const last = matches[matches.length - 1];
  const digits = last?.[1];
  if (!last || digits === undefined) return undefined;
  let start = last.index;
  while (start > 0 && EXPRESSION_CHARS.includes(step.charAt(start - 1))) start -= 1;
  while (start < last.index && !/[\d($]/.test(step.charAt(start))) start += 1;
  const expression = step.slice(start, last.index).trim();
  const value = parseNumber(digits);
  if (expression === '' || value === undefined) return undefined;
  const valueEnd = last.index + last[0].length;
  return { expression, value, expressionStart: start, valueStart: valueEnd - digits.length, valueEnd };
}

/** Slips a careless solver makes: off by one, by two, by ten, or a dropped factor of ten. */
const SLIPS: readonly ((v: number) => number)[] = [(v) => v + 1, (v) => v - 1, (v) => v + 2, (v) => v + 10, (v) => v * 10];

export interface CorruptedSolution {
  steps: string[];
  answer: string;
  /** 1-based number of the step that was miscalculated. */
  wrongStep: number;
}

/**
 * Miscalculates one step (chosen by `pick` in [0, 1)) and recomputes the later steps from the
 * wrong value. Undefined when no slip reaches the final answer, so the caller can fall back.
 */
export function corruptSolution(steps: readonly string[], goldAnswer: string, pick: number, slipPick: number): CorruptedSolution | undefined {
  const gold = parseNumber(goldAnswer);
  if (gold === undefined) return undefined;
  const computing = steps.flatMap((s, i) => (stepResult(s) ? [i] : []));
  const chosen = computing[Math.floor(pick * computing.length)];
  const lastComputing = computing[computing.length - 1];
  for (const k of new Set([chosen, lastComputing])) {
    if (k === undefined) continue;
    const attempt = slipAt(steps, k, gold, slipPick);
    if (attempt) return attempt;
  }
  return undefined;
}

function slipAt(steps: readonly string[], k: number, gold: number, slipPick: number): CorruptedSolution | undefined {
  const result = stepResult(steps[k] ?? '');
  if (!result) return undefined;
  const slip = SLIPS[Math.floor(slipPick * SLIPS.length)] ?? SLIPS[0];
  let wrong = slip ? slip(result.value) : result.value + 1;
  if (wrong === result.value || wrong < 0) wrong = result.value + 1;

  const changed = new Map<number, number>([[result.value, wrong]]);
  const out = [...steps];
  out[k] = replaceValue(steps[k] ?? '', result, wrong);
  for (let j = k + 1; j < out.length; j++) {
    const step = out[j] ?? '';
    const r = stepResult(step);
    if (!r) {
      out[j] = substitute(step, changed);
      continue;
    }
    const before = substitute(step.slice(0, r.valueStart), changed);
    const recomputed = evaluate(substitute(r.expression, changed));
    if (recomputed === undefined || recomputed === r.value) {
      out[j] = before + step.slice(r.valueStart);
      continue;
    }
    changed.set(r.value, recomputed);
    out[j] = before + formatNumber(recomputed) + step.slice(r.valueEnd);
  }
  const answer = changed.get(gold);
  if (answer === undefined || answer === gold) return undefined;
  return { steps: out, answer: formatNumber(answer), wrongStep: k + 1 };
}

function replaceValue(step: string, r: StepResult, value: number): string {
  return step.slice(0, r.valueStart) + formatNumber(value) + step.slice(r.valueEnd);
}

function substitute(text: string, changed: ReadonlyMap<number, number>): string {
  return text.replace(NUMBER, (m) => {
    const v = changed.get(Number(m.replace(/,/g, '')));
    return v === undefined ? m : formatNumber(v);
  });
}
