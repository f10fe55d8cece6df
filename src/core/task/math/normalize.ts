/**
 * One spelling for each final answer, so that most equal answers are equal as strings and the
 * CAS is the exception. What goes is what MATH graders treat as presentation: `\left`, `\dfrac`,
 * spacing, `$`, `\%`, degree signs and units; `\text{(C)}` keeps its letter; `x = 5` keeps its
 * `x =` (the comparison decides whether a label matters).
 */
import { closingBrace } from './extract';

/** The answer in one spelling, e.g. "\\dfrac12\\text{ cm}." → "\\frac{1}{2}". */
export function normalizeAnswer(raw: string): string {
  let s = unwrapMath(raw.trim());
  s = replaceSymbols(s);
  s = replaceCommands(s);
  s = exactOverApproximate(s);
  s = resolveText(s);
  s = dropTrailingWords(s);
  s = fixNumbers(s.trim());
  s = removeSpaces(s);
  s = braceArguments(s);
  s = s.replace(/[.,;:]+$/, '');
  return wholeAnswerForms(s);
}

/** `$…$`, `\(…\)`, `\[…\]` and a whole-answer `\boxed{…}` around the answer. */
function unwrapMath(s: string): string {
  for (;;) {
    const inner =
      /^\$+([\s\S]*?)\$+\.?$/.exec(s)?.[1] ??
      /^\\\(([\s\S]*)\\\)\.?$/.exec(s)?.[1] ??
      /^\\\[([\s\S]*)\\\]\.?$/.exec(s)?.[1] ??
      wholeBox(s);
    if (inner === undefined) return s;
    s = inner.trim();
  }
}

