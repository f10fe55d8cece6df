import { DATASET_FORMATS, inspectDataset, type DatasetSummary, type FieldMapping } from '../core/dataset';
import { formatDiagnostic } from '../core/diagnostic';
import { TASK_IDS } from '../core/task';
import { choice, parseCommandLine, UsageError, type Command } from './command';
import { assertInputFile, write, type CliIo } from './io';

const MAPPING_KEYS = ['question', 'answer', 'solution', 'candidates', 'id'] as const;

/** "question=q,answer=gold,id=uid" → a field mapping; question and answer are required. */
export function parseFieldMapping(text: string): FieldMapping {
  const pairs = new Map<string, string>();
  for (const part of text.split(',')) {
    const [key = '', field = '', ...rest] = part.split('=').map((s) => s.trim());
    if (rest.length > 0 || !field || !(MAPPING_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(`--fields: '${part}' should be KEY=FIELD with KEY one of ${MAPPING_KEYS.join(', ')}`);
    }
    pairs.set(key, field);
  }
  const question = pairs.get('question');
  const answer = pairs.get('answer');
  if (question === undefined || answer === undefined) throw new UsageError('--fields must map at least question=… and answer=…');
  const mapping: FieldMapping = { question, answer };
  for (const key of ['solution', 'candidates', 'id'] as const) {
    const field = pairs.get(key);
    if (field !== undefined) mapping[key] = field;
  }
  return mapping;
}

const FORMAT_NAMES: Record<string, string> = { gsm8k: 'GSM8K', math: 'MATH', lema: 'LEMA prompt/completion', csqa: 'multiple choice (CSQA)', generic: 'generic' };
const SHOWN_DIAGNOSTICS = 20;

function describe(s: DatasetSummary): string {
  const lines = [`${s.file}`];
  if (s.format === null) {
    lines.push('  format     unknown');
  } else {
    lines.push(`  format     ${FORMAT_NAMES[s.format] ?? s.format} (${s.detected ? 'detected' : 'as given'}), gold answers by the ${s.task ?? '?'} task`);
  }
  if (s.container) lines.push(`  container  ${s.container === 'json' ? 'JSON array' : 'JSON Lines'}`);
  lines.push(`  questions  ${s.questionCount}`);
  lines.push(`  problems   ${s.errorCount} error${s.errorCount === 1 ? '' : 's'}, ${s.warningCount} warning${s.warningCount === 1 ? '' : 's'}`);
  for (const d of s.diagnostics.slice(0, SHOWN_DIAGNOSTICS)) lines.push(formatDiagnostic(d));
  const hidden = s.errorCount + s.warningCount - Math.min(s.diagnostics.length, SHOWN_DIAGNOSTICS);
  if (hidden > 0) lines.push(`… and ${hidden} more (use --json for the first ${s.diagnostics.length})`);
  return lines.join('\n') + '\n';
}

export const datasetInspect: Command = {
  path: ['dataset', 'inspect'],
  summary: 'Show a dataset file\'s format, question count and problems',
  help: `Usage: mistakebook dataset inspect FILE [options]

Reads a JSONL file or a JSON array of records, tells its format from the first
records and counts the questions that load. Every bad line is reported as
FILE:LINE: severity: reason.

Options:
  --format F     read as F instead of detecting: ${DATASET_FORMATS.join(', ')}
  --fields MAP   field mapping for other files, e.g. question=q,answer=gold
                 (keys: ${MAPPING_KEYS.join(', ')}; implies --format generic)
  --task T       rules for reading gold answers out of solutions: ${TASK_IDS.join(', ')}
  --json         print the summary as JSON (with up to 100 diagnostics)
  -h, --help     show this help

Exit code: 0 when every record loads (warnings allowed), 1 when some did not
or the file cannot be read, 2 for a wrong command line.
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandLine(
      args,
      { format: { type: 'string' }, fields: { type: 'string' }, task: { type: 'string' }, json: { type: 'boolean' } },
      1,
    );
    const file = positionals[0];
    if (file === undefined) throw new UsageError('missing FILE: the dataset to inspect');
    await assertInputFile(file);
    const format = choice('format', values.format, DATASET_FORMATS);
    const task = choice('task', values.task, TASK_IDS);
    const fields = values.fields === undefined ? undefined : parseFieldMapping(values.fields);
    const summary = await inspectDataset(file, {
      ...(format && { format }),
      ...(task && { task }),
      ...(fields && { fields }),
    });
    await write(io.stdout, values.json ? JSON.stringify(summary, null, 2) + '\n' : describe(summary));
    return summary.errorCount > 0 ? 1 : 0;
  },
};
