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

export class MathEquivalence {
  readonly counts: MathCheckCounts = { checks: 0, symbolic: 0, overBudget: 0 };
  private readonly budgetMs: number;
  private readonly clock: () => number;

  constructor(options: MathEquivalenceOptions = {}) {
    this.budgetMs = options.budgetMs ?? 500;
    this.clock = options.clock ?? (() => performance.now());
  }

  isEquivalent(predicted: string, gold: string): boolean {
    this.counts.checks++;
    if (predicted.length > MAX_ANSWER_LENGTH || gold.length > MAX_ANSWER_LENGTH) return predicted.trim() === gold.trim();
    const a = normalizeAnswer(predicted);
    const b = normalizeAnswer(gold);
    if (a === b) return a !== '';
    if (a === '' || b === '') return false;
    const comparison = new Comparison(this.clock, this.budgetMs);
    try {
      if (comparison.sameShape(readShape(a), readShape(b))) return true;
      const percentA = PERCENT.test(predicted);
      if (percentA === PERCENT.test(gold)) return false;
      // "50\%" and "\frac{1}{2}": one side wrote a percentage, the other the fraction it stands for.
      return percentA ? comparison.sameShape(readShape(`\\frac{${a}}{100}`), readShape(b)) : comparison.sameShape(readShape(a), readShape(`\\frac{${b}}{100}`));
    } catch (error) {
      if (!(error instanceof OverBudget)) throw error;
      this.counts.overBudget++;
      return false;
    } finally {
      if (comparison.usedCas) this.counts.symbolic++;
    }
  }
}

/** One comparison: its deadline, and whether it needed the CAS. */
class Comparison {
  usedCas = false;
  private deadline: number;

  constructor(
    private readonly clock: () => number,
    budgetMs: number,
  ) {
    this.deadline = clock() + budgetMs;
  }

  sameShape(a: Shape, b: Shape): boolean {
    if (a.kind === 'equation' && b.kind === 'equation') {
      return this.sameEquation(a, b) || (isLabel(a.lhs) && isLabel(b.lhs) && this.sameShape(readShape(a.rhs), readShape(b.rhs)));
    }
    if (a.kind === 'equation') return this.isLabelOrValue(a.lhs) && this.sameShape(readShape(a.rhs), b);
    if (b.kind === 'equation') return this.isLabelOrValue(b.lhs) && this.sameShape(a, readShape(b.rhs));
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
    if (a === b) return true;
    if (isText(a) || isText(b)) return plainText(a) === plainText(b);
    const numberA = Q.parseLatexNumber(a);
    const numberB = Q.parseLatexNumber(b);
    if (numberA && numberB) return Q.equal(numberA, numberB);
    const x = this.parse(a);
    const y = x === null ? null : this.parse(b);
    if (x === null || y === null) return false;
    const exactA = numberA ?? exactValue(x);
    const exactB = exactA === null ? null : (numberB ?? exactValue(y));
    if (exactA && exactB) return Q.equal(exactA, exactB);
    return this.sameAtPoints(x, y, close);
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
    return this.sameAtPoints(x, y, (u, v) => {
      if (close(v, ZERO)) return close(u, ZERO);
      const r = divide(u, v);
      if (close(r, ZERO)) return false;
      ratio ??= r;
      return close(r, ratio);
    });
  }

  /** `x` in `x = 5`, and `2 + 3` in `2 + 3 = 5`: a left side that is not part of the answer. */
  private isLabelOrValue(lhs: string): boolean {
    if (isLabel(lhs)) return true;
    const parsed = this.parse(lhs);
    return parsed !== null && freeVariables(parsed).size === 0;
  }

  /**
   * Whether `agree` holds at every point where both sides are defined, with enough such points.
   * A constant is compared with every value of the other side.
   */
  private sameAtPoints(x: MathJson, y: MathJson, agree: (u: Complex, v: Complex) => boolean): boolean {
    const us = this.valuesAtPoints(x);
    const vs = us === null ? null : this.valuesAtPoints(y);
    if (us === null || vs === null) return false;
    const tries = Math.max(us.length, vs.length);
    let defined = 0;
    for (let t = 0; t < tries; t++) {
      const u = us[Math.min(t, us.length - 1)] as Complex;
      const v = vs[Math.min(t, vs.length - 1)] as Complex;
      if (isNaN(u) || isNaN(v)) continue;
      if (!agree(u, v)) return false;
      defined++;
    }
    return defined >= (tries === 1 ? 1 : POINTS_NEEDED);
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
