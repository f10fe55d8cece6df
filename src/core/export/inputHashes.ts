/**
 * The sha256 of an export's input files, computed on a worker thread while the main thread reads
 * the same tables: at LEMA's size that is 190 MB to hash, a tenth of the export's time when done
 * inline. If the worker cannot run, the files are hashed here; the digests are the same.
 */
import { Worker } from 'node:worker_threads';
import { sha256File } from '../store/fileHash';

/** Plain CommonJS, run with `eval`, so it needs no file of its own next to a bundled extension. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(1 << 20);
parentPort.postMessage(workerData.files.map((file) => {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    return e.code === 'ENOENT' ? null : { error: String(e.message) };
  }
  try {
    const hash = createHash('sha256');
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) hash.update(buffer.subarray(0, n));
    return hash.digest('hex');
  } catch (e) {
    return { error: String(e.message) };
  } finally {
    closeSync(fd);
  }
}));
`;

/** sha256 of each file, or null for one that does not exist. */
export function hashFiles(files: readonly string[]): Promise<Array<string | null>> {
  return new Promise<Array<string | null>>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files } });
    worker.once('message', (results: Array<string | null | { error: string }>) => {
      const failed = results.findIndex((r) => r !== null && typeof r !== 'string');
      if (failed === -1) resolve(results as Array<string | null>);
      else reject(new Error(`cannot read ${files[failed]}: ${(results[failed] as { error: string }).error}`));
    });
    worker.once('error', reject);
  }).catch(async (e: unknown) => {
    // A worker that could not start: hash here. A file that could not be read fails the same way here.
    if (e instanceof Error && e.message.startsWith('cannot read ')) throw e;
    return Promise.all(files.map((f) => hashIfPresent(f)));
  });
}

/** sha256 of the file, hashed here, or null when it does not exist. */
export async function hashIfPresent(file: string): Promise<string | null> {
  try {
    return await sha256File(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
