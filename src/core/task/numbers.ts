/**
 * Numbers as models and annotators write them in final answers: "1,000", "1 000 000", "$18.00",
 * "\$18", "-3", "−3", "50%", "1/2", "1 1/2", "\frac{1}{2}", ".5", and powers: "10^3", "10^{3}",
 * "1.5e3", "1.5 \times 10^3". Units and words around a number are ignored.
 */

export interface FoundNumber {
  value: number;
  /** The number written plainly: no separators or currency, no trailing decimal zeros ("1000", "-2.5", "1/2"). */
  text: string;
  /** Where the number (with its sign and currency) starts and ends in the searched string. */
  start: number;
  end: number;
}

/** Thousands separated by commas or by spaces ("1 000 000", also no-break and thin spaces), else plain digits. */
const INTEGER = String.raw`\d{1,3}(?:,\d{3})+(?![\d,]*\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d/-]|[ \u00a0\u202f]\d)|\d+`;
/** "e3", "^3", "^{3}", " \times 10^{3}": what makes 1.5 into 1500. */
const EXPONENT = String.raw`(?:[eE](?<e>[-+]?\d{1,3})(?!\w|\.\d)|\^\{?(?<power>\d{1,3})\}?(?!\d|\.\d)|[ \t]*(?:\\times|×|\\cdot|\*)[ \t]*10\^\{?(?<scientific>[-+]?\d{1,3})\}?)?`;
const NUMBER = new RegExp(
  [
    String.raw`(?<![\w.])`,
    String.raw`(?<signBefore>[-−])?(?:\\?\$|[€£¥])?[ \t]?(?<signAfter>[-−])?`,
    '(?:',
    // \frac{1}{2}, \dfrac{1}{2}
    String.raw`\\[dt]?frac\{\s*(?<texNumerator>\d+)\s*\}\{\s*(?<texDenominator>\d+)\s*\}`,
    '|',
    // a mixed number: 1 1/2
    String.raw`(?<mixedWhole>\d+)[ \t]+(?<mixedNumerator>\d+)/(?<mixedDenominator>\d+)(?!\d|\.\d)`,
    '|',
    // 1,000.50 or .5, optionally over a plain denominator (1/2)
    String.raw`(?<integer>${INTEGER})?(?:\.(?<decimals>\d+))?(?<=\d)(?:/(?<denominator>\d+)(?!\d|\.\d)|${EXPONENT})`,
    ')',
  ].join(''),
  'g',
);

/** The first number in `text` at or after `from`, or null. */
export function firstNumber(text: string, from = 0): FoundNumber | null {
  NUMBER.lastIndex = from;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    const found = toFound(m);
    if (found) return found;
  }
  return null;
}

/**
 * The last number in `text`, or null. Only the line holding the last digit is searched (numbers
 * never span lines), which keeps judging long completions fast.
 */
export function lastNumber(text: string): FoundNumber | null {
  let digit = text.length - 1;
  while (digit >= 0 && !isDigit(text.charCodeAt(digit))) digit--;
  if (digit < 0) return null;
  const lineStart = text.lastIndexOf('\n', digit) + 1;
  let last: FoundNumber | null = null;
  NUMBER.lastIndex = lineStart;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) {
    last = toFound(m) ?? last;
  }
  return last ?? (lineStart === 0 ? null : lastNumber(text.slice(0, lineStart - 1)));
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The value of an answer written as a number (with any currency, unit or words around it), or null. */
export function parseNumber(answer: string): number | null {
  return firstNumber(answer)?.value ?? null;
}

/** Equal up to floating-point noise (2.5 vs 2.50, 0.1 + 0.2 vs 0.3), not up to rounding by the model. */
export function numbersEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function toFound(m: RegExpExecArray): FoundNumber | null {
  const g = m.groups ?? {};
  const negative = g['signBefore'] !== undefined || g['signAfter'] !== undefined;
  let value: number;
  let text: string;
  if (g['texNumerator'] !== undefined) {
    value = Number(g['texNumerator']) / Number(g['texDenominator']);
    text = `${g['texNumerator']}/${g['texDenominator']}`;
  } else if (g['mixedWhole'] !== undefined) {
    value = Number(g['mixedWhole']) + Number(g['mixedNumerator']) / Number(g['mixedDenominator']);
    text = `${g['mixedWhole']} ${g['mixedNumerator']}/${g['mixedDenominator']}`;
  } else {
    const whole = (g['integer'] ?? '').replace(/[, \u00a0\u202f]/g, '');
    const decimals = (g['decimals'] ?? '').replace(/0+$/, '');
    text = `${whole || '0'}${decimals ? `.${decimals}` : ''}`;
    value = Number(text);
    if (g['denominator'] !== undefined) {
      value /= Number(g['denominator']);
      text = `${text}/${g['denominator']}`;
    }
    const tens = g['e'] ?? g['scientific'];
    if (tens !== undefined) value *= 10 ** Number(tens);
    if (g['power'] !== undefined) value **= Number(g['power']);
    if (tens !== undefined || g['power'] !== undefined) text = String(value);
  }
  if (!Number.isFinite(value)) return null;
  return { value: negative ? -value : value, text: (negative ? '-' : '') + text, start: m.index, end: m.index + m[0].length };
}
