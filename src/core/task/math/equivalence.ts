/**
 * Whether two MATH final answers mean the same thing. Cheapest test first: equal normalized
 * strings, then plain numbers compared exactly, then the shapes (lists, sets, tuples, intervals,
 * matrices, equations) item by item, and only then the CAS for single expressions: exact
 * rational arithmetic, or values at random points for anything with radicals, π or variables
 * (two expressions that agree at several random points are the same function, with
 * overwhelming probability).
 *
 * Each check has a time budget: 500 ms by default, far above the ~1 ms of a typical symbolic
 * check, so that a busy machine or a garbage collection does not change a verdict. The clock is
 * read before every parse and every evaluation at a point, and each of those steps is bounded by
 * the size of its input (one parse is capped at 200 characters, exact numbers at 20,000 bits,
 * factorials at 1000 factors), so a check ends at most one step after its budget. A check past
 * its budget is "not equal" and is counted in `counts.overBudget`.
 *
 * Decisions where graders differ (each tested in test/unit/task/math-kinds.test.ts):
 * - Percent: `25\%` equals both `25` (the sign as presentation, as MATH golds drop it) and `0.25`
 *   (the fraction it stands for); without a % sign on either side, `25` and `0.25` differ.
 * - Approximations never equal exact values: `0.333` is not `\frac13`, `1.414` is not `\sqrt2`.
 *   `\frac13 \approx 0.333` states `\frac13` (see normalize.ts).
 * - A decimal comma (`3,75`) is read only against one number, and only where no thousands
 *   reading fits (not three digits after the comma); against a list, `2,5` is the list 2, 5.
 * - Named answers: `x = 7`, `(a,b) = (2,9)`, `\frac{AB}{CD} = \frac13`, `m + n = 47` give their right
 *   side when compared with a bare value; an equation whose right side has variables is a relation.
 *
 * `compare` also says which rule decided ("same number", "same set", "CAS equal at 8 points", …).
 */
import { parseLatex, prepareCas, type MathJson } from './cas';
import { exactValue, freeVariables, valueAt, type Complex } from './evaluate';
import { normalizeAnswer } from './normalize';
import * as Q from './rational';
import { readShape, type Shape } from './shape';

export interface MathCheckCounts {
  /** Answer pairs compared. */
  checks: number;
  /** Comparisons that needed the CAS, not just strings and plain numbers. */
  symbolic: number;
  /** Comparisons stopped at the time budget (and judged "not equal"). */
  overBudget: number;
}

export interface MathEquivalenceOptions {
  /** Time budget of one comparison, in milliseconds (default 500). */
  budgetMs?: number;
  /** Milliseconds from some origin; tests pass a fake one. */
  clock?: () => number;
}

/** Answers longer than this (a model that "answered" with a paragraph) are compared as strings. */
const MAX_ANSWER_LENGTH = 2000;

/** Points tried, and how many must be defined on both sides, for expressions with variables. */
const POINTS_TRIED = 8;
const POINTS_NEEDED = 4;

const PERCENT = /%/;

class OverBudget extends Error {}

/** A comparison's result and the rule that decided it, e.g. "same number", "CAS equal at 8 points". */
export interface MathVerdict {
  equal: boolean;
  rule: string;
  /** Both answers after normalization (absent when they were too long to normalize). */
  normalized?: [predicted: string, gold: string];
}

export class MathEquivalence {
  readonly counts: MathCheckCounts = { checks: 0, symbolic: 0, overBudget: 0 };
  private readonly budgetMs: number;
  private readonly clock: () => number;

  constructor(options: MathEquivalenceOptions = {}) {
    this.budgetMs = options.budgetMs ?? 500;
    this.clock = options.clock ?? (() => performance.now());
  }

  isEquivalent(predicted: string, gold: string): boolean {
    return this.compare(predicted, gold).equal;
  }

