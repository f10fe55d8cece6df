/**
 * Follows a growing JSONL table: the first refresh reads it whole, each later one only the bytes
 * appended since (the file's size, mtime and inode tell), so a view over a 200,000-path run pays
 * for one new correction with one line read. A file that shrank, was replaced, or no longer holds
 * the bytes already read is read again from the start (`reset`). A last line without its newline
 * yet (a write in progress, or cut off by a crash) is held back until it is completed.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostic';
import { parseRecordLine, type StoredRecord } from './tableReader';

/** Where a record's line sits in the table, for reading it again later (`RecordFile.read`). */
export interface RecordLocation {
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Bytes of the line, without its newline. */
  length: number;
  /** 1-based line number. */
  line: number;
}

export interface TableVisitor<R> {
  /** The table was replaced or cut: what was built from earlier records is void; the whole table follows. */
  reset?(): void;
  record(record: R, at: RecordLocation): void;
  /**
   * Only records with these ids are wanted: a line that starts the way the table writer writes one
   * (`{"id":"…"`) is then not parsed unless its id is wanted, which makes a lookup of a few records
   * in a big table several times cheaper. Other lines are parsed (and checked) as usual.
   */
  wants?(id: string): boolean;
}

/** `unchanged`: nothing read. `appended`: only new lines were read. `reset`: read from the start (the first refresh, or the file was replaced or cut). */
export type RefreshKind = 'unchanged' | 'appended' | 'reset';

export interface RefreshResult {
  kind: RefreshKind;
  /** Records handed to the visitor. */
  records: number;
  /** Bytes read from the file in this refresh. */
  bytesRead: number;
}

/** How many bytes before the read position are checked to still be there: a rewrite that grew the file is caught. */
const FINGERPRINT_BYTES = 64;
const CHUNK = 1 << 20;

interface Seen {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export class TableFollower<R extends StoredRecord = StoredRecord> {
  /** Bytes of complete lines read so far: the next refresh starts here. */
  private consumed = 0;
  private lines = 0;
  /** Bytes after the last newline at the last refresh: a line not complete yet. */
  private held = 0;
  private seen: Seen | undefined;
  /** The last bytes before `consumed`, as read. */
  private fingerprint = Buffer.alloc(0);
  /** The refresh in progress: refreshes run one at a time, in call order. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly onDiagnostic: (d: Diagnostic) => void = () => undefined,
  ) {}

  /** Bytes of the table taken in so far (complete lines only). */
  get offset(): number {
    return this.consumed;
  }

  /** Lines taken in so far, blank and malformed ones included. */
  get lineCount(): number {
    return this.lines;
  }

  /** Bytes of a last line without its newline yet, held back at the last refresh (0 when the table ends in a newline). */
  get heldBytes(): number {
    return this.held;
  }

  /** Reads what is new since the last refresh and hands each record to the visitor, in file order. A refresh called during another waits for it. */
  refresh(visitor: TableVisitor<R>): Promise<RefreshResult> {
    const next = this.running.then(() => this.refreshNow(visitor));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async refreshNow(visitor: TableVisitor<R>): Promise<RefreshResult> {
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // A table that is not there (yet, or any more) reads as empty.
      const had = this.seen !== undefined;
      this.forget();
      if (had) visitor.reset?.();
      return { kind: had ? 'reset' : 'unchanged', records: 0, bytesRead: 0 };
    }
    try {
      const stat = await handle.stat();
      const now: Seen = { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
      const before = this.seen;
      if (before !== undefined && sameFile(before, now) && before.size === now.size && before.mtimeMs === now.mtimeMs) {
        return { kind: 'unchanged', records: 0, bytesRead: 0 };
      }
      let kind: RefreshKind = 'appended';
      let bytesRead = 0;
      if (before === undefined || !sameFile(before, now) || now.size < this.consumed || (now.size === before.size && now.mtimeMs !== before.mtimeMs)) {
        kind = 'reset';
      } else if (this.fingerprint.length > 0) {
        const check = Buffer.alloc(this.fingerprint.length);
        const { bytesRead: got } = await handle.read(check, 0, check.length, this.consumed - check.length);
        bytesRead += got;
        if (got !== check.length || !check.equals(this.fingerprint)) kind = 'reset';
      }
      if (kind === 'reset') {
        this.forget();
        visitor.reset?.();
      }
      const { records, bytes } = await this.readFrom(handle, now.size, visitor);
      this.seen = now;
      return { kind, records, bytesRead: bytesRead + bytes };
    } finally {
      await handle.close();
    }
  }

  private forget(): void {
    this.consumed = 0;
    this.lines = 0;
    this.held = 0;
    this.seen = undefined;
    this.fingerprint = Buffer.alloc(0);
  }

  /** Reads from `consumed` to `end`, visiting each complete line; an unterminated tail stays unconsumed. */
  private async readFrom(handle: FileHandle, end: number, visitor: TableVisitor<R>): Promise<{ records: number; bytes: number }> {
    let records = 0;
    let bytes = 0;
    let carry = Buffer.alloc(0); // the start of a line that continues in the next chunk
    let position = this.consumed;
    while (position < end) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, end - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break; // cut while we read: the next refresh sees the new size
      position += bytesRead;
      bytes += bytesRead;
      const data = carry.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      let start = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
        this.lines++;
        const at: RecordLocation = { offset: this.consumed, length: nl - start, line: this.lines };
        this.consumed += nl - start + 1;
        const id = visitor.wants === undefined ? undefined : leadingId(data, start, nl);
        // UTF-8 never uses byte 0x0A inside a multi-byte character, so splitting on it is safe.
        const record = id !== undefined && !(visitor.wants as (id: string) => boolean)(id) ? undefined : parseRecordLine<R>(data.toString('utf8', start, nl), this.file, this.lines, this.onDiagnostic);
        if (record !== undefined) {
          visitor.record(record, at);
          records++;
        }
        start = nl + 1;
      }
      carry = data.subarray(start);
      if (start > 0) this.fingerprint = Buffer.from(data.subarray(Math.max(0, start - FINGERPRINT_BYTES), start));
    }
    this.held = end - this.consumed;
    return { records, bytes };
  }
}

const ID_PREFIX = Buffer.from('{"id":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The id of a line written as `{"id":"…",…` (as the table writer writes them), read without parsing; undefined for any other line. */
function leadingId(data: Buffer, start: number, end: number): string | undefined {
  if (end - start < ID_PREFIX.length + 1 || data.compare(ID_PREFIX, 0, ID_PREFIX.length, start, start + ID_PREFIX.length) !== 0) return undefined;
  const from = start + ID_PREFIX.length;
  const quote = data.indexOf(QUOTE, from);
  if (quote === -1 || quote >= end) return undefined;
  const backslash = data.indexOf(BACKSLASH, from);
  if (backslash !== -1 && backslash < quote) return undefined; // an escape: leave it to JSON.parse
  return data.toString('utf8', from, quote);
}

function sameFile(a: Seen, b: Seen): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
