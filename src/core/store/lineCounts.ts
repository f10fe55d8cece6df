/**
 * Newline counts of growing files, kept between calls: a file that grew is counted from where it
 * ended, so the Runs view's "200,000 paths · 58,000 corrections" costs the appended bytes on a
 * refresh, not the 190 MB of a big run. A file that shrank or was replaced (another inode, a
 * regrade's rename) is counted again from the start.
 */
import { open } from 'node:fs/promises';

interface Known {
  ino: number;
  size: number;
  lines: number;
}

const CHUNK = 1 << 20;

export class LineCounts {
  private readonly known = new Map<string, Known>();

  /** Newline-terminated lines in `file`, or null when it does not exist. */
  async count(file: string): Promise<number | null> {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.known.delete(file);
        return null;
      }
      throw e;
    }
    try {
      const stat = await handle.stat();
      const before = this.known.get(file);
      const same = before !== undefined && before.ino === stat.ino && before.size <= stat.size;
      let lines = same ? before.lines : 0;
      let at = same ? before.size : 0;
      // Where the counted lines end: after the last newline. A torn last line is counted again next
      // time from its start, since the writer's repair cuts it off and writes whole records in its place.
      let counted = at;
      const buffer = Buffer.allocUnsafe(CHUNK);
      while (at < stat.size) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, stat.size - at), at);
        if (bytesRead === 0) break;
        for (let i = buffer.indexOf(10); i !== -1 && i < bytesRead; i = buffer.indexOf(10, i + 1)) {
          lines++;
          counted = at + i + 1;
        }
        at += bytesRead;
      }
      this.known.set(file, { ino: stat.ino, size: counted, lines });
      return lines;
    } finally {
      await handle.close();
    }
  }
}
