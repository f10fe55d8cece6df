import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { checkUserFile } from '../core/io/userFile';

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
 * Fails early, naming the path, when an input is missing, a folder, a FIFO or a device (the core's
 * one guard for user files); the read that would follow could hang or report a bare "EISDIR".
 */
export async function assertInputFile(file: string): Promise<void> {
  try {
    await checkUserFile(file);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ENOENT') throw e; // a missing file is reported by the read itself
  }
}
