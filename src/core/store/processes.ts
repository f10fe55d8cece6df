import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Facts about processes on this machine, for deciding whether a lock or temp file was left by a
 * process that is gone.
 */

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux exposes clock ticks at a fixed 100 Hz to user space (USER_HZ), whatever the kernel's HZ. */
const USER_HZ = 100;

let bootTimeMs: number | null | undefined;

function readBootTimeMs(): number | null {
  if (bootTimeMs === undefined) {
    try {
      const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
      bootTimeMs = match?.[1] === undefined ? null : Number(match[1]) * 1000;
    } catch {
      bootTimeMs = null;
    }
  }
  return bootTimeMs;
}

/**
 * When a process started (ms since the epoch, to 10 ms), or null where /proc is not available
 * (macOS, Windows). Lets a lock tell its own pid from an unrelated process that reused the number.
 */
function processStartMs(pid: number): number | null {
  const boot = readBootTimeMs();
  if (boot === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) may contain spaces and parentheses; fields after it start at the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[19]); // field 22, starttime
    return Number.isFinite(ticks) ? boot + (ticks * 1000) / USER_HZ : null;
  } catch {
    return null;
  }
}

/** Names a process well enough to tell later whether it is still the one running. */
export interface ProcessRef {
  pid: number;
  host: string;
  /** ISO time the process started. */
  processStartedAt: string;
}

function ownStartMs(): number {
  return processStartMs(process.pid) ?? Date.now() - process.uptime() * 1000;
}

export function currentProcess(): ProcessRef {
  return { pid: process.pid, host: hostname(), processStartedAt: new Date(ownStartMs()).toISOString() };
}

/**
 * Why the referenced process is certainly gone, or null when it may still be running — including
 * when it ran on another host, which this machine cannot check.
 */
export function whyGone(ref: ProcessRef): string | null {
  if (ref.host !== hostname()) return null;
  const alive = ref.pid === process.pid || isProcessAlive(ref.pid);
  if (!alive) return `pid ${ref.pid} is no longer running`;
  const startedMs = ref.pid === process.pid ? ownStartMs() : processStartMs(ref.pid);
  const claimedMs = Date.parse(ref.processStartedAt);
  // /proc gives start times to 10 ms; a second of slack absorbs rounding.
  if (startedMs !== null && Number.isFinite(claimedMs) && Math.abs(startedMs - claimedMs) > 1000) {
    return `pid ${ref.pid} now belongs to another process (started ${new Date(startedMs).toISOString()})`;
  }
  return null;
}
