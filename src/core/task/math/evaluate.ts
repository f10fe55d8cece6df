/**
 * Values of parsed answers: exactly (rationals) when an expression is plain arithmetic on
 * rationals, else as complex doubles at given values of its variables. Every operation costs
 * O(1) or is capped (exact powers, factorials), so evaluating an expression costs time
 * proportional to its size: `10^{10^{10}}` is not computed, it is "too large" (NaN).
 */
import type { MathJson } from './cas';
import * as Q from './rational';

export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** Factorials and binomials of integers above this are not computed exactly. */
const MAX_EXACT_FACTORIAL = 1000n;

/** Symbols that are constants, not variables (the parser writes `e` and `i` as they were typed). */
const CONSTANTS: Record<string, Complex> = {
  Pi: { re: Math.PI, im: 0 },
  ExponentialE: { re: Math.E, im: 0 },
  e: { re: Math.E, im: 0 },
  ImaginaryUnit: { re: 0, im: 1 },
  i: { re: 0, im: 1 },
  PositiveInfinity: { re: Infinity, im: 0 },
  NegativeInfinity: { re: -Infinity, im: 0 },
};

/** Symbols the parser gives to things that are not numbers (sets, truth values, undefined results). */
const NOT_NUMBERS = new Set([
  'NaN', 'ComplexInfinity', 'Undefined', 'Nothing', 'EmptySet', 'True', 'False',
  'RealNumbers', 'ComplexNumbers', 'Integers', 'RationalNumbers', 'NaturalNumbers',
]);

/** Thrown when an expression uses something we cannot evaluate (a tuple, a string, an unknown function). */
class Unsupported extends Error {}

// ---------------------------------------------------------------- exact

/** The exact value of a rational expression, or null when it is not one (or too large to compute). */
export function exactValue(e: MathJson): Q.Rational | null {
  if (typeof e === 'number') return Number.isFinite(e) ? Q.parseDecimal(String(e)) : null;
  if (typeof e === 'string') return null;
  if (!Array.isArray(e)) return Q.parseDecimal((e as { num: string }).num);
  const [head, ...args] = e as readonly MathJson[];
  const values: Q.Rational[] = [];
  for (const arg of args) {
    if (head === 'Delimiter' && typeof arg === 'string' && arg.startsWith("'")) continue;
    const v = exactValue(arg);
    if (v === null) return null;
    values.push(v);
  }
  const [a, b] = values;
  if (a === undefined) return null;
  switch (head) {
    case 'Delimiter':
      return values.length === 1 ? a : null;
    case 'Negate':
      return values.length === 1 ? Q.negate(a) : null;
    case 'Add':
      return values.slice(1).reduce<Q.Rational | null>((sum, v) => sum && Q.add(sum, v), a);
    case 'Subtract':
      return b === undefined ? null : Q.add(a, Q.negate(b));
    case 'Multiply':
    case 'InvisibleOperator':
      return values.slice(1).reduce<Q.Rational | null>((product, v) => product && Q.multiply(product, v), a);
    case 'Divide':
    case 'Rational':
      return b === undefined ? null : Q.divide(a, b);
    case 'Power':
      return b === undefined ? null : Q.power(a, b);
    case 'Square':
      return Q.multiply(a, a);
    case 'Sqrt':
      return exactSquareRoot(a);
    case 'Abs':
      return a.n < 0n ? Q.negate(a) : a;
    case 'Floor':
    case 'Ceil': {
      const floor = a.n >= 0n ? a.n / a.d : -((-a.n + a.d - 1n) / a.d);
      return Q.rational(head === 'Ceil' && !Q.isInteger(a) ? floor + 1n : floor);
    }
    case 'Factorial':
      return Q.isInteger(a) && a.n >= 0n && a.n <= MAX_EXACT_FACTORIAL ? Q.rational(fallingProduct(a.n, a.n)) : null;
    case 'Binomial':
      return b !== undefined && Q.isInteger(a) && Q.isInteger(b) ? exactBinomial(a.n, b.n) : null;
    default:
      return null;
  }
}

function fallingProduct(from: bigint, count: bigint): bigint {
  let product = 1n;
  for (let k = 0n; k < count; k++) product *= from - k;
  return product;
}

