/**
 * An export's output, written as it goes and hashed on the way: into a temp file beside the
 * target, renamed over it only when complete, so a failed or cancelled export never leaves half a
 * training set under the real name.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Text is gathered to about this many characters before a write. */
const FLUSH_AT = 1 << 20;

export class OutputFile {
  private readonly fd: number;
  private readonly temp: string;
  private readonly hash: Hash = createHash('sha256');
  private parts: string[] = [];
  private pending = 0;
  private closed = false;
  private done = false;

  constructor(readonly file: string) {
    this.temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(this.temp, 'wx');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_AT) this.flush();
  }

  /** Puts the file in place; resolves to the sha256 of its bytes. */
  commit(): string {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.closed = true;
    renameSync(this.temp, this.file);
    this.done = true;
    return this.hash.digest('hex');
  }

  /** Throws the partial file away (after a failure); a no-op once committed. */
  discard(): void {
    if (this.done) return;
    this.done = true;
    if (!this.closed) closeSync(this.fd);
    this.closed = true;
    try {
      unlinkSync(this.temp);
    } catch {
      // already gone
    }
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const bytes = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    this.hash.update(bytes);
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
  }
}