  /** Whether two answers are the same, with the rule that decided it (for `grade --explain` and tooltips). */
  compare(predicted: string, gold: string): MathVerdict {
    this.counts.checks++;
    if (predicted.length > MAX_ANSWER_LENGTH || gold.length > MAX_ANSWER_LENGTH) {
      const equal = predicted.trim() === gold.trim();
      return { equal, rule: `${equal ? 'same' : 'different'} text (answers over ${MAX_ANSWER_LENGTH} characters are not parsed)` };
    }
    const a = normalizeAnswer(predicted);
    const b = normalizeAnswer(gold);
    const normalized: [string, string] = [a, b];
    if (a === b) return a === '' ? { equal: false, rule: 'empty answer', normalized } : { equal: true, rule: 'same after normalization', normalized };
    if (a === '' || b === '') return { equal: false, rule: 'empty answer', normalized };
    const comparison = new Comparison(this.clock, this.budgetMs);
    try {
      const shapeA = readShape(a);
      const shapeB = readShape(b);
      if (comparison.sameShape(shapeA, shapeB)) return { equal: true, rule: comparison.rule(shapeA, shapeB, true), normalized };
      const decimalComma = comparison.sameWithDecimalComma(a, shapeA, b, shapeB);
      if (decimalComma) return { equal: true, rule: 'same number (a decimal comma)', normalized };
      const percentA = PERCENT.test(predicted);
      if (percentA === PERCENT.test(gold)) return { equal: false, rule: comparison.rule(shapeA, shapeB, false), normalized };
      // "50\%" and "\frac{1}{2}": one side wrote a percentage, the other the fraction it stands for.
      const equal = percentA ? comparison.sameShape(readShape(`\\frac{${a}}{100}`), shapeB) : comparison.sameShape(shapeA, readShape(`\\frac{${b}}{100}`));
      return { equal, rule: equal ? 'same number (% read as hundredths)' : comparison.rule(shapeA, shapeB, false), normalized };
    } catch (error) {
      if (!(error instanceof OverBudget)) throw error;
      this.counts.overBudget++;
      return { equal: false, rule: `over the ${this.budgetMs} ms budget (judged different)`, normalized };
    } finally {
      if (comparison.usedCas) this.counts.symbolic++;
    }
  }
}

/** One comparison: its deadline, whether it needed the CAS, and what decided it. */
class Comparison {
  usedCas = false;
  /** How the last pair of single values was decided ("same number", "CAS equal at 8 points"). */
  private valueRule = '';
  /** Set when an answer's label (`x =`, `(a,b) =`) was set aside to compare the values. */
  private label = '';
  private deadline: number;

  constructor(
    private readonly clock: () => number,
    budgetMs: number,
  ) {
    this.deadline = clock() + budgetMs;
  }

  /** The rule that decided a top-level comparison of `a` and `b`, in words. */
  rule(a: Shape, b: Shape, equal: boolean): string {
    const kindA = shapeName(a);
    const kindB = shapeName(b);
    const label = this.label === '' ? '' : ` (${this.label})`;
    if (kindA === 'value' && kindB === 'value') return `${this.valueRule || (equal ? 'same value' : 'different values')}${label}`;
    if (kindA !== kindB && !equal && !(isCollection(kindA) && isCollection(kindB))) return `different kinds of answer (${kindA} vs ${kindB})`;
    const kind = kindA === 'value' ? kindB : kindA;
    const detail = this.valueRule.startsWith('CAS') ? `; items by ${this.valueRule}` : '';
    return `${equal ? 'same' : 'different'} ${kind}${label}${detail}`;
  }

  /**
   * "3,75" against one number: a decimal comma, where the thousands reading ("3,750") does not fit
   * (not three digits after the comma) and the other side is not a list.
   */
  sameWithDecimalComma(a: string, shapeA: Shape, b: string, shapeB: Shape): boolean {
    const read = (s: string, other: Shape): Shape | null => {
      const m = /^(-?\d+),(\d{1,2}|\d{4,})$/.exec(s);
      return m && other.kind === 'scalar' ? { kind: 'scalar', latex: `${m[1] ?? ''}.${m[2] ?? ''}` } : null;
    };
    const decimalA = read(a, shapeB);
    const decimalB = read(b, shapeA);
    if (decimalA === null && decimalB === null) return false;
    return this.sameShape(decimalA ?? shapeA, decimalB ?? shapeB);
  }

