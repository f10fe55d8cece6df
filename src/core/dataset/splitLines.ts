import { decodeUtf8, describeBytes, notUtf8Line, type SourceItem } from './sourceItem';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Cuts a JSONL byte stream into lines, chunk by chunk, holding at most one unfinished line.
 * Lines longer than `maxRecordBytes` are counted past, not buffered.
 */
export class JsonLinesSplitter {
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Bytes of an over-long line seen so far; -1 when not skipping. */
  private skipped = -1;
  private line = 1;

  constructor(private readonly maxRecordBytes: number) {}

  push(chunk: Buffer, out: SourceItem[]): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) {
        this.hold(chunk, start, chunk.length);
        return;
      }
      if (this.partsLength === 0 && this.skipped < 0) {
        this.emit(chunk, start, newline, false, out);
      } else {
        this.hold(chunk, start, newline);
        this.flush(false, out);
      }
      start = newline + 1;
    }
  }

  /** The file has ended: a line without a final newline is still a line (maybe a torn one). */
  end(out: SourceItem[]): void {
    if (this.partsLength > 0 || this.skipped >= 0) this.flush(true, out);
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    if (end <= start) return;
    if (this.skipped >= 0) {
      this.skipped += end - start;
    } else if (this.partsLength + end - start > this.maxRecordBytes) {
      this.skipped = this.partsLength + end - start;
      this.parts = [];
      this.partsLength = 0;
    } else {
      this.parts.push(chunk.subarray(start, end));
      this.partsLength += end - start;
    }
  }

  private flush(lastInFile: boolean, out: SourceItem[]): void {
    if (this.skipped >= 0) {
      out.push(this.tooLong(this.skipped));
      this.skipped = -1;
      this.line++;
      return;
    }
    const whole = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.partsLength);
    this.parts = [];
    this.partsLength = 0;
    this.emit(whole, 0, whole.length, lastInFile, out);
  }

  private emit(buf: Buffer, start: number, end: number, lastInFile: boolean, out: SourceItem[]): void {
    const line = this.line++;
    if (end > start && buf[end - 1] === CR) end--;
    if (end - start > this.maxRecordBytes) {
      out.push(this.tooLong(end - start, line));
      return;
    }
    const text = decodeUtf8(buf, start, end);
    if (text === null) {
      out.push(notUtf8Line(buf, start, end, line));
    } else if (text.trim() === '') {
      out.push({ kind: 'problem', line, severity: 'warning', message: 'blank line; skipped' });
    } else {
      out.push({ kind: 'text', text, line, ordinal: line, lastInFile });
    }
  }

  private tooLong(bytes: number, line = this.line): SourceItem {
    const limit = describeBytes(this.maxRecordBytes);
    return { kind: 'problem', line, severity: 'error', message: `line is ${describeBytes(bytes)}, over the ${limit} limit for one record; skipped` };
  }
}
