import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { readRecords, type RawRecord } from '../core/dataset';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { formatExplanation, taskById, TASK_IDS } from '../core/task';
import type { ExplainedVerdict, Task, Verdict } from '../core/task/task';
import { choice, parseCommandLine, UsageError, type Command } from './command';
import { assertInputFile, write, type CliIo } from './io';

interface Tally {
  correct: number;
  wrong: number;
  noAnswer: number;
  skipped: number;
}

/** How many skipped-line diagnostics to print before only counting them. */
const SHOWN_DIAGNOSTICS = 20;

/** The verdict on one line (with its explanation when asked), or why it cannot be graded. */
function gradeRecord(task: Task, record: RawRecord, file: string, explain: boolean): { verdict: Verdict | ExplainedVerdict } | { diagnostic: Diagnostic } {
  const { fields } = record;
  const fail = (message: string): { diagnostic: Diagnostic } => ({ diagnostic: { file, line: record.line, severity: 'error', message: `${message}; not graded` } });
  const completion = fields['completion'];
  const gold = fields['gold'];
  const candidates = fields['candidates'];
  if (typeof completion !== 'string') return fail(completion === undefined ? "missing field 'completion'" : "field 'completion' must be text");
  if (typeof gold !== 'string' && typeof gold !== 'number') return fail(gold === undefined ? "missing field 'gold'" : "field 'gold' must be text or a number");
  const judge = (question?: { candidates: string[] }): Verdict | ExplainedVerdict =>
    explain ? task.explain(completion, String(gold), question) : task.judge(completion, String(gold), question);
  if (task.id !== 'mc') return { verdict: judge() };
  if (!Array.isArray(candidates) || !candidates.every((c) => typeof c === 'string')) {
    return fail("multiple-choice lines need 'candidates': an array of the answer texts");
  }
  return { verdict: judge({ candidates: candidates as string[] }) };
}

function summaryLine(t: Tally): string {
  const graded = t.correct + t.wrong;
  const accuracy = graded === 0 ? 'n/a' : `${((100 * t.correct) / graded).toFixed(2)}%`;
  const parts = [`accuracy ${accuracy}: ${t.correct} of ${graded} correct`];
  if (t.noAnswer > 0) parts.push(`${t.noAnswer} wrong for giving no answer`);
  if (t.skipped > 0) parts.push(`${t.skipped} line${t.skipped === 1 ? '' : 's'} not graded`);
  return parts.join('; ') + '\n';
}

/** Output goes to a temporary file renamed into place at the end, so a failed run leaves no half file. */
async function openOutput(path: string): Promise<{ stream: Writable; commit(): Promise<void>; abandon(): Promise<void> }> {
  const temp = `${path}.${process.pid}.tmp`;
  const stream = createWriteStream(temp);
  await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail));
  return {
    stream,
    async commit() {
      stream.end();
      await finished(stream);
      await rename(temp, path);
    },
    async abandon() {
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}

export const grade: Command = {
  path: ['grade'],
  summary: 'Grade completions against gold answers and print the accuracy',
  help: `Usage: mistakebook grade --task gsm8k|math|mc --input FILE [--output FILE] [--explain]

Each input line (JSONL, or elements of a JSON array) needs 'completion' (the
model's output) and 'gold' (the gold final answer); multiple-choice lines also
need 'candidates'. Each line is written back, as JSONL, with two more fields:
'answer' (the final answer read from the completion, or null) and 'correct'.

With --explain each line also gets 'explanation': what was read from each side
and by which rule ('boxed', 'answer cue', 'last math', 'last number', …), and
the rule that decided ('same number', 'same set', 'same interval', 'CAS equal
at 8 points', 'no answer found', …), plus 'why', the same in one line.

Options:
  --task T        answer rules: ${TASK_IDS.join(', ')}
  --input FILE    the lines to grade
  --output FILE   where to write graded lines (default: standard output, and
                  the accuracy goes to standard error)
  --explain       add each verdict's explanation
  -h, --help      show this help

Exit code: 0 when every line was graded, 1 when some could not be (each one is
reported as FILE:LINE) or a file cannot be read or written, 2 for a wrong
command line.
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(args, { task: { type: 'string' }, input: { type: 'string' }, output: { type: 'string' }, explain: { type: 'boolean' } }, 0);
    const explain = values.explain === true;
    const taskId = choice('task', values.task, TASK_IDS);
    if (taskId === undefined) throw new UsageError(`missing --task (${TASK_IDS.join(', ')})`);
    const input = values.input;
    if (input === undefined) throw new UsageError('missing --input: the JSONL file to grade');
    await assertInputFile(input);
    if (values.output !== undefined && resolve(values.output) === resolve(input)) {
      throw new UsageError('--output must not be the input file; write elsewhere, then move it');
    }
    const task = taskById(taskId);
    const output = values.output === undefined ? undefined : await openOutput(values.output);
    const out = output?.stream ?? io.stdout;
    const tally: Tally = { correct: 0, wrong: 0, noAnswer: 0, skipped: 0 };
    let shown = 0;
    const report = async (d: Diagnostic): Promise<void> => {
      if (d.severity === 'error') tally.skipped++;
      if (shown++ < SHOWN_DIAGNOSTICS) await write(io.stderr, formatDiagnostic(d) + '\n');
    };
    try {
      for await (const batch of readRecords(input)) {
        for (const entry of batch.entries) {
          if (entry.kind === 'diagnostic') {
            await report(entry.diagnostic);
            continue;
          }
          const result = gradeRecord(task, entry.record, input, explain);
          if ('diagnostic' in result) {
            await report(result.diagnostic);
            continue;
          }
          const { answer, correct } = result.verdict;
          if (correct) tally.correct++;
          else tally.wrong++;
          if (answer === null) tally.noAnswer++;
          const explained = 'explanation' in result.verdict ? { explanation: result.verdict.explanation, why: formatExplanation(result.verdict.explanation) } : {};
          await write(out, JSON.stringify({ ...entry.record.fields, answer, correct, ...explained }) + '\n');
        }
      }
      await output?.commit();
    } catch (error) {
      await output?.abandon();
      throw error;
    }
    if (shown > SHOWN_DIAGNOSTICS) await write(io.stderr, `… and ${shown - SHOWN_DIAGNOSTICS} more problems\n`);
    await write(output ? io.stdout : io.stderr, summaryLine(tally));
    return tally.skipped > 0 ? 1 : 0;
  },
};