  sameShape(a: Shape, b: Shape): boolean {
    if (a.kind === 'equation' && b.kind === 'equation') {
      if (this.sameEquation(a, b)) return true;
      return isLabel(a.lhs) && isLabel(b.lhs) && this.labelled(a.lhs, () => this.sameShape(readShape(a.rhs), readShape(b.rhs)));
    }
    if (a.kind === 'equation') return this.isNameOf(a) && this.labelled(a.lhs, () => this.sameShape(readShape(a.rhs), b));
    if (b.kind === 'equation') return this.isNameOf(b) && this.labelled(b.lhs, () => this.sameShape(a, readShape(b.rhs)));
    switch (a.kind) {
      case 'scalar':
        return b.kind === 'scalar' && this.sameScalar(a.latex, b.latex);
      case 'list':
        if (b.kind === 'union') return this.sameShape(b, a);
        return (b.kind === 'list' || b.kind === 'set') && this.sameUnordered(a.items, b.items);
      case 'set':
        return (b.kind === 'list' || b.kind === 'set') && this.sameUnordered(a.items, b.items);
      case 'union':
        // "x \le -1 or x \ge 3" is a list of intervals: the union written in words.
        if (b.kind === 'list') return b.items.every((item) => item.kind === 'bracketed') && this.sameUnordered(a.parts, b.items);
        return b.kind === 'union' && this.sameUnordered(a.parts, b.parts);
      case 'bracketed':
        if (b.kind === 'matrix') return this.sameVector(a, b);
        return b.kind === 'bracketed' && a.open === b.open && a.close === b.close && this.sameOrdered(a.items, b.items);
      case 'matrix':
        if (b.kind === 'bracketed') return this.sameVector(b, a);
        return (
          b.kind === 'matrix' &&
          a.rows.length === b.rows.length &&
          a.rows.every((row, i) => this.sameOrdered(row, b.rows[i] ?? []))
        );
    }
  }

  private labelled(lhs: string, compare: () => boolean): boolean {
    const equal = compare();
    if (this.label === '') this.label = `value after "${lhs} ="`;
    return equal;
  }

  private sameOrdered(a: readonly Shape[], b: readonly Shape[]): boolean {
    return a.length === b.length && a.every((item, i) => this.sameShape(item, b[i] as Shape));
  }

  /** Each item matched to a different item of the other side. */
  private sameUnordered(a: readonly Shape[], b: readonly Shape[]): boolean {
    if (a.length !== b.length) return false;
    const used = new Array<boolean>(b.length).fill(false);
    return a.every((item) => {
      const match = b.findIndex((other, j) => !used[j] && this.sameShape(item, other));
      if (match === -1) return false;
      used[match] = true;
      return true;
    });
  }

  /** A column (or row) vector written as a tuple: `(1, 2)` and `\begin{pmatrix}1\\2\end{pmatrix}`. */
  private sameVector(tuple: Shape & { kind: 'bracketed' }, matrix: Shape & { kind: 'matrix' }): boolean {
    if (tuple.open !== '(' || tuple.close !== ')') return false;
    const entries = matrix.rows.length === 1 ? (matrix.rows[0] ?? []) : matrix.rows.map((row) => (row.length === 1 ? row[0] : undefined));
    return entries.every((e) => e !== undefined) && this.sameOrdered(tuple.items, entries as Shape[]);
  }

  private sameScalar(a: string, b: string): boolean {
    const decide = (equal: boolean, same: string, different: string): boolean => {
      this.valueRule = equal ? same : different;
      return equal;
    };
    if (a === b) return decide(true, 'same value', '');
    if (isText(a) || isText(b)) return decide(plainText(a) === plainText(b), 'same text', 'different text');
    const numberA = Q.parseLatexNumber(a);
    const numberB = Q.parseLatexNumber(b);
    if (numberA && numberB) return decide(Q.equal(numberA, numberB), 'same number', 'different numbers');
    const x = this.parse(a);
    const y = x === null ? null : this.parse(b);
    if (x === null || y === null) return decide(false, '', `CAS could not read ${x === null ? a : b}`);
    const exactA = numberA ?? exactValue(x);
    const exactB = exactA === null ? null : (numberB ?? exactValue(y));
    if (exactA && exactB) return decide(Q.equal(exactA, exactB), 'same exact value', 'different exact values');
    const points = this.sameAtPoints(x, y, close);
    const same = points.tries === 1 ? 'CAS: same numeric value' : `CAS equal at ${points.agreed} points`;
    return decide(points.equal, same, points.agreed === -1 ? 'CAS different at a sample point' : 'CAS could not evaluate both sides at enough points');
  }