function wholeBox(s: string): string | undefined {
  const m = /^\\(?:boxed|fbox)\s*\{/.exec(s);
  if (!m) return undefined;
  const close = closingBrace(s, m[0].length - 1);
  return close === -1 || s.slice(close + 1).trim().replace(/^\.$/, '') !== '' ? undefined : s.slice(m[0].length, close);
}

const SYMBOLS: Array<[RegExp, string]> = [
  [/[−–]/g, '-'],
  [/×/g, '\\times '],
  [/[·⋅]/g, '\\cdot '],
  [/÷/g, '\\div '],
  [/π/g, '\\pi '],
  [/∞/g, '\\infty '],
  [/√/g, '\\sqrt'],
  [/≤/g, '\\le '],
  [/≥/g, '\\ge '],
  [/≠/g, '\\ne '],
  [/∪/g, '\\cup '],
  [/≈/g, '\\approx '],
  [/>=/g, '\\ge '],
  [/<=/g, '\\le '],
  [/!=/g, '\\ne '],
  [/°/g, '^\\circ'],
  [/[\u00a0\u2009\u202f]/g, ' '],
];

/** Plain-text math a model may write after "The answer is": sqrt(2), pi/2, x**2, 3*x. */
const PLAIN_MATH: Array<[RegExp, string]> = [
  [/(?<![\\a-zA-Z])sqrt\s*\(([^()]*)\)/g, '\\sqrt{$1}'],
  [/(?<![\\a-zA-Z])(pi|sin|cos|tan|cot|sec|csc|ln|log|exp|infty)(?![a-zA-Z])/g, '\\$1 '],
  [/\*\*/g, '^'],
  [/\*/g, '\\cdot '],
];

function replaceSymbols(s: string): string {
  for (const [from, to] of SYMBOLS) s = s.replace(from, to);
  for (const [from, to] of PLAIN_MATH) s = s.replace(from, to);
  return s;
}

const COMMANDS: Array<[RegExp, string]> = [
  [/\\[dtc]frac(?![a-zA-Z])/g, '\\frac'],
  [/\\[dt]binom(?![a-zA-Z])/g, '\\binom'],
  [/\\(?:left|right)\s*\./g, ''],
  [/\\(?:left|right|[bB]igg?[lr]?)(?![a-zA-Z])/g, ''],
  [/\\(?:displaystyle|textstyle|scriptstyle|limits)(?![a-zA-Z])/g, ''],
  [/\\(?:quad|qquad|thinspace|enspace|medspace|thickspace|negthinspace)(?![a-zA-Z])/g, ' '],
  [/(\d),\\!(?=\d{3}(?!\d))/g, '$1'],
  [/(?<!\\)((?:\\\\)*)\\[!,:;> ]/g, '$1 '],
  [/~/g, ' '],
  [/\\lbrace(?![a-zA-Z])/g, '\\{'],
  [/\\rbrace(?![a-zA-Z])/g, '\\}'],
  [/\\(?:leq?slant|leqq|leq)(?![a-zA-Z])/g, '\\le '],
  [/\\(?:geq?slant|geqq|geq)(?![a-zA-Z])/g, '\\ge '],
  [/\\lt(?![a-zA-Z])/g, '<'],
  [/\\gt(?![a-zA-Z])/g, '>'],
  [/\\neq(?![a-zA-Z])/g, '\\ne '],
  [/\\(?:varnothing|emptyset)(?![a-zA-Z])|\\\{\s*\\\}/g, '\\emptyset '],
  [/\\infin(?:ity)?(?![a-zA-Z])/g, '\\infty '],
  [/\\mathbb\s*\{?\s*R\s*\}?/g, '(-\\infty,\\infty)'],
  [/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|\\degree(?![a-zA-Z])|\\circ(?![a-zA-Z])/g, ''],
  [/\\?%/g, ''],
  [/\\\$|\$/g, ''],
  [/\\(?:mbox|textnormal|textrm|textup|textsf|texttt|textbf|textit|textsl|emph|hbox)(?![a-zA-Z])/g, '\\text'],
  [/\\(?:mathbf|boldsymbol|bm|mathit|mathsf|mathnormal)\s*\{([^{}]*)\}/g, '$1'],
  [/\\(?:mathbf|boldsymbol|bm|mathit|mathsf|mathnormal)(?![a-zA-Z])/g, ''],
  [/\{\s*([^{}]+?)\s*\\choose\s*([^{}]+?)\s*\}/g, '\\binom{$1}{$2}'],
  [/\\(?:ldots|cdots|dots)(?![a-zA-Z])/g, '\\ldots '],
];

function replaceCommands(s: string): string {
  for (const [from, to] of COMMANDS) s = s.replace(from, to);
  return mathrmAsText(s);
}

/** `\mathrm{e}` and other one-letter names stay math; `\mathrm{cm}` is a word like `\text{cm}`. */
function mathrmAsText(s: string): string {
  return s.replace(/\\(?:mathrm|rm)\s*\{\s*([^{}]*?)\s*\}/g, (_m, inner: string) =>
    /^[a-zA-Z]$/.test(inner) ? inner : `\\text{${inner}}`,
  );
}

/**
 * `\frac13 \approx 0.333` states the exact value first: what follows `\approx` goes. When only a
 * label (or nothing) comes before it, `x \approx 3.14` and `\approx 3.14`, the approximation is
 * the answer given, and reads as `x = 3.14`.
 */
function exactOverApproximate(s: string): string {
  const at = s.search(/\\approx(?![a-zA-Z])/);
  if (at === -1) return s;
  const before = s.slice(0, at).trim().replace(/=$/, '').trim();
  const after = s.slice(at + 7).split(/\\approx(?![a-zA-Z])/)[0]?.trim() ?? '';
  if (before === '') return after;
  return /^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?[\w]+\}?)?$/.test(before) ? `${before} = ${after}` : before;
}

/** Words joining the items of an answer list. */
const JOINING_WORD = /^(?:and|or|,|and\/or|,\s*and|,\s*or)$/i;

/**
 * `\text{…}`: a joining word becomes a comma; text after a value is its unit and goes (with a
 * `^2` after it); a choice letter `\text{(C)}` keeps its letter, a value `\text{5 dollars}` is
 * read as math; other text stays text, so that `\text{odd}` is compared as a word, not as the
 * product o·d·d.
 */
function resolveText(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = s.indexOf('\\text', i);
    if (at === -1) break;
    const open = /^\\text\s*\{/.exec(s.slice(at));
    if (!open) {
      out += s.slice(i, at + 5);
      i = at + 5;
      continue;
    }
    const close = closingBrace(s, at + open[0].length - 1);
    if (close === -1) break;
    const content = s.slice(at + open[0].length, close).trim();
    out += s.slice(i, at);
    let next = close + 1;
    if (JOINING_WORD.test(content)) out += ',';
    else if (/[\w})\]]\s*$/.test(out)) {
      next += /^\s*\^\s*\{?\s*[23]\s*\}?/.exec(s.slice(next))?.[0].length ?? 0;
      out += ' ';
    } else out += /^\(?[A-Z]\)?$|\d/.test(content) ? content : `\\text{${content}}`;
    i = next;
  }
  return out + s.slice(i);
}

