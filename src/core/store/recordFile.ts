/**
 * Reads single records of a table again by where they sit (`RecordLocation`), so a reader can keep
 * a few numbers per record instead of the record itself and fetch the text only when it needs it.
 * Synchronous on purpose: a read from the page cache takes microseconds, a trip through libuv's
 * thread pool tens of them, and an export reads a record this way per example.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { RecordLocation } from './tableFollower';

export class RecordFile {
  private constructor(
    readonly file: string,
    private readonly fd: number,
  ) {}

  static open(file: string): RecordFile {
    return new RecordFile(file, openSync(file, 'r'));
  }

  /** The record at `at`; throws, naming file and line, if the bytes there are no longer that record's. */
  read<R>(at: Pick<RecordLocation, 'offset' | 'length' | 'line'>): R {
    const bytes = Buffer.allocUnsafe(at.length);
    const got = readSync(this.fd, bytes, 0, at.length, at.offset);
    try {
      if (got !== at.length) throw new Error(`only ${got} of ${at.length} bytes are left`);
      const text = bytes.toString('utf8');
      return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as R;
    } catch (e) {
      throw new Error(`${this.file}:${at.line}: the table changed while it was being read (${(e as Error).message}); try again.`, { cause: e });
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