  /** `y = 2x + 3` and `2x - y + 3 = 0`: lhs − rhs of one is a constant non-zero multiple of the other's. */
  private sameEquation(a: { lhs: string; rhs: string }, b: { lhs: string; rhs: string }): boolean {
    const difference = (lhs: string, rhs: string): MathJson | null => {
      const l = this.parse(lhs);
      const r = l === null ? null : this.parse(rhs);
      return l === null || r === null ? null : ['Subtract', l, r];
    };
    const x = difference(a.lhs, a.rhs);
    const y = x === null ? null : difference(b.lhs, b.rhs);
    if (x === null || y === null) return false;
    let ratio: Complex | null = null;
    const points = this.sameAtPoints(x, y, (u, v) => {
      if (close(v, ZERO)) return close(u, ZERO);
      const r = divide(u, v);
      if (close(r, ZERO)) return false;
      ratio ??= r;
      return close(r, ratio);
    });
    if (points.equal) this.valueRule = `same equation (CAS: proportional at ${points.agreed} points)`;
    return points.equal;
  }

  /**
   * Whether an equation only names its value, so that its right side is the answer: `x = 5`,
   * `(a,b) = (2,9)`, `2 + 3 = 5` (a computation shown), and `\\frac{AB}{CD} = \\frac13` or
   * `m + n = 47` (a quantity the question asks for, equal to a constant). An equation whose right
   * side has variables, `x + y = 2x`, is a relation, not a name.
   */
  private isNameOf(equation: { lhs: string; rhs: string }): boolean {
    const { lhs, rhs } = equation;
    if (isLabel(lhs) || isLabelTuple(lhs)) return true;
    // `m\\angle ABC`, `\\overline{AB}`: names the CAS does not read
    const parsed = /^[a-zA-Z\\{}_^ ]+$/.test(lhs) ? undefined : this.parse(lhs);
    if (parsed === null) return false;
    if (parsed !== undefined && freeVariables(parsed).size === 0) return true;
    const value = readShape(rhs);
    if (value.kind !== 'scalar') return false;
    const parsedValue = this.parse(value.latex);
    return parsedValue !== null && freeVariables(parsedValue).size === 0;
  }

  /**
   * Whether `agree` holds at every point where both sides are defined, with enough such points.
   * A constant is compared with every value of the other side. `agreed` is how many points agreed,
   * or -1 when a point disagreed.
   */
  private sameAtPoints(x: MathJson, y: MathJson, agree: (u: Complex, v: Complex) => boolean): { equal: boolean; agreed: number; tries: number } {
    const us = this.valuesAtPoints(x);
    const vs = us === null ? null : this.valuesAtPoints(y);
    if (us === null || vs === null) return { equal: false, agreed: 0, tries: 0 };
    const tries = Math.max(us.length, vs.length);
    let defined = 0;
    for (let t = 0; t < tries; t++) {
      const u = us[Math.min(t, us.length - 1)] as Complex;
      const v = vs[Math.min(t, vs.length - 1)] as Complex;
      if (isNaN(u) || isNaN(v)) continue;
      if (!agree(u, v)) return { equal: false, agreed: -1, tries };
      defined++;
    }
    return { equal: defined >= (tries === 1 ? 1 : POINTS_NEEDED), agreed: defined, tries };
  }

  /** An expression's values at the sample points (one value if it has no variables); null if it has none. */
  private valuesAtPoints(e: MathJson): Complex[] | null {
    const cached = typeof e === 'object' ? pointValues.get(e) : undefined;
    if (cached !== undefined) return cached;
    const names = [...freeVariables(e)];
    const values: Complex[] = [];
    for (let t = 0; t < (names.length === 0 ? 1 : POINTS_TRIED); t++) {
      this.checkBudget();
      const value = valueAt(e, new Map(names.map((name) => [name, sampleValue(name, t)] as const)));
      if (value === null) return null;
      values.push(value);
    }
    if (typeof e === 'object') pointValues.set(e, values);
    return values;
  }

