/** Short names for the run commands (`mistakebook sample` = `mistakebook run sample`), as the CLI spells them. */
import type { Command } from './command';

export function alias(command: Command, path: readonly string[]): Command {
  return { ...command, path, summary: `same as '${command.path.join(' ')}'` };
}
