import { version } from '../../package.json';
import { UsageError, type Command } from './command';
import { COMMANDS } from './commands';
import { write, type CliIo } from './io';

const PROCESS_IO: CliIo = { stdout: process.stdout, stderr: process.stderr };

function overview(): string {
  const width = COMMANDS.reduce((w, c) => Math.max(w, c.path.join(' ').length), 0);
  const rows = COMMANDS.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return `Usage: mistakebook COMMAND [options]

Learning from mistakes (LEMA): grade model answers, check datasets and
few-shot correction prompts. Run 'mistakebook COMMAND --help' for details.

Commands:
${rows.join('\n')}

Options:
  -h, --help     show this help
  --version      print the version
`;
}

/** The command whose words start argv, longest match first. */
function findCommand(argv: readonly string[]): Command | undefined {
  return [...COMMANDS]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, i) => argv[i] === word));
}

/** "ENOENT: no such file or directory, open 'x'" → "cannot open 'x': no such file or directory". */
function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e instanceof Error && typeof e.code === 'string' && e.path !== undefined) {
    const reason = e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
    return `cannot ${e.syscall ?? 'use'} '${e.path}': ${reason}`;
  }
  return e instanceof Error ? e.message : String(error);
}

/** Runs one command line and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let command: Command | undefined;
  try {
    const [first] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      await write(first === undefined ? io.stderr : io.stdout, overview());
      return first === undefined ? 2 : 0;
    }
    if (first === '--version') {
      await write(io.stdout, `${version}\n`);
      return 0;
    }
    command = findCommand(argv);
    if (command === undefined) {
      const group = COMMANDS.filter((c) => c.path[0] === first);
      if (group.length === 0) throw new UsageError(`unknown command '${first}'`);
      const list = group.map((c) => `  ${c.path.join(' ')}  ${c.summary}`).join('\n');
      const asked = argv[1] === '--help' || argv[1] === '-h';
      const lead = argv[1] === undefined || asked ? `'mistakebook ${first}' needs one of:` : `unknown command '${first} ${argv[1] ?? ''}'; use one of:`;
      await write(asked ? io.stdout : io.stderr, `${lead}\n${list}\n`);
      return asked ? 0 : 2;
    }
    const args = argv.slice(command.path.length);
    if (args.includes('--help') || args.includes('-h')) {
      await write(io.stdout, command.help);
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    const name = command ? `mistakebook ${command.path.join(' ')}` : 'mistakebook';
    if (error instanceof UsageError) {
      await write(io.stderr, `${name}: ${error.message}\nRun '${name} --help' for usage.\n`);
      return 2;
    }
    await write(io.stderr, `${name}: ${describeError(error)}\n`);
    return 1;
  }
}
