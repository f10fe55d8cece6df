import { isUtf8 } from 'node:buffer';
import { columnOf, utf8ErrorAt } from '../io/userFile';

/**
 * One record's text as cut out of a file, before JSON parsing, or a problem found while cutting.
 * `line` is the file line where the record starts (what an editor jumps to); `ordinal` is the
 * 1-based line in a JSONL file and the 1-based element index in a JSON array.
 */
export type SourceItem =
  | { kind: 'text'; text: string; line: number; ordinal: number; lastInFile: boolean }
  | { kind: 'problem'; line: number; column?: number; severity: 'error' | 'warning'; message: string };

/** Records larger than this are reported and skipped rather than buffered (a 10 MB line is a broken file, not a question). */
export const DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

/** UTF-8 text of buf[start, end), or null when those bytes are not valid UTF-8. */
export function decodeUtf8(buf: Buffer, start: number, end: number): string | null {
  const text = buf.toString('utf8', start, end);
  // The decoder replaces bad bytes with U+FFFD; only then is the (rarer) exact check worth its cost.
  if (text.includes('\uFFFD') && !isUtf8(buf.subarray(start, end))) return null;
  return text;
}

export { describeBytes } from '../io/userFile';

/** A line that is not UTF-8, pointing at its first bad byte (column in characters, as an editor counts). */
export function notUtf8Line(buf: Buffer, start: number, end: number, line: number): SourceItem {
  const at = utf8ErrorAt(buf, start, end);
  if (at < 0) return { kind: 'problem', line, severity: 'error', message: NOT_UTF8 };
  const byte = (buf[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return { kind: 'problem', line, column: columnOf(buf, start, at), severity: 'error', message: `not valid UTF-8 text (byte 0x${byte}); skipped (re-save the file as UTF-8)` };
}

export const NOT_UTF8 = 'not valid UTF-8 text; skipped (re-save the file as UTF-8)';