function exactBinomial(n: bigint, k: bigint): Q.Rational | null {
  if (k < 0n) return Q.rational(0n);
  if (k > MAX_EXACT_FACTORIAL || (n >= 0n && n < k)) return n >= 0n && n < k ? Q.rational(0n) : null;
  return Q.rational(fallingProduct(n, k), fallingProduct(k, k));
}

function exactSquareRoot(a: Q.Rational): Q.Rational | null {
  if (a.n < 0n) return null;
  const n = integerSquareRoot(a.n);
  const d = integerSquareRoot(a.d);
  return n * n === a.n && d * d === a.d ? Q.rational(n, d) : null;
}

function integerSquareRoot(v: bigint): bigint {
  if (v < 2n) return v;
  let x = BigInt(Math.floor(Math.sqrt(Number(v))));
  for (;;) {
    const next = (x + v / x) >> 1n;
    if (next === x || next === x + 1n) return next * next <= v ? next : x;
    if (next + 1n === x) return next;
    x = next;
  }
}

// ---------------------------------------------------------------- at a point

/** The names an expression's value depends on (`x`, `theta`, `a_{1}`). */
export function freeVariables(e: MathJson, into = new Set<string>()): Set<string> {
  if (typeof e === 'string') {
    if (!(e in CONSTANTS) && !e.startsWith("'") && !(e in UNARY) && !NOT_NUMBERS.has(e)) into.add(e);
  } else if (Array.isArray(e)) {
    const [head, ...args] = e as readonly MathJson[];
    if (head === 'At' || head === 'Subscript') into.add(JSON.stringify(e));
    else for (const arg of args) freeVariables(arg, into);
  }
  return into;
}

/**
 * The value at a point (values for the free variables); NaN parts where the expression is not
 * defined there (or overflows); null when it cannot be evaluated anywhere.
 */
