/**
 * Exact rational numbers over BigInt. MATH wants exact answers: 0.333 is not 1/3, while 2^{10}
 * and 1024 are the same number however many digits it has, so numbers are compared exactly
 * whenever both sides are rational.
 */

/** n/d in lowest terms with d > 0. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/**
 * Numbers larger than this many bits are not computed exactly: 2^{10^{10}} would exhaust memory,
 * and gcd on huge operands takes seconds. 20,000 bits hold 1000! and 6,000-digit integers.
 */
const MAX_BITS = 20_000;

export function rational(n: bigint, d = 1n): Rational | null {
  if (d === 0n) return null;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n < 0n ? -n : n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

export function add(a: Rational, b: Rational): Rational | null {
  if (a.d === 1n && b.d === 1n) return tooLarge(a, b) ? null : { n: a.n + b.n, d: 1n };
  return tooLarge(a, b) ? null : rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function multiply(a: Rational, b: Rational): Rational | null {
  return tooLarge(a, b) ? null : rational(a.n * b.n, a.d * b.d);
}

export function divide(a: Rational, b: Rational): Rational | null {
  return tooLarge(a, b) ? null : rational(a.n * b.d, a.d * b.n);
}

/** Whether an operation on a and b could produce a result beyond MAX_BITS. */
function tooLarge(a: Rational, b: Rational): boolean {
  return bitLength(abs(a.n)) + bitLength(a.d) + bitLength(abs(b.n)) + bitLength(b.d) > MAX_BITS;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

export function negate(a: Rational): Rational {
  return { n: -a.n, d: a.d };
}

/** a^k for an integer k, or null when the result would be too large to hold exactly (or is 1/0). */
export function power(a: Rational, k: Rational): Rational | null {
  if (k.d !== 1n) return null;
  const e = k.n < 0n ? -k.n : k.n;
  if (a.n === 0n) return k.n < 0n ? null : k.n === 0n ? { n: 1n, d: 1n } : a;
  const magnitude = abs(a.n);
  if (magnitude === 1n && a.d === 1n) return { n: e % 2n === 0n ? 1n : a.n, d: 1n };
  const bits = BigInt(Math.max(bitLength(magnitude), bitLength(a.d)));
  if (e * bits > BigInt(MAX_BITS)) return null;
  const n = a.n ** e;
  const d = a.d ** e;
  return k.n < 0n ? rational(d, n) : { n, d };
}

export function equal(a: Rational, b: Rational): boolean {
  return a.n === b.n && a.d === b.d;
}

export function isInteger(a: Rational): boolean {
  return a.d === 1n;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(16).length * 4;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** "12", "-0.25", ".5", "6.02e23" exactly; null for anything else. */
export function parseDecimal(text: string): Rational | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  if (whole === '' && fraction === '') return null;
  const exponent = Number(m[4] ?? '0') - fraction.length;
  if (Math.abs(exponent) > 6000) return null;
  let n = BigInt(whole + fraction);
  if (m[1] === '-') n = -n;
  return exponent >= 0 ? rational(n * 10n ** BigInt(exponent)) : rational(n, 10n ** BigInt(-exponent));
}

/**
 * A repeating decimal "0.\overline{3}" or "1.2\overline{45}" as the fraction it stands for
 * (1/3, 1.2454545… = 137/110); null for anything else.
 */
function parseRepeatingDecimal(text: string): Rational | null {
  const m = /^([+-]?)(\d*)\.(\d*)\\overline\{(\d+)\}$/.exec(text);
  if (!m) return null;
  const fixed = (m[2] ?? '') + (m[3] ?? '');
  const shift = 10n ** BigInt((m[3] ?? '').length);
  const cycle = m[4] ?? '';
  const period = 10n ** BigInt(cycle.length) - 1n;
  const value = rational(BigInt(fixed || '0') * period + BigInt(cycle), shift * period);
  return value && m[1] === '-' ? negate(value) : value;
}

const FRACTION = /^(-?)\\frac\{(-?[\d.]+)\}\{(-?[\d.]+)\}$/;
const SLASH = /^(-?[\d.]+)\/(-?[\d.]+)$/;
const MIXED = /^(-?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$/;

/**
 * A number written plainly in normalized LaTeX: "12", "-0.5", "\frac{1}{2}", "-\frac{3}{4}",
 * "3/4", "0.\overline{3}", and the mixed number "2\frac{1}{2}" (which means 5/2, not 2·1/2).
 * Null for anything else, which goes to the CAS.
 */
export function parseLatexNumber(s: string): Rational | null {
  const decimal = parseDecimal(s);
  if (decimal) return decimal;
  const fraction = FRACTION.exec(s) ?? SLASH.exec(s);
  if (fraction) {
    const sign = fraction.length === 4 && fraction[1] === '-' ? -1n : 1n;
    const [n, d] = fraction.length === 4 ? [fraction[2], fraction[3]] : [fraction[1], fraction[2]];
    const top = parseDecimal(n ?? '');
    const bottom = parseDecimal(d ?? '');
    const value = top && bottom ? divide(top, bottom) : null;
    return value && sign < 0n ? negate(value) : value;
  }
  const mixed = MIXED.exec(s);
  if (mixed) {
    const whole = BigInt(mixed[2] ?? '0');
    const n = BigInt(mixed[3] ?? '0');
    const d = BigInt(mixed[4] ?? '1');
    if (n >= d) return null;
    const value = rational(whole * d + n, d);
    return value && mixed[1] === '-' ? negate(value) : value;
  }
  return parseRepeatingDecimal(s);
}
