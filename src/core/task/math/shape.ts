/**
 * The outer structure of a normalized answer: a list of solutions, a set, a tuple or interval,
 * a union of intervals, a matrix, an equation, or one expression. Brackets are read here, as
 * written, because they carry meaning the CAS would lose: `(1,2]` is not `(1,2)`.
 */

export type Shape =
  | { kind: 'scalar'; latex: string }
  | { kind: 'equation'; lhs: string; rhs: string }
  /** Solutions separated by commas ("1, 2", "x=1 or x=2"): their order does not matter. */
  | { kind: 'list'; items: Shape[] }
  | { kind: 'set'; items: Shape[] }
  /** `(a, b)` is a point or an open interval, `[a, b)` an interval: written the same, compared the same. */
  | { kind: 'bracketed'; open: '(' | '['; close: ')' | ']'; items: Shape[] }
  | { kind: 'union'; parts: Shape[] }
  | { kind: 'matrix'; rows: Shape[][] };

/** Answers with more `\pm` than this are not expanded into their 2^k values. */
const MAX_PLUS_MINUS = 3;

export function readShape(s: string): Shape {
  const matrix = readMatrix(s);
  if (matrix) return matrix;
  const parts = splitTopLevel(s, '\\cup');
  if (parts.length > 1) return { kind: 'union', parts: parts.map(readShape) };
  let items = splitTopLevel(s, ',');
  // "2; 5": a semicolon separates answers only where no comma does (a comma may sit inside one).
  if (items.length === 1) items = splitTopLevel(s, ';');
  if (items.length > 1) return { kind: 'list', items: items.filter((item) => item !== '').flatMap(readItem) };
  const bracketed = readBracketed(s);
  if (bracketed) return bracketed;
  const values = readItem(s);
  return values.length === 1 && values[0] ? values[0] : { kind: 'list', items: values };
}

/** One item: `1 \pm \sqrt{2}` stands for two values. */
function readItem(s: string): Shape[] {
  const at = s.search(/\\(?:pm|mp)(?![a-zA-Z])/);
  if (at === -1 || (s.match(/\\(?:pm|mp)(?![a-zA-Z])/g)?.length ?? 0) > MAX_PLUS_MINUS) return [readSingle(s)];
  const rest = s.slice(at + 3);
  return [...readItem(`${s.slice(0, at)}+${rest}`), ...readItem(`${s.slice(0, at)}-${rest}`)];
}

function readSingle(s: string): Shape {
  if (s === '\\emptyset') return { kind: 'set', items: [] };
  const bracketed = readBracketed(s);
  if (bracketed) return bracketed;
  const sides = splitTopLevel(s, '=');
  if (sides.length > 1) return { kind: 'equation', lhs: sides[0] ?? '', rhs: sides[sides.length - 1] ?? '' };
  return readInequality(s) ?? { kind: 'scalar', latex: s };
}

/** `(a, b)`, `[a, b)`, `\{a, b\}`, or a parenthesized single value (which is just that value). */
function readBracketed(s: string): Shape | null {
  if (s.startsWith('\\{') && s.endsWith('\\}') && matchingClose(s, 0) === s.length - 2) {
    const inner = s.slice(2, -2);
    return { kind: 'set', items: inner === '' ? [] : splitTopLevel(inner, ',').flatMap(readItem) };
  }
  const open = s[0];
  const close = s[s.length - 1];
  if ((open !== '(' && open !== '[') || (close !== ')' && close !== ']') || matchingClose(s, 0) !== s.length - 1) return null;
  const inner = s.slice(1, -1);
  const items = splitTopLevel(inner, ',');
  if (items.length === 1) return readShape(inner);
  return { kind: 'bracketed', open, close, items: items.map(readShape) };
}

const MATRIX = /^\\begin\{([pbBvV]?matrix|array)\}(?:\{[^{}]*\})?([\s\S]*)\\end\{\1\}$/;

function readMatrix(s: string): Shape | null {
  const m = MATRIX.exec(s);
  if (!m || m[1] === 'vmatrix' || m[1] === 'Vmatrix') return null;
  const rows = splitTopLevel(m[2] ?? '', '\\\\').filter((row) => row !== '');
  return { kind: 'matrix', rows: rows.map((row) => splitTopLevel(row, '&').map(readShape)) };
}

const LESS = /^(?:<|\\le)$/;
const GREATER = /^(?:>|\\ge)$/;

/**
 * `x > 2` is `(2, \infty)`, `-1 \le x < 3` is `[-1, 3)`, `x \ne 2` is `(-\infty, 2) \cup (2, \infty)`:
 * inequalities in one variable are intervals. The variable may carry a sign or a numeric factor
 * (`-x \ge -4` is `x \le 4`, `2x < 3` is `x < \frac{3}{2}`).
 */
