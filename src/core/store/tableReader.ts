import { createReadStream } from 'node:fs';
import type { Diagnostic } from '../diagnostic';

/** Every table line is one JSON object with a deterministic string id (src/core/ids.ts). */
export interface StoredRecord {
  readonly id: string;
}

/** The last line of a table when it has no newline: a record cut off by a crash, or a hand edit. */
export interface TableTail {
  /** Byte offset where the line starts. */
  offset: number;
  /** 1-based line number. */
  line: number;
  bytes: Buffer;
  /** Whether it parses as a record (then it was yielded like any other). */
  complete: boolean;
}

/**
 * Streams a table's records in file order, one chunk at a time, so tables of any size read in
 * bounded memory. A malformed line is reported as an error with its line number and skipped; an
 * unterminated last line that does not parse (a write cut off by a crash) is reported as a warning
 * and ignored. A table that does not exist yet reads as empty.
 */
export async function* readTable<R extends StoredRecord>(file: string, onDiagnostic: (d: Diagnostic) => void): AsyncGenerator<R> {
  const tail: { value?: TableTail } = {};
  for await (const batch of recordBatches<R>(file, onDiagnostic, tail)) yield* batch;
  if (tail.value !== undefined && !tail.value.complete) {
    onDiagnostic({
      file,
      line: tail.value.line,
      severity: 'warning',
      message:
        `the last line is incomplete (${tail.value.bytes.length} bytes with no newline, likely a write cut off by a crash) and was ignored; ` +
        `opening the table for writing moves it to ${file}.torn.`,
    });
  }
}

/** A complete line that holds no record (not JSON, or no string id): where it is, to move it aside. */
export interface DamagedLine {
  line: number;
  /** Byte offset of its first byte, and its length without the newline. */
  offset: number;
  length: number;
}

/**
 * The records of a table in batches (one per chunk read, to keep per-record overhead low), plus
 * what the writer needs to repair the file: `tail.value` is set when the file does not end in a
 * newline, and `damaged` (when given) receives every complete line that holds no record.
 */
export async function* recordBatches<R extends StoredRecord>(
  file: string,
  onDiagnostic: (d: Diagnostic) => void,
  tail: { value?: TableTail },
  damaged?: DamagedLine[],
): AsyncGenerator<R[]> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let pending: Buffer[] = []; // pieces of a line that spans chunks
  let pendingBytes = 0;
  let lineNo = 0;
  let offset = 0; // byte offset of the first pending byte
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lastNewline = chunk.lastIndexOf(10);
      if (lastNewline < 0) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        continue;
      }
      const head = chunk.subarray(0, lastNewline);
      const whole = pending.length === 0 ? head : Buffer.concat([...pending, head]);
      // UTF-8 never uses byte 0x0A inside a multi-byte character, so splitting on it is safe.
      const batch: R[] = [];
      for (let start = 0; start <= whole.length; ) {
        const newline = whole.indexOf(10, start);
        const end = newline < 0 ? whole.length : newline;
        lineNo++;
        const text = whole.toString('utf8', start, end);
        const record = parseRecordLine<R>(text, file, lineNo, onDiagnostic);
        if (record !== undefined) batch.push(record);
        else if (damaged !== undefined && text.trim() !== '') damaged.push({ line: lineNo, offset: offset + start, length: end - start });
        start = end + 1;
      }
      offset += whole.length + 1;
      const rest = chunk.subarray(lastNewline + 1);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
      if (batch.length > 0) yield batch;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  } finally {
    stream.destroy();
  }
  if (pendingBytes === 0) return;
  const bytes = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
  const text = withoutBom(bytes.toString('utf8'), lineNo + 1);
  if (text.trim() === '') return;
  lineNo++;
  // Not parsed through parseRecordLine: a torn tail is one warning (from the caller), not also a JSON error.
  let record: R | undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (isRecord(value)) record = value as R;
  } catch {
    record = undefined;
  }
  tail.value = { offset, line: lineNo, bytes, complete: record !== undefined };
  if (record !== undefined) yield [record];
}

function withoutBom(text: string, line: number): string {
  return line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isRecord(value: unknown): value is StoredRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { id?: unknown }).id === 'string';
}

export function parseRecordLine<R extends StoredRecord>(
  text: string,
  file: string,
  line: number,
  onDiagnostic: (d: Diagnostic) => void,
): R | undefined {
  let value: unknown;
  try {
    value = JSON.parse(withoutBom(text, line));
  } catch (e) {
    if (text.trim() === '') return undefined; // blank lines (a hand edit) carry nothing
    const reason = (e as Error).message.slice(0, 200);
    const position = /at position (\d+)/.exec(reason)?.[1];
    onDiagnostic({
      file,
      line,
      ...(position === undefined ? {} : { column: Number(position) + 1 }),
      severity: 'error',
      message: `not valid JSON (${reason}); the line was skipped. The next stage run moves it to ${file}.damaged and redoes its record.`,
    });
    return undefined;
  }
  if (!isRecord(value)) {
    onDiagnostic({ file, line, severity: 'error', message: `not a JSON object with a string "id"; the line was skipped. The next stage run moves it to ${file}.damaged.` });
    return undefined;
  }
  return value as R;
}
