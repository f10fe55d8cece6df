import { formatDiagnostic } from '../core/diagnostic';
import { parsePrompt, readPromptFile, type FewShotExample, type FewShotPrompt } from '../core/fewshot';
import { parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function describeExample(e: FewShotExample): string {
  const where = `lines ${e.range.startLine}-${e.range.endLine}`;
  const what =
    e.format === 'steps'
      ? `${e.originalSteps.length} steps, ${e.noWrongStep === true ? 'no wrong step' : `incorrect step ${e.incorrectStep ?? '?'}, ${e.correctedSteps.length} corrected`}`
      : `original answer ${shorten(e.originalAnswer, 30) || '?'}`;
  return `  example ${e.index + 1}  ${where}  ${what}  "${shorten(e.question, 50)}"`;
}

function describe(p: FewShotPrompt): string {
  const { errors, warnings } = p.problemCounts;
  const lines = [
    `${p.file}: ${p.examples.length} example${p.examples.length === 1 ? '' : 's'} (${p.format}), ` +
      `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
    ...p.examples.map(describeExample),
    ...p.diagnostics.map(formatDiagnostic),
  ];
  return lines.join('\n') + '\n';
}

export const promptCheck: Command = {
  path: ['prompt', 'check'],
  summary: 'Check a few-shot correction prompt file and list its examples',
  help: `Usage: mistakebook prompt check FILE [--json]

Parses a few-shot correction prompt (the LEMA text format: Question / Original
Solution / Incorrect Step / Explanation / Correct Solution, or the
multiple-choice layout) and lists the examples found and every problem as
FILE:LINE:COLUMN: severity: reason.

Options:
  --json       print the examples and diagnostics as JSON
  -h, --help   show this help

Exit code: 0 when there are no errors (warnings allowed), 1 when there are
errors or the file cannot be read, 2 for a wrong command line.
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandLine(args, { json: { type: 'boolean' } }, 1);
    const file = positionals[0];
    if (file === undefined) throw new UsageError('missing FILE: the few-shot prompt to check');
    const prompt = parsePrompt(await readPromptFile(file), file);
    if (values.json) {
      const { lines: _lines, ...rest } = prompt;
      await write(io.stdout, JSON.stringify(rest, null, 2) + '\n');
    } else {
      await write(io.stdout, describe(prompt));
    }
    return prompt.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};