function readInequality(s: string): Shape | null {
  const notEqual = /^(.+?)\\ne(?![a-zA-Z])(.+)$/.exec(s);
  if (notEqual) return readNotEqual(notEqual[1] ?? '', notEqual[2] ?? '');
  const pieces = s.split(/(<|>|\\le(?![a-zA-Z])|\\ge(?![a-zA-Z]))/).map((p) => p.trim());
  if (pieces.length !== 3 && pieces.length !== 5) return null;
  const [left = '', op1 = '', middle = '', op2, right] = pieces;
  const bound = (latex: string): Shape => ({ kind: 'scalar', latex });
  const interval = (lo: string, loOpen: boolean, hi: string, hiOpen: boolean): Shape => ({
    kind: 'bracketed',
    open: loOpen ? '(' : '[',
    close: hiOpen ? ')' : ']',
    items: [bound(lo), bound(hi)],
  });
  const strict = (op: string): boolean => op === '<' || op === '>';
  if (pieces.length === 3) {
    const leftVariable = variableTerm(left);
    const flip = leftVariable === null;
    const term = leftVariable ?? variableTerm(middle);
    if (term === null || (flip && variableTerm(left) !== null)) return null;
    const value = term.solve(flip ? left : middle);
    // a < x reads as x > a; a negative factor turns the relation round once more
    const below = LESS.test(op1) !== flip !== term.negative;
    return below ? interval('-\\infty', true, value, strict(op1)) : interval(value, strict(op1), '\\infty', true);
  }
  const term = variableTerm(middle);
  if (term === null || op2 === undefined || right === undefined) return null;
  let [lo, hi] = [term.solve(left), term.solve(right)];
  let [loStrict, hiStrict] = [strict(op1), strict(op2)];
  const ascending = LESS.test(op1) && LESS.test(op2);
  if (!ascending && !(GREATER.test(op1) && GREATER.test(op2))) return null;
  if (ascending === term.negative) [lo, hi, loStrict, hiStrict] = [hi, lo, hiStrict, loStrict];
  return interval(lo, loStrict, hi, hiStrict);
}

/** `x \ne a` (or `a \ne x`): every number but a. */
function readNotEqual(left: string, right: string): Shape | null {
  const leftVariable = variableTerm(left.trim());
  const term = leftVariable ?? variableTerm(right.trim());
  if (term === null) return null;
  const value = term.solve((leftVariable === null ? left : right).trim());
  const part = (lo: string, hi: string): Shape => ({ kind: 'bracketed', open: '(', close: ')', items: [{ kind: 'scalar', latex: lo }, { kind: 'scalar', latex: hi }] });
  return { kind: 'union', parts: [part('-\\infty', value), part(value, '\\infty')] };
}

/** `x`, `-x`, `3x`, `-0.5x`: one variable times a number; `solve(c)` is the x of `term = c`. */
function variableTerm(s: string): { negative: boolean; solve: (value: string) => string } | null {
  const m = /^(-?)(\d+(?:\.\d+)?)?([a-zA-Z])$/.exec(s);
  if (!m) return null;
  const negative = m[1] === '-';
  const factor = m[2];
  return {
    negative,
    solve: (value) => {
      if (/\\infty$/.test(value)) return negative ? negateLatex(value) : value;
      const signed = negative ? negateLatex(value) : value;
      return factor === undefined || factor === '1' ? signed : `\\frac{${signed}}{${factor}}`;
    },
  };
}

function negateLatex(value: string): string {
  if (value.startsWith('-')) return value.slice(1);
  return /^[\w\\{}.]+$/.test(value) ? `-${value}` : `-(${value})`;
}

/**
 * Splits at `separator` where it is outside every bracket: (), [], {}, \{\} and \begin…\end.
 * Intervals close with either bracket, so any closer ends any opener.
 */
function splitTopLevel(s: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (depth === 0 && s.startsWith(separator, i) && !(separator[0] === '\\' && /[a-zA-Z]/.test(s[i + separator.length] ?? ''))) {
      parts.push(s.slice(from, i));
      i += separator.length - 1;
      from = i + 1;
      continue;
    }
    const step = bracketStep(s, i);
    depth += step.depth;
    i += step.skip;
  }
  parts.push(s.slice(from));
  return parts;
}

/** Index of the bracket closing the one opened at `open`, or -1. */
function matchingClose(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const step = bracketStep(s, i);
    depth += step.depth;
    if (step.depth < 0 && depth === 0) return i;
    i += step.skip;
  }
  return -1;
}

/** How the token at `i` changes the bracket depth, and how many extra characters it spans. */
function bracketStep(s: string, i: number): { depth: number; skip: number } {
  const c = s[i];
  if (c === '\\') {
    const next = s[i + 1];
    if (next === '{') return { depth: 1, skip: 1 };
    if (next === '}') return { depth: -1, skip: 1 };
    if (s.startsWith('begin', i + 1)) return { depth: 1, skip: 5 };
    if (s.startsWith('end', i + 1) && !/[a-zA-Z]/.test(s[i + 4] ?? '')) return { depth: -1, skip: 3 };
    const name = /^[a-zA-Z]+/.exec(s.slice(i + 1, i + 40))?.[0];
    return { depth: 0, skip: name ? name.length : 1 };
  }
  if (c === '(' || c === '[' || c === '{') return { depth: 1, skip: 0 };
  if (c === ')' || c === ']' || c === '}') return { depth: -1, skip: 0 };
  return { depth: 0, skip: 0 };
}
