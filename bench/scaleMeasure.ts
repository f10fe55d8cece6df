/**
 * Measures the CLI's readers on a scale workspace (scripts/makeScaleRun.ts) against a bare
 * readline + JSON.parse of the same tables, each in a child process of its own (bench/scaleChild.ts),
 * alternating with the baseline and keeping each one's best time, since the machine is shared.
 * Used by bench/scale.bench.ts and by the `scale` test level.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runsDir } from '../src/core/store/layout';
import type { ChildResult } from './scaleChild';

export const SCALE_COMMANDS = ['stats', 'stats-json', 'status', 'list', 'export'] as const;
export type ScaleCommand = (typeof SCALE_COMMANDS)[number];

/** Time of a command ÷ the bare parse, and its memory ÷ the tables' bytes. */
export interface CommandFigures {
  command: ScaleCommand;
  code: number;
  ms: number;
  bareMs: number;
  timeRatio: number;
  rssGrowth: number;
  peakRss: number;
  memoryRatio: number;
  stderr: string;
}

/** Bytes of every table of every run in the workspace. */
export function tableBytes(workspace: string): number {
  let bytes = 0;
  for (const run of readdirSync(runsDir(workspace))) {
    for (const file of readdirSync(join(runsDir(workspace), run)).filter((f) => f.endsWith('.jsonl'))) bytes += statSync(join(runsDir(workspace), run, file)).size;
  }
  return bytes;
}

export function runChild(workspace: string, command: string, stdoutFile?: string): ChildResult {
  const args = ['--expose-gc', '--import', 'tsx', join(__dirname, 'scaleChild.ts'), workspace, command, ...(stdoutFile === undefined ? [] : [stdoutFile])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

/** Each command `rounds` times, alternating with the bare parse; best times, worst memory. */
export function measureCommands(workspace: string, commands: readonly ScaleCommand[], rounds: number): CommandFigures[] {
  const bytes = tableBytes(workspace);
  let bareMs = Infinity;
  const best = new Map<ScaleCommand, ChildResult>();
  const worstRss = new Map<ScaleCommand, ChildResult>();
  for (let round = 0; round < rounds; round++) {
    bareMs = Math.min(bareMs, runChild(workspace, 'bare').ms);
    for (const command of commands) {
      const r = runChild(workspace, command);
      if (r.code !== 0) throw new Error(`${command} exited ${r.code}: ${r.stderr}`);
      if (r.ms < (best.get(command)?.ms ?? Infinity)) best.set(command, r);
      if (r.rssGrowth > (worstRss.get(command)?.rssGrowth ?? -1)) worstRss.set(command, r);
    }
  }
  return commands.map((command) => {
    const fast = best.get(command) as ChildResult;
    const heavy = worstRss.get(command) as ChildResult;
    return {
      command,
      code: fast.code,
      ms: fast.ms,
      bareMs,
      timeRatio: fast.ms / bareMs,
      rssGrowth: heavy.rssGrowth,
      peakRss: heavy.peakRss,
      memoryRatio: heavy.rssGrowth / bytes,
      stderr: fast.stderr,
    };
  });
}
