import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, fstatSync, fsync, fsyncSync, ftruncateSync, mkdirSync, openSync, readSync, renameSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { acquireTableLock } from './tableLock';
import { recordBatches, type DamagedLine, type StoredRecord, type TableTail } from './tableReader';

/** The one writer of an append-only JSONL table. */
export interface TableWriter<R extends StoredRecord> {
  readonly file: string;
  /** Distinct record ids in the table, including those appended through this writer. */
  readonly count: number;
  has(id: string): boolean;
  /**
   * Appends the record as one line unless its id is already in the table (then resolves false and
   * writes nothing: a resumed run never duplicates). Resolves once the whole line is in the OS's
   * hands, so a crash of this process loses nothing; the disk itself is synced in the background
   * (see `syncIntervalMs`).
   */
  append(record: R): Promise<boolean>;
  /** Forces everything appended so far onto the disk. */
  sync(): Promise<void>;
  /** Syncs, closes the file and releases the lock. Further appends throw. */
  close(): Promise<void>;
}

export interface OpenTableOptions {
  /** Receives malformed lines, a repaired torn tail, a stale lock taken over. */
  onDiagnostic: (d: Diagnostic) => void;
  /**
   * How long appended lines may wait before an fsync puts them on the disk; default 1000 ms.
   * Each line is written to the OS immediately either way, so this only matters if the machine
   * itself goes down. An fsync per record costs 0.2–4 ms on our machines (bench/store.bench.ts), which
   * would make a 50k-record run spend minutes waiting on the disk.
   */
  syncIntervalMs?: number;
}

/**
 * Opens a table for appending: takes its lock (one writer per table), reads the ids already there,
 * and repairs the file: a damaged line in the middle (not JSON, or no id: a hand edit, a disk
 * error) is moved to `<table>.damaged` and cut out, so it is reported once rather than on every
 * command; the end is repaired so the next line starts on a line of its own — a torn last line
 * (cut off by a crash) is moved to `<table>.torn` and cut away; a complete last line without a
 * newline gets one.
 */
