/**
 * Just enough arithmetic for the fake reasoner to make a believable slip and carry it through
 * later steps: numbers as written in GSM8K solutions, + - * / (also x × ÷) and parentheses.
 * A small parser, never `eval`.
 */

/** Numbers as GSM8K writes them: `1,000`, `2.5`, `48`. */
export const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;

export function parseNumber(text: string): number | undefined {
  const cleaned = text.replace(/[$,\s]/g, '');
  if (!/^-?\d+(?:\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** Integers as integers, other values to at most two decimals, the way a solution would write them. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(2)));
}

type Token = { kind: 'num'; value: number } | { kind: 'op'; op: string };

function tokenize(expression: string): Token[] | undefined {
  const tokens: Token[] = [];
  const text = expression.replace(/\$/g, '');
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m.index === i) {
      tokens.push({ kind: 'num', value: Number(m[0].replace(/,/g, '')) });
      i += m[0].length;
      continue;
    }
    const op = ({ x: '*', '×': '*', '÷': '/' } as Record<string, string>)[c] ?? c;
    if (!'+-*/()'.includes(op)) return undefined;
    tokens.push({ kind: 'op', op });
    i += 1;
  }
  return tokens;
}

/** The value of an arithmetic expression, or undefined when it is not one. */
export function evaluate(expression: string): number | undefined {
  const tokens = tokenize(expression);
  if (!tokens || tokens.length === 0) return undefined;
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (t: Token | undefined, ops: string): t is { kind: 'op'; op: string } => t?.kind === 'op' && ops.includes(t.op);

  const primary = (): number | undefined => {
    const t = peek();
    if (t?.kind === 'num') {
      pos += 1;
      return t.value;
    }
    if (isOp(t, '-')) {
      pos += 1;
      const v = primary();
      return v === undefined ? undefined : -v;
    }
    if (isOp(t, '(')) {
      pos += 1;
      const v = sum();
      if (!isOp(peek(), ')')) return undefined;
      pos += 1;
      return v;
    }
    return undefined;
  };
  const product = (): number | undefined => {
    let v = primary();
    for (let t = peek(); v !== undefined && isOp(t, '*/'); t = peek()) {
      pos += 1;
      const r = primary();
      if (r === undefined) return undefined;
      v = t.op === '*' ? v * r : v / r;
    }
    return v;
  };
  const sum = (): number | undefined => {
    let v = product();
    for (let t = peek(); v !== undefined && isOp(t, '+-'); t = peek()) {
      pos += 1;
      const r = product();
      if (r === undefined) return undefined;
      v = t.op === '+' ? v + r : v - r;
    }
    return v;
  };

  const value = sum();
  return value !== undefined && pos === tokens.length && Number.isFinite(value) ? value : undefined;
}
