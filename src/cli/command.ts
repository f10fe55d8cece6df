import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './io';

/** One `mistakebook …` command. New commands (run, export, …) are one file each plus a row in commands.ts. */
export interface Command {
  /** The words that select it, e.g. ['dataset', 'inspect']. */
  path: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** The full `--help` text. */
  help: string;
  /** Returns the exit code: 0 done, 1 the input has errors, 2 the command line is wrong. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A wrong command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with its errors turned into UsageErrors that name the command. */
export function parseCommandLine<O extends Options>(args: string[], options: O, positionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error));
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals] ?? ''}'`);
  }
  return parsed;
}

/** The value of a choice option, checked against its allowed values. */
export function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
}
