/**
 * Cuts a step's text into what is shown differently: plain text, LaTeX formulas, GSM8K calculator
 * annotations (`<<2*3=6>>`) and invisible text-direction controls (shown, never applied). Pure, so the
 * rules are unit-tested without a browser.
 */

export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'math'; tex: string; display: boolean; source: string }
  | { kind: 'calculation'; text: string }
  | { kind: 'direction-control'; codePoint: number };

export interface PieceOptions {
  /** `$…$` is math in MATH-style text; in GSM8K it is money ("$5 and $6"). */
  dollarMath: boolean;
}

/** Characters that reorder how text is displayed (Trojan-Source style); a math dataset has no use for them. */
const DIRECTION_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const LONGEST_CALCULATION = 200;
/** Longer formulas are shown as written, not typeset (see richText). */
export const LONGEST_FORMULA = 3_000;

const START = /\$\$|\\\[|\\\(|\$|<<|[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function splitPieces(text: string, options: PieceOptions): Piece[] {
  const pieces: Piece[] = [];
  let plainFrom = 0;
  const flushPlain = (to: number): void => {
    if (to > plainFrom) pieces.push({ kind: 'text', text: text.slice(plainFrom, to) });
  };
  START.lastIndex = 0;
  for (let m = START.exec(text); m !== null; m = START.exec(text)) {
    const at = m.index;
    const found = recognise(text, at, m[0], options);
    if (found === undefined) {
      // Not a delimiter after all: go on looking one character further, the text stays plain.
      START.lastIndex = at + 1;
      continue;
    }
    flushPlain(at);
    pieces.push(found.piece);
    plainFrom = found.end;
    START.lastIndex = found.end;
  }
  flushPlain(text.length);
  return pieces;
}

function recognise(text: string, at: number, start: string, options: PieceOptions): { piece: Piece; end: number } | undefined {
  if (DIRECTION_CONTROL.test(start)) return { piece: { kind: 'direction-control', codePoint: start.codePointAt(0) ?? 0 }, end: at + 1 };
  if (isEscaped(text, at)) return undefined;
  switch (start) {
    case '$$':
      return options.dollarMath ? math(text, at, 2, '$$', true) : undefined;
    case '\\[':
      return math(text, at, 2, '\\]', true);
    case '\\(':
      return math(text, at, 2, '\\)', false);
    case '$':
      return options.dollarMath ? inlineDollar(text, at) : undefined;
    case '<<':
      return calculation(text, at);
    default:
      return undefined;
  }
}

function math(text: string, at: number, open: number, close: string, display: boolean): { piece: Piece; end: number } | undefined {
  const end = text.indexOf(close, at + open);
  if (end === -1) return undefined;
  const tex = text.slice(at + open, end);
  if (tex.trim() === '' || DIRECTION_CONTROL.test(tex)) return undefined;
  return { piece: { kind: 'math', tex, display, source: text.slice(at, end + close.length) }, end: end + close.length };
}

/**
 * `$…$` as Pandoc reads it: the opening `$` has a non-space after it, the closing one a non-space before
 * it and no digit after it — so "costs $5 and $6" stays text.
 */
function inlineDollar(text: string, at: number): { piece: Piece; end: number } | undefined {
  const first = text[at + 1];
  if (first === undefined || /\s/.test(first)) return undefined;
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' && text[i + 1] === '\n') return undefined; // a formula does not span paragraphs
    if (c !== '$' || isEscaped(text, i)) continue;
    const before = text[i - 1] ?? ' ';
    const after = text[i + 1] ?? '';
    if (/\s/.test(before) || /\d/.test(after)) continue;
    const tex = text.slice(at + 1, i);
    if (DIRECTION_CONTROL.test(tex)) return undefined;
    return { piece: { kind: 'math', tex, display: false, source: text.slice(at, i + 1) }, end: i + 1 };
  }
  return undefined;
}

function calculation(text: string, at: number): { piece: Piece; end: number } | undefined {
  const end = text.indexOf('>>', at + 2);
  if (end === -1 || end - at - 2 > LONGEST_CALCULATION) return undefined;
  const inner = text.slice(at + 2, end);
  if (inner.includes('\n') || inner.trim() === '' || DIRECTION_CONTROL.test(inner)) return undefined;
  return { piece: { kind: 'calculation', text: inner }, end: end + 2 };
}

/** A delimiter preceded by an odd number of backslashes is a literal character. */
function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  for (let i = at - 1; i >= 0 && text[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

/** How many characters of the text a piece stands for. */
export function pieceLength(piece: Piece): number {
  switch (piece.kind) {
    case 'text':
      return piece.text.length;
    case 'math':
      return piece.source.length;
    case 'calculation':
      return piece.text.length + 4;
    case 'direction-control':
      return String.fromCodePoint(piece.codePoint).length;
  }
}

/** When a text is collapsed, and how much of it the collapsed view shows. */
export interface PreviewLimits {
  /** Collapse a text longer than this, or with more lines than `collapseLines`. */
  collapseChars: number;
  collapseLines: number;
  /** The collapsed view ends after this many characters or lines, whichever comes first. */
  previewChars: number;
  previewLines: number;
}

export interface Preview {
  pieces: Piece[];
  /** Where the preview ends in the text: the rest is hidden until asked for. */
  end: number;
}

/**
 * The beginning of a long text, cut into pieces; undefined when the text is short enough to show whole.
 * A formula or annotation that straddles the cut is kept whole (its box is capped by the view), so the
 * preview never shows half a formula as source. Only the start of the text is read, however long it is.
 */
export function previewPieces(text: string, options: PieceOptions, limits: PreviewLimits): Preview | undefined {
  if (text.length <= limits.collapseChars && lineCount(text, limits.collapseLines + 1) <= limits.collapseLines) return undefined;
  const cut = Math.min(limits.previewChars, endOfLine(text, limits.previewLines));
  const pieces: Piece[] = [];
  let at = 0;
  for (const piece of splitPieces(text.slice(0, cut + LONGEST_FORMULA), options)) {
    if (at >= cut) break;
    const length = pieceLength(piece);
    if (piece.kind === 'text' && at + length > cut) {
      pieces.push({ kind: 'text', text: piece.text.slice(0, cut - at) });
      at = cut;
      break;
    }
    pieces.push(piece);
    at += length;
  }
  return at >= text.length ? undefined : { pieces, end: at };
}

/** Lines of the text, counting no further than `upTo`. */
function lineCount(text: string, upTo: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && lines < upTo; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** The offset of the `lines`-th line break, or the text's length when it has fewer. */
function endOfLine(text: string, lines: number): number {
  let at = -1;
  for (let n = 0; n < lines; n++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return text.length;
  }
  return at;
}