export async function openTable<R extends StoredRecord>(file: string, options: OpenTableOptions): Promise<TableWriter<R>> {
  const { onDiagnostic } = options;
  mkdirSync(dirname(file), { recursive: true });
  const lock = acquireTableLock(file, onDiagnostic);
  try {
    const ids = new Set<string>();
    const tail: { value?: TableTail } = {};
    const damaged: DamagedLine[] = [];
    for await (const batch of recordBatches<R>(file, onDiagnostic, tail, damaged)) for (const record of batch) ids.add(record.id);
    if (damaged.length > 0) {
      const removed = moveDamagedAside(file, damaged, onDiagnostic);
      if (tail.value !== undefined) tail.value = { ...tail.value, offset: tail.value.offset - removed, line: tail.value.line - damaged.length };
    }
    const fd = openSync(file, 'a');
    try {
      if (tail.value !== undefined) repairTail(file, fd, tail.value, onDiagnostic);
      return new AppendOnlyTable<R>(file, fd, fstatSync(fd).size, ids, options.syncIntervalMs ?? 1000, () => lock.release());
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  } catch (e) {
    lock.release();
    throw e;
  }
}

/**
 * Moves complete lines that hold no record to `<table>.damaged` and rewrites the table without
 * them (temp file, fsync, rename: readers see the old table or the new). The bytes are kept before
 * the table is rewritten, so a crash in between duplicates them in `.damaged` rather than losing
 * them. Returns the number of bytes cut from the table. Runs under the table's lock.
 */
function moveDamagedAside(file: string, damaged: readonly DamagedLine[], onDiagnostic: (d: Diagnostic) => void): number {
  const aside = `${file}.damaged`;
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const source = openSync(file, 'r');
  let removed = 0;
  try {
    const lines = damaged.map((d) => {
      const bytes = Buffer.alloc(d.length);
      readSync(source, bytes, 0, d.length, d.offset);
      return bytes;
    });
    appendFileSync(aside, Buffer.concat(lines.flatMap((b) => [b, Buffer.from('\n')])));
    const asideFd = openSync(aside, 'r+');
    try {
      fsyncSync(asideFd);
    } finally {
      closeSync(asideFd);
    }
    const target = openSync(temp, 'wx');
    try {
      let from = 0;
      for (const d of damaged) {
        copyRange(source, target, from, d.offset);
        from = d.offset + d.length + 1;
        removed += d.length + 1;
      }
      copyRange(source, target, from, fstatSync(source).size);
      fsyncSync(target);
    } finally {
      closeSync(target);
    }
    renameSync(temp, file);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    throw e;
  } finally {
    closeSync(source);
  }
  for (const d of damaged) {
    onDiagnostic({ file, line: d.line, severity: 'warning', message: `moved this damaged line (${d.length} bytes that hold no record) to ${aside} and cut it from the table; its record will be redone if the run is resumed.` });
  }
  return removed;
}

function copyRange(from: number, to: number, start: number, end: number): void {
  const buffer = Buffer.alloc(1 << 20);
  for (let at = start; at < end; ) {
    const read = readSync(from, buffer, 0, Math.min(buffer.length, end - at), at);
    if (read === 0) break;
    writeAll(to, buffer.subarray(0, read));
    at += read;
  }
}

function repairTail(file: string, fd: number, tail: TableTail, onDiagnostic: (d: Diagnostic) => void): void {
  if (tail.complete) {
    writeAll(fd, Buffer.from('\n'));
    return;
  }
  // Keep the bytes first and only then cut them, so a crash in between duplicates rather than loses.
  const tornFile = `${file}.torn`;
  appendFileSync(tornFile, Buffer.concat([tail.bytes, Buffer.from('\n')]));
  const tornFd = openSync(tornFile, 'r+');
  try {
    fsyncSync(tornFd);
  } finally {
    closeSync(tornFd);
  }
  truncateSync(file, tail.offset);
  onDiagnostic({
    file,
    line: tail.line,
    severity: 'warning',
    message: `the last line was incomplete (${tail.bytes.length} bytes with no newline, likely a write cut off by a crash); moved it to ${tornFile} and cut it from the table. Its record will be redone if the run is resumed.`,
  });
}

/** write(2) may write less than asked (a full disk, a signal); loop until the whole line is out. */
function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

class AppendOnlyTable<R extends StoredRecord> implements TableWriter<R> {
  private closed = false;
  private syncTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private syncError: Error | undefined;

  constructor(
    readonly file: string,
    private readonly fd: number,
    /** Where the last complete line ends: this writer is the only one, so it knows. */
    private bytes: number,
    private readonly ids: Set<string>,
    private readonly syncIntervalMs: number,
    private readonly releaseLock: () => void,
  ) {}

  get count(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  async append(record: R): Promise<boolean> {
    this.throwIfUnusable();
    if (this.ids.has(record.id)) return false;
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    // Synchronous on purpose: a write into the page cache takes microseconds, while a trip through
    // libuv's thread pool costs ~50 µs a record (measured); it also keeps lines in call order.
    this.ids.add(record.id);
    try {
      writeAll(this.fd, line);
    } catch (e) {
      this.ids.delete(record.id);
      this.undoPartialLine(e);
      throw e;
    }
    this.bytes += line.length;
    this.scheduleSync();
    return true;
  }

  async sync(): Promise<void> {
    this.throwIfUnusable();
    await this.flushToDisk();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.syncTimer);
    try {
      await this.flushToDisk();
    } finally {
      closeSync(this.fd);
      this.releaseLock();
    }
  }

  private throwIfUnusable(): void {
    if (this.closed) throw new Error(`${this.file} was closed; open the table again to append.`);
    if (this.syncError !== undefined) throw this.syncError;
  }

  /** A failed write may have left part of the line behind; cut it so the next line starts clean. */
  private undoPartialLine(cause: unknown): void {
    try {
      ftruncateSync(this.fd, this.bytes);
    } catch {
      this.syncError = new Error(`${this.file}: a failed write (${String(cause)}) may have left a partial line; reopen the table to repair it.`);
    }
  }

  private scheduleSync(): void {
    if (this.syncTimer !== undefined || this.closed) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.flushToDisk().catch((e: unknown) => {
        this.syncError = new Error(`${this.file}: fsync failed (${String(e)}); records since the last sync may not be on disk.`);
      });
    }, this.syncIntervalMs);
    this.syncTimer.unref(); // a pending sync must not keep a finished CLI run alive
  }

  /** One fsync at a time, so close() never closes the descriptor under a running fsync. */
  private async flushToDisk(): Promise<void> {
    while (this.syncing !== undefined) await this.syncing;
    this.syncing = new Promise<void>((resolve, reject) => fsync(this.fd, (e) => (e ? reject(e) : resolve())));
    try {
      await this.syncing;
    } finally {
      this.syncing = undefined;
    }
  }
}
