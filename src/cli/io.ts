import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Where a command writes: the process's streams, or buffers in tests. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
}

/** Writes and waits while the stream is full, so a big `grade` output never piles up in memory. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}