/** Words that are not units even when they follow a number. */
const NOT_UNITS = new Set(['pi', 'and', 'or', 'i']);

/** "12 inches", "5 square units": words after a value (a digit, `}` or `)` before them) are its unit. */
function dropTrailingWords(s: string): string {
  s = s.replace(/\s+(?:and|or)\s+/gi, ',');
  const m = /([\d})])\s+([a-zA-Z]+\.?(?:\s+[a-zA-Z]+\.?)*)\s*(?:\^\s*\{?\s*[23]\s*\}?)?\s*$/.exec(s);
  if (!m || !/\d/.test(s.slice(0, m.index + 1))) return s;
  const words = (m[2] ?? '').trim().split(/\s+/);
  if (words.some((w) => w.length < 2 || NOT_UNITS.has(w.replace(/\.$/, '').toLowerCase()))) return s;
  return s.slice(0, m.index + 1);
}

/** Spaces go, except the one that ends a command before a letter (`\pi r` is not `\pir`). */
function removeSpaces(s: string): string {
  return s.replace(/\s+/g, (spaces: string, offset: number, whole: string) =>
    /\\[a-zA-Z]+$/.test(whole.slice(Math.max(0, offset - 20), offset)) && /[a-zA-Z]/.test(whole[offset + spaces.length] ?? '') ? ' ' : '',
  );
}

/** `\frac12` → `\frac{1}{2}`, `\sqrt3` → `\sqrt{3}`, `x_1` → `x_{1}`: every argument in braces. */
function braceArguments(s: string): string {
  const ARITY: Record<string, number> = { frac: 2, binom: 2, sqrt: 1 };
  let out = '';
  let i = 0;
  const command = /\\(frac|binom|sqrt)(?![a-zA-Z])|_/g;
  for (let m = command.exec(s); m; m = command.exec(s)) {
    out += s.slice(i, m.index) + m[0];
    let j = m.index + m[0].length;
    if (m[1] === 'sqrt' && s[j] === '[') {
      const close = s.indexOf(']', j);
      if (close === -1) break;
      out += s.slice(j, close + 1);
      j = close + 1;
    }
    for (let k = 0; k < (m[1] === undefined ? 1 : (ARITY[m[1]] ?? 0)); k++) {
      const arg = argumentAt(s, j);
      if (arg === null) break;
      out += `{${braceArguments(arg.inner)}}`;
      j = arg.end;
    }
    i = j;
    command.lastIndex = j;
  }
  return out + s.slice(i);
}

/** The argument at `at`: a braced group, a command name, or one character. */
function argumentAt(s: string, at: number): { inner: string; end: number } | null {
  const c = s[at];
  if (c === undefined) return null;
  if (c === '{') {
    const close = closingBrace(s, at);
    return close === -1 ? null : { inner: s.slice(at + 1, close), end: close + 1 };
  }
  const token = /^\\[a-zA-Z]+/.exec(s.slice(at))?.[0] ?? c;
  return { inner: token, end: at + token.length };
}

/**
 * Thousands separators ("14{,}916", "1,000,000" but not the list "1, 234"), a decimal comma
 * "3{,}5", and ".5" → "0.5". Runs before spaces go, since a space is what tells a list.
 */
function fixNumbers(s: string): string {
  s = s.replace(/[.;:]+$/, ''); // a sentence's full stop, which would hide "4,687,784." from the thousands reading
  s = s.replace(/(\d)\{,\}(?=\d{3}(?!\d))/g, '$1').replace(/(\d)\{,\}(?=\d)/g, '$1.');
  if (/^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  return s.replace(/(^|[^\d}])\.(\d)/g, '$10.$2').replace(/^\+(?=[\d\\])/, '');
}

/** Forms that only make sense for the answer as a whole: "(C)" is choice C, "x \in [1,2)" is the interval. */
function wholeAnswerForms(s: string): string {
  const choice = /^\(([A-Z])\)$/.exec(s);
  if (choice) return choice[1] ?? s;
  const member = /^[a-zA-Z]\\in(?![a-zA-Z])\s*(.+)$/.exec(s);
  if (member) return member[1] ?? s;
  return s.replace(/(^|[,([])\+\\infty/g, '$1\\infty');
}