export function valueAt(e: MathJson, point: ReadonlyMap<string, number>): Complex | null {
  try {
    return evaluate(e, point);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

const NAN: Complex = { re: NaN, im: NaN };

function evaluate(e: MathJson, point: ReadonlyMap<string, number>): Complex {
  if (typeof e === 'number') return real(Number.isFinite(e) ? e : NaN);
  if (typeof e === 'string') {
    const constant = CONSTANTS[e];
    if (constant) return constant;
    const value = point.get(e);
    if (value === undefined) throw new Unsupported(e);
    return real(value);
  }
  if (!Array.isArray(e)) {
    const num = (e as { num: string }).num;
    return real(num === '+Infinity' ? Infinity : num === '-Infinity' ? -Infinity : finiteOrNaN(Number(num)));
  }
  const [head, ...args] = e as readonly MathJson[];
  if (typeof head !== 'string') throw new Unsupported('head');
  if (head === 'At' || head === 'Subscript') return evaluate(JSON.stringify(e), point);
  if (head === 'Delimiter') return evaluateDelimited(args, point);
  if (head === 'Apply') return evaluateInverse(args, point);
  if (head === 'InvisibleOperator') {
    const [f, arg] = args;
    if (args.length === 2 && typeof f === 'string' && f in UNARY && Array.isArray(arg) && arg[0] === 'Delimiter') {
      return applyUnary(f, evaluate(arg, point));
    }
  }
  const values = args.map((arg) => evaluate(arg, point));
  return overflowIsNaN(values, apply(head, values));
}

function evaluateDelimited(args: readonly MathJson[], point: ReadonlyMap<string, number>): Complex {
  const [body, ...rest] = args;
  if (body === undefined || rest.some((r) => typeof r !== 'string' || !r.startsWith("'"))) throw new Unsupported('tuple');
  if (Array.isArray(body) && body[0] === 'Sequence') {
    if (body.length !== 2) throw new Unsupported('tuple');
    return evaluate(body[1] as MathJson, point);
  }
  return evaluate(body, point);
}

/** `\sin^{-1} x` parses as ["Apply", ["InverseFunction", "Sin"], x]. */
function evaluateInverse(args: readonly MathJson[], point: ReadonlyMap<string, number>): Complex {
  const [f, x] = args;
  if (!Array.isArray(f) || f[0] !== 'InverseFunction' || typeof f[1] !== 'string' || x === undefined) throw new Unsupported('apply');
  const inverse = `Arc${f[1].toLowerCase()}`;
  if (!(inverse in UNARY)) throw new Unsupported(inverse);
  return applyUnary(inverse, evaluate(x, point));
}

function apply(head: string, v: readonly Complex[]): Complex {
  const [a, b] = v;
  if (a === undefined) throw new Unsupported(head);
  if (v.length === 1 && head in UNARY) return applyUnary(head, a);
  switch (head) {
    case 'Add':
      return v.reduce(add);
    case 'Subtract':
      return b === undefined ? NAN : add(a, negate(b));
    case 'Multiply':
    case 'InvisibleOperator':
      return v.reduce(multiply);
    case 'Divide':
    case 'Rational':
      return b === undefined ? NAN : divide(a, b);
    case 'Power':
      return b === undefined ? NAN : power(a, b);
    case 'Root':
      return b === undefined ? NAN : root(a, b);
    case 'Log':
      return b === undefined ? NAN : divide(log(a), log(b));
    case 'Binomial':
      return b === undefined ? NAN : binomial(a, b);
    case 'Max':
    case 'Min':
      return v.every(isReal) ? real((head === 'Max' ? Math.max : Math.min)(...v.map((x) => x.re))) : NAN;
    default:
      throw new Unsupported(head);
  }
}

type Unary = (z: Complex) => Complex;

const realOnly =
  (f: (x: number) => number): Unary =>
  (z) =>
    isReal(z) ? real(f(z.re)) : NAN;

/** One-argument functions; the real-only ones are NaN off the real line (a point we skip). */
const UNARY: Record<string, Unary> = {
  Negate: negate,
  Sqrt: (z) => root(z, real(2)),
  Square: (z) => multiply(z, z),
  Exp: exp,
  Ln: log,
  Log: (z) => divide(log(z), real(Math.LN10)),
  Lg: (z) => divide(log(z), real(Math.LN10)),
  Lb: (z) => divide(log(z), real(Math.LN2)),
  Sin: sin,
  Cos: cos,
  Tan: (z) => divide(sin(z), cos(z)),
  Cot: (z) => divide(cos(z), sin(z)),
  Sec: (z) => divide(real(1), cos(z)),
  Csc: (z) => divide(real(1), sin(z)),
  Sinh: (z) => multiply(add(exp(z), negate(exp(negate(z)))), real(0.5)),
  Cosh: (z) => multiply(add(exp(z), exp(negate(z))), real(0.5)),
  Tanh: (z) => divide(add(exp(z), negate(exp(negate(z)))), add(exp(z), exp(negate(z)))),
  Arcsin: realOnly(Math.asin),
  Arccos: realOnly(Math.acos),
  Arctan: realOnly(Math.atan),
  Arccot: realOnly((x) => Math.atan(1 / x)),
  Arcsec: realOnly((x) => Math.acos(1 / x)),
  Arccsc: realOnly((x) => Math.asin(1 / x)),
  Abs: (z) => real(Math.hypot(z.re, z.im)),
  Floor: realOnly(Math.floor),
  Ceil: realOnly(Math.ceil),
  Round: realOnly(Math.round),
  Factorial: realOnly((x) => gamma(x + 1)),
};

function applyUnary(name: string, z: Complex): Complex {
  const f = UNARY[name];
  if (!f) throw new Unsupported(name);
  return overflowIsNaN([z], f(z));
}

/** A finite input giving an infinite result is an overflow, not an infinity: undecidable, so NaN. */
function overflowIsNaN(inputs: readonly Complex[], result: Complex): Complex {
  const finiteIn = inputs.every((z) => Number.isFinite(z.re) && Number.isFinite(z.im));
  return finiteIn && !(Number.isFinite(result.re) && Number.isFinite(result.im)) ? NAN : result;
}

// ---------------------------------------------------------------- complex arithmetic

function real(x: number): Complex {
  return { re: x, im: 0 };
}

function finiteOrNaN(x: number): number {
  return Number.isFinite(x) ? x : NaN;
}

function isReal(z: Complex): boolean {
  return z.im === 0 || Math.abs(z.im) <= 1e-12 * Math.max(1, Math.abs(z.re));
}

function add(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}

function negate(a: Complex): Complex {
  return { re: -a.re, im: a.im === 0 ? 0 : -a.im };
}

function multiply(a: Complex, b: Complex): Complex {
  if (a.im === 0 && b.im === 0) return real(a.re * b.re);
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

function divide(a: Complex, b: Complex): Complex {
  if (a.im === 0 && b.im === 0) return b.re === 0 ? NAN : real(a.re / b.re);
  const d = b.re * b.re + b.im * b.im;
  if (d === 0) return NAN;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
}

function exp(z: Complex): Complex {
  const m = Math.exp(z.re);
  return z.im === 0 ? real(m) : { re: m * Math.cos(z.im), im: m * Math.sin(z.im) };
}

function log(z: Complex): Complex {
  if (z.im === 0 && z.re > 0) return real(Math.log(z.re));
  if (z.re === 0 && z.im === 0) return NAN;
  return { re: Math.log(Math.hypot(z.re, z.im)), im: Math.atan2(z.im, z.re) };
}

function power(a: Complex, b: Complex): Complex {
  if (a.im === 0 && b.im === 0 && (a.re >= 0 || Number.isInteger(b.re))) {
    if (a.re === 0 && b.re <= 0) return NAN;
    return real(Math.pow(a.re, b.re));
  }
  if (a.re === 0 && a.im === 0) return b.re > 0 ? real(0) : NAN;
  if (b.im === 0 && Number.isInteger(b.re) && Math.abs(b.re) <= 64) {
    let result = real(1);
    for (let k = 0; k < Math.abs(b.re); k++) result = multiply(result, a);
    return b.re < 0 ? divide(real(1), result) : result;
  }
  return exp(multiply(b, log(a)));
}

/** The principal n-th root, except that an odd root of a negative real is the real root (∛-8 = -2). */
function root(a: Complex, n: Complex): Complex {
  if (isReal(a) && isReal(n) && a.re < 0 && Number.isInteger(n.re) && Math.abs(n.re) % 2 === 1) {
    return real(-Math.pow(-a.re, 1 / n.re));
  }
  if (isReal(a) && a.re >= 0 && isReal(n)) return real(Math.pow(a.re, 1 / n.re));
  return power(a, divide(real(1), n));
}

function sin(z: Complex): Complex {
  if (z.im === 0) return real(Math.sin(z.re));
  return { re: Math.sin(z.re) * Math.cosh(z.im), im: Math.cos(z.re) * Math.sinh(z.im) };
}

function cos(z: Complex): Complex {
  if (z.im === 0) return real(Math.cos(z.re));
  return { re: Math.cos(z.re) * Math.cosh(z.im), im: -Math.sin(z.re) * Math.sinh(z.im) };
}

/** Lanczos coefficients (g = 7, n = 9): the standard double-precision choice. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Γ(x) for real x; exact products for small positive integers, NaN at the poles. */
function gamma(x: number): number {
  if (Number.isInteger(x)) {
    if (x <= 0) return NaN;
    let product = 1;
    for (let k = 2; k < x && product < Infinity; k++) product *= k;
    return product;
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const y = x - 1;
  let sum = LANCZOS[0] ?? 1;
  for (let k = 1; k < LANCZOS.length; k++) sum += (LANCZOS[k] ?? 0) / (y + k);
  const t = y + 7.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, y + 0.5) * Math.exp(-t) * sum;
}

/** C(n, k) for real n: the falling product when k is a small non-negative integer, else via Γ. */
function binomial(n: Complex, k: Complex): Complex {
  if (!isReal(n) || !isReal(k)) return NAN;
  if (Number.isInteger(k.re) && k.re >= 0 && k.re <= 1000) {
    let result = 1;
    for (let j = 0; j < k.re; j++) result = (result * (n.re - j)) / (j + 1);
    return real(result);
  }
  return real(gamma(n.re + 1) / (gamma(k.re + 1) * gamma(n.re - k.re + 1)));
}
