/** Who is rating on the command line: --rater NAME, else `git config user.name` (said on stderr). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { checkRaterName, describeRaterFile } from '../core/store/raters';
import { UsageError } from './command';
import { write, type CliIo } from './io';

const run = promisify(execFile);

/** `git config user.name` in `cwd`, or undefined when git or the setting is missing. */
export async function gitUserName(cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['config', 'user.name'], { cwd, timeout: 5000 });
    const name = stdout.trim();
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

export async function raterFrom(option: string | undefined, workspace: string, io: CliIo, what = 'rater'): Promise<string> {
  let name = option;
  if (name === undefined) {
    name = await gitUserName(workspace);
    if (name === undefined) throw new UsageError(`missing --${what} NAME (and git config user.name is not set)`);
    await write(io.stderr, `${what}: ${name} (from git config user.name; pass --${what} to choose)\n`);
  }
  try {
    name = checkRaterName(name);
  } catch (e) {
    throw new UsageError(`--${what}: ${(e as Error).message}`);
  }
  const note = describeRaterFile(name);
  if (note !== undefined) await write(io.stderr, `${note}\n`);
  return name;
}
