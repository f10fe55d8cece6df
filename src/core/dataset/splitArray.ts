import { decodeUtf8, describeBytes, NOT_UTF8, type SourceItem } from './sourceItem';

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** The index of `byte` in `chunk` from `from` on, or the chunk's length when there is none. */
function find(chunk: Buffer, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at === -1 ? chunk.length : at;
}

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

const enum Phase {
  BeforeArray,
  InArray,
  AfterArray,
  Stopped,
}

/**
 * Cuts a JSON file holding one top-level array into its elements, chunk by chunk, so a 1 GB
 * file never sits in memory at once. It only tracks strings, escapes and nesting depth; each
 * element's own syntax is left to JSON.parse, so one broken element does not lose the rest.
 */
export class JsonArraySplitter {
  private phase = Phase.BeforeArray;
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Where the current element's bytes begin in the current chunk. */
  private elementStart = 0;
  private parts: Buffer[] = [];
  private partsLength = 0;
  private tooBig = false;
  private hasContent = false;
  private elementLine = 0;
  private ordinal = 0;
  /** Positions of the next quote, backslash and newline in the current chunk (-1: not looked for yet). */
  private nextQuote = -1;
  private nextBackslash = -1;
  private nextNewline = -1;

  constructor(private readonly maxRecordBytes: number) {}

  push(chunk: Buffer, out: SourceItem[]): void {
    this.elementStart = 0;
    this.nextQuote = this.nextBackslash = this.nextNewline = -1;
    for (let i = 0; i < chunk.length; i++) {
      if (this.inString) {
        i = this.skipString(chunk, i);
        continue;
      }
      const b = chunk[i] as number;
      if (b === LF) this.line++;
      if (this.phase === Phase.InArray) {
        if (b === QUOTE) {
          this.inString = true;
        } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
          this.depth++;
        } else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && this.depth > 0) {
          this.depth--;
          continue;
        } else if (b === CLOSE_BRACKET || (b === COMMA && this.depth === 0)) {
          this.endElement(chunk, i, b === CLOSE_BRACKET, out);
          if (b === CLOSE_BRACKET) this.phase = Phase.AfterArray;
          continue;
        } else if (isWhitespace(b)) {
          continue;
        }
        if (!this.hasContent) {
          this.hasContent = true;
          this.elementLine = this.line;
        }
      } else if (isWhitespace(b) || this.phase === Phase.Stopped) {
        continue;
      } else if (this.phase === Phase.BeforeArray && b === OPEN_BRACKET) {
        this.phase = Phase.InArray;
        this.elementStart = i + 1;
      } else {
        const message =
          this.phase === Phase.BeforeArray
            ? "a JSON dataset file must hold one array of records ('[' … ']'); nothing loaded"
            : "text after the closing ']' of the array; ignored";
        out.push({ kind: 'problem', line: this.line, severity: 'error', message });
        this.phase = Phase.Stopped;
      }
    }
    if (this.phase === Phase.InArray) this.hold(chunk, this.elementStart, chunk.length);
  }

  /**
   * Most of a dataset is string content: jump through it with indexOf instead of byte by byte.
   * Returns the index of the string's closing quote, or the chunk's last index if it goes on.
   */
  private skipString(chunk: Buffer, from: number): number {
    let i = from;
    while (i < chunk.length) {
      if (this.escaped) {
        this.escaped = false;
        if (chunk[i] === LF) this.line++;
        i++;
        continue;
      }
      if (this.nextQuote < i) this.nextQuote = find(chunk, QUOTE, i);
      if (this.nextBackslash < i) this.nextBackslash = find(chunk, BACKSLASH, i);
      const stop = Math.min(this.nextQuote, this.nextBackslash);
      // Raw newlines are not valid inside JSON strings, but count them so later lines stay right.
      for (;;) {
        if (this.nextNewline < i) this.nextNewline = find(chunk, LF, i);
        if (this.nextNewline >= stop) break;
        this.line++;
        i = this.nextNewline + 1;
      }
      if (stop >= chunk.length) return chunk.length - 1;
      if (stop === this.nextQuote) {
        this.inString = false;
        return stop;
      }
      this.escaped = true;
      i = stop + 1;
    }
    return chunk.length - 1;
  }

  end(out: SourceItem[]): void {
    if (this.phase !== Phase.InArray) return;
    // An element with unbalanced brackets or quotes also ends up here, having swallowed the rest.
    const message = this.hasContent
      ? `element ${this.ordinal + 1} never closes before the end of the file (the file was cut off, or the element's brackets or quotes do not balance); it is skipped`
      : "the array has no closing ']' at the end of the file";
    out.push({ kind: 'problem', line: this.hasContent ? this.elementLine : this.line, severity: 'error', message });
    this.phase = Phase.Stopped;
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    if (end <= start) return;
    this.partsLength += end - start;
    if (this.tooBig) return;
    if (this.partsLength > this.maxRecordBytes) {
      this.tooBig = true;
      this.parts = [];
    } else {
      this.parts.push(chunk.subarray(start, end));
    }
  }

  private endElement(chunk: Buffer, at: number, closing: boolean, out: SourceItem[]): void {
    this.hold(chunk, this.elementStart, at);
    this.elementStart = at + 1;
    if (this.hasContent) {
      const ordinal = ++this.ordinal;
      const line = this.elementLine;
      if (this.tooBig) {
        const limit = describeBytes(this.maxRecordBytes);
        const message = `element ${ordinal} is ${describeBytes(this.partsLength)}, over the ${limit} limit for one record; skipped`;
        out.push({ kind: 'problem', line, severity: 'error', message });
      } else {
        const whole = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partsLength);
        const text = decodeUtf8(whole, 0, whole.length);
        if (text === null) out.push({ kind: 'problem', line, severity: 'error', message: `element ${ordinal} is ${NOT_UTF8}` });
        else out.push({ kind: 'text', text, line, ordinal, lastInFile: false });
      }
    } else if (!closing || this.ordinal > 0) {
      // "[ ]" is an empty array; any other empty slot is a stray comma.
      const message = closing ? "trailing comma before ']'; ignored" : 'empty element (two commas in a row); ignored';
      out.push({ kind: 'problem', line: this.line, severity: 'warning', message });
    }
    this.parts = [];
    this.partsLength = 0;
    this.tooBig = false;
    this.hasContent = false;
    this.depth = 0;
  }
}