  private parse(latex: string): MathJson | null {
    if (!this.usedCas) {
      this.usedCas = true;
      // Setting the engine up once per process is not this comparison's cost.
      const start = this.clock();
      prepareCas();
      this.deadline += this.clock() - start;
    }
    this.checkBudget();
    return parseLatex(latex);
  }

  private checkBudget(): void {
    if (this.clock() > this.deadline) throw new OverBudget();
  }
}

const ZERO: Complex = { re: 0, im: 0 };

/** Equal up to double rounding: relative 1e-9, or both within 1e-12 of zero; infinities by sign. */
function close(u: Complex, v: Complex): boolean {
  if (!Number.isFinite(u.re) || !Number.isFinite(v.re) || !Number.isFinite(u.im) || !Number.isFinite(v.im)) {
    return u.re === v.re && u.im === v.im;
  }
  const difference = Math.hypot(u.re - v.re, u.im - v.im);
  return difference <= 1e-9 * Math.max(Math.hypot(u.re, u.im), Math.hypot(v.re, v.im)) + 1e-12;
}

function divide(u: Complex, v: Complex): Complex {
  const d = v.re * v.re + v.im * v.im;
  return { re: (u.re * v.re + u.im * v.im) / d, im: (u.im * v.re - u.re * v.im) / d };
}

function isNaN(z: Complex): boolean {
  return Number.isNaN(z.re) || Number.isNaN(z.im);
}

/** `x`, `a_{1}`, `\theta`, `f(x)`, `p(2)`: the name of what the answer gives. */
function isLabel(lhs: string): boolean {
  return /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{[^{}]*\})?(?:\([^()]*\))?$/.test(lhs);
}

/** `(a,b)` in `(a,b) = (2,9)`: a tuple of names. */
function isLabelTuple(lhs: string): boolean {
  const m = /^\((.*)\)$/.exec(lhs);
  return m !== null && (m[1] ?? '').split(',').every((part) => isLabel(part));
}

/** What an answer is, for the explanation: "value", "set", "interval", … */
function shapeName(shape: Shape): string {
  switch (shape.kind) {
    case 'scalar':
    case 'equation':
      return 'value';
    case 'list':
      return shape.items.length === 0 ? 'set' : 'list of answers';
    case 'set':
      return 'set';
    case 'union':
      return 'union of intervals';
    case 'matrix':
      return 'matrix';
    case 'bracketed': {
      const mixed = (shape.open === '(') !== (shape.close === ')');
      const infinite = shape.items.some((item) => item.kind === 'scalar' && item.latex.includes('\\infty'));
      return mixed || shape.open === '[' || infinite ? 'interval' : 'tuple';
    }
  }
}

function isCollection(kind: string): boolean {
  return kind === 'set' || kind === 'list of answers' || kind === 'union of intervals';
}

/** `\text{…}`, or a word of four letters or more outside commands, makes an answer text, not algebra. */
function isText(s: string): boolean {
  return s.includes('\\text{') || /[a-zA-Z]{4,}/.test(s.replace(/\\[a-zA-Z]+/g, ' '));
}

/** Text as words only: `\text{No solution}` → "nosolution" (other commands stay, so `\alpha` is not `\beta`). */
function plainText(s: string): string {
  return s.replace(/\\text\{/g, '').toLowerCase().replace(/[^a-z0-9\\]/g, '');
}

/** Values at the sample points, per parsed expression (parses are cached, so a gold answer's are too). */
const pointValues = new WeakMap<object, Complex[]>();

/**
 * The value of a variable at sample point t: pseudo-random, in [0.35, 2.65], and a function of the
 * name and t only, so an expression's values do not depend on what it is compared with and a
 * verdict never changes between runs. Positive, because answers like `2x\sqrt{y}` for
 * `\sqrt{4x^2y}` assume it.
 */
function sampleValue(name: string, t: number): number {
  let hash = 0x811c9dc5 ^ Math.imul(t + 1, 0x9e3779b9);
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 15), hash | 1);
  hash ^= hash + Math.imul(hash ^ (hash >>> 7), hash | 61);
  return 0.35 + 2.3 * (((hash ^ (hash >>> 14)) >>> 0) / 4294967296);
}
