import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { currentProcess, whyGone, type ProcessRef } from './processes';

/**
 * One writer per table: `<table>.lock` beside the table names the process that writes it.
 * A lock left by a process that has died is taken over with a warning; a live one is refused.
 */

interface LockOwner extends ProcessRef {
  /** When the table was opened (ISO). */
  openedAt: string;
  /** Unique per acquisition, so release never deletes a lock that someone else has since taken. */
  token: string;
}

export interface TableLock {
  release(): void;
}

/** Locks held by this process, so opening a table twice here is refused rather than seen as stale. */
const heldHere = new Set<string>();

function readOwner(file: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string' || typeof owner.processStartedAt !== 'string') return null;
    return owner as LockOwner;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
    return null; // unreadable or half-written: nobody can be proven to own it
  }
}

/** Why the owner no longer holds the lock, or null when it may still be writing. */
function whyStale(owner: LockOwner): string | null {
  // Our own pid, yet not held here: a previous process with the same number (a restarted container).
  if (owner.pid === process.pid) return `pid ${owner.pid} is this process, which had not opened the table`;
  return whyGone(owner);
}

export function acquireTableLock(table: string, onDiagnostic: (d: Diagnostic) => void): TableLock {
  // Absolute, so two spellings of one path in this process still meet in `heldHere`.
  const file = resolve(`${table}.lock`);
  if (heldHere.has(file)) {
    throw new Error(`${table} is already open for writing in this process; use the writer you have, or close it first.`);
  }
  const me: LockOwner = {
    ...currentProcess(),
    openedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  // A few rounds: one may find a stale lock and remove it, the next creates ours (or meets a racer's).
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createLockFile(file, me)) {
      heldHere.add(file);
      return { release: () => release(file, me.token) };
    }
    let owner: LockOwner | null;
    try {
      owner = readOwner(file);
    } catch {
      continue; // removed between our create and our read: try again
    }
    if (owner === null) {
      onDiagnostic({ file, line: 1, severity: 'warning', message: 'the lock file is unreadable; taking it over. Delete it yourself next time if no other writer is running.' });
    } else if (owner.host !== me.host) {
      throw new Error(
        `${table} is locked by pid ${owner.pid} on host ${owner.host} (opened ${owner.openedAt}); this machine cannot tell whether it is still running. ` +
          `Stop that writer, or delete ${file} if you are sure it has stopped.`,
      );
    } else {
      const reason = whyStale(owner);
      if (reason === null) {
        throw new Error(
          `${table} is being written by pid ${owner.pid} (opened ${owner.openedAt}). ` +
            `Wait for it or stop it; delete ${file} only if you are sure that process is not a Mistakebook writer.`,
        );
      }
      onDiagnostic({ file, line: 1, severity: 'warning', message: `taking over a stale lock: ${reason} (it opened the table at ${owner.openedAt} and did not close it).` });
    }
    // Re-read just before removing, so we never delete a lock another process has taken over meanwhile.
    try {
      const again = readOwner(file);
      if (again?.token === owner?.token) unlinkSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new Error(`could not lock ${table}: ${file} keeps reappearing. Another process is opening this table at the same time; stop it and retry.`);
}

/**
 * Creates the lock with its full content in one step (a hard link of a finished temp file), so no
 * other process ever reads it half-written. Returns false when a lock already exists.
 */
function createLockFile(file: string, owner: LockOwner): boolean {
  const temp = `${file}.${owner.token}.tmp`;
  const text = `${JSON.stringify(owner)}\n`;
  writeFileSync(temp, text);
  try {
    linkSync(temp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw e;
    // File systems without hard links (FAT, some network shares): exclusive create instead.
    try {
      writeFileSync(file, text, { flag: 'wx' });
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    unlinkSync(temp);
  }
}

function release(file: string, token: string): void {
  if (!heldHere.delete(file)) return;
  try {
    if (readOwner(file)?.token === token) unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
