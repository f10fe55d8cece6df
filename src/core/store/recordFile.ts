/**
 * Reads single records of a table again by where they sit (`RecordLocation`), so a reader can keep
 * a few numbers per record instead of the record itself and fetch the text only when it needs it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { RecordLocation } from './tableFollower';

export class RecordFile {
  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(file: string): Promise<RecordFile> {
    return new RecordFile(file, await open(file, 'r'));
  }

  /** The record at `at`; throws, naming file and line, if the bytes there are no longer that record's. */
  async read<R>(at: Pick<RecordLocation, 'offset' | 'length' | 'line'>): Promise<R> {
    const bytes = Buffer.allocUnsafe(at.length);
    const { bytesRead } = await this.handle.read(bytes, 0, at.length, at.offset);
    try {
      if (bytesRead !== at.length) throw new Error(`only ${bytesRead} of ${at.length} bytes are left`);
      const text = bytes.toString('utf8');
      return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as R;
    } catch (e) {
      throw new Error(`${this.file}:${at.line}: the table changed while it was being read (${(e as Error).message}); try again.`, { cause: e });
    }
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
