/**
 * One measured command on a scale workspace, in a process of its own so its peak RSS is its own:
 *
 *   node --import tsx bench/scaleChild.ts WORKSPACE COMMAND [STDOUT_FILE]
 *
 * COMMAND is `bare` (readline + JSON.parse of the run's tables, the baseline) or a CLI command
 * (`stats`, `stats-json`, `status`, `list`, `export`) run through the CLI's own `main`, its output
 * written to STDOUT_FILE (or dropped). Prints one JSON line: exit code, milliseconds of the work,
 * and memory (peak RSS, and its growth over the RSS once the modules are loaded).
 */
import { createReadStream, createWriteStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { main } from '../src/cli/cli';
import { runsDir } from '../src/core/store/layout';

export interface ChildResult {
  command: string;
  code: number;
  ms: number;
  /** Peak RSS of the process, bytes. */
  peakRss: number;
  /** Peak RSS minus the RSS before the work started, bytes. */
  rssGrowth: number;
  stderr: string;
}

/** The least a script could do: every line of every table of every run, through readline and JSON.parse. */
async function bareParse(workspace: string): Promise<number> {
  let records = 0;
  for (const run of readdirSync(runsDir(workspace))) {
    for (const file of readdirSync(join(runsDir(workspace), run)).filter((f) => f.endsWith('.jsonl'))) {
      for await (const line of createInterface({ input: createReadStream(join(runsDir(workspace), run, file)), crlfDelay: Infinity })) {
        if (line.length > 0 && (JSON.parse(line) as { id?: unknown }).id !== undefined) records++;
      }
    }
  }
  return records;
}

export function cliArgs(command: string, workspace: string, runId: string, exportFile: string): string[] {
  switch (command) {
    case 'stats':
      return ['stats', '--workspace', workspace];
    case 'stats-json':
      return ['stats', '--json', '--workspace', workspace];
    case 'status':
      return ['run', 'status', runId, '--workspace', workspace];
    case 'list':
      return ['run', 'list', '--workspace', workspace];
    case 'export':
      return ['export', '--workspace', workspace, '--output', exportFile, '--content', 'both', '--seed', '13', '--force'];
    default:
      throw new Error(`unknown command ${command}`);
  }
}

async function run(): Promise<void> {
  const [workspace, command, stdoutFile] = process.argv.slice(2) as [string, string, string | undefined];
  const runId = readdirSync(runsDir(workspace))[0] ?? '';
  const sink = (): Writable =>
    new Writable({
      write: (_chunk, _encoding, done) => done(),
    });
  let stderr = '';
  const io = {
    stdout: stdoutFile === undefined ? sink() : createWriteStream(stdoutFile),
    stderr: new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (stderr.length < 4000) stderr += chunk.toString();
        done();
      },
    }),
  };
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const code = command === 'bare' ? ((await bareParse(workspace)) > 0 ? 0 : 1) : await main(cliArgs(command, workspace, runId, join(workspace, 'export', 'train.jsonl')), io);
  const ms = performance.now() - started;
  await new Promise<void>((resolve) => io.stdout.end(resolve));
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const result: ChildResult = { command, code, ms, peakRss, rssGrowth: peakRss - rssBefore, stderr };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
