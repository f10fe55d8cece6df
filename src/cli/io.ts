import { once } from 'node:events';
import { stat } from 'node:fs/promises';
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

/**
 * Fails early, naming the path, when an input is missing or is a folder; the read that would follow
 * reports a folder as a bare "EISDIR" without saying which path.
 */
export async function assertInputFile(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined); // a missing file is reported by the read itself
  if (info && !info.isFile()) throw new Error(`cannot read '${file}': it is ${info.isDirectory() ? 'a folder' : 'not a regular file'}; give a file`);
}
