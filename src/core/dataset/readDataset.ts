import type { Diagnostic } from '../diagnostic';
import type { TaskId } from '../task/task';
import { strictGoldReader } from './gold';
import { detectFormat, draftQuestion, PLAIN_FIELDS, type DatasetFormat, type FieldMapping, type GoldReader } from './formats';
import type { Question } from './question';
import { QuestionIds } from './questionIds';
import { readRecords, type ReadRecordsOptions, type RecordEntry } from './readRecords';
import type { Container } from './readSource';
import { unbatch } from './unbatch';

export interface ReadDatasetOptions extends ReadRecordsOptions {
  /** Skip detection and read the file as this format. */
  format?: DatasetFormat;
  /** Field mapping for generic files; giving one implies format `generic`. */
  fields?: FieldMapping;
  /** The task whose rules read gold answers out of solutions (default: the format's own; for LEMA and generic files, MATH when their solutions use \boxed{}, else GSM8K). */
  task?: TaskId;
}

/** What `readDataset` streams: once the format (as soon as it is known), then questions and diagnostics in file order. */
export type DatasetRecord =
  | { kind: 'format'; format: DatasetFormat; detected: boolean; task: TaskId; container: Container }
  | { kind: 'question'; question: Question }
  | { kind: 'diagnostic'; diagnostic: Diagnostic };

/** How many records detection looks at before deciding. */
const DETECTION_SAMPLE = 20;

/** LEMA and generic files can hold GSM8K or MATH questions; a \boxed{} in their solutions says MATH. */
function defaultTask(format: DatasetFormat, sample: readonly Record<string, unknown>[], fields: FieldMapping): TaskId {
  if (format === 'gsm8k' || format === 'math') return format;
  if (format === 'processbench') return 'math'; // its answers are GSM8K numbers and MATH expressions alike
  if (format === 'csqa' || (format === 'generic' && fields.candidates !== undefined)) return 'mc';
  const solutionKey = format === 'lema' ? 'completion' : fields.solution;
  const boxed = sample.some((r) => {
    const text = solutionKey === undefined ? undefined : r[solutionKey];
    return typeof text === 'string' && text.includes('\\boxed');
  });
  return boxed ? 'math' : 'gsm8k';
}

function goldReaderFor(taskId: TaskId): GoldReader {
  return strictGoldReader(taskId);
}

function undetected(file: string, first: { fields: Record<string, unknown>; line: number }): Diagnostic {
  const keys = Object.keys(first.fields).slice(0, 8).join(', ') || 'none';
  return {
    file,
    line: first.line,
    severity: 'error',
    message:
      `cannot tell the dataset format from the first records (fields: ${keys}); nothing loaded. ` +
      'Name the format (gsm8k, math, lema, csqa) or map the fields (question=…,answer=…)',
  };
}

/** Reads one record (or passes on a diagnostic), appending what comes of it to `out`. */
type Reader = (entry: RecordEntry, out: DatasetRecord[]) => void;

/** Settles format and task once the first records are in: what to announce, and how to read every record. */
function decide(
  file: string,
  options: ReadDatasetOptions,
  sample: readonly { fields: Record<string, unknown>; line: number }[],
  container: Container,
): { announce: DatasetRecord[]; read: Reader } {
  const fields = options.fields ?? PLAIN_FIELDS;
  const format = options.format ?? (options.fields ? 'generic' : detectFormat(sample.map((s) => s.fields)));
  if (format === null) {
    const first = sample[0];
    return {
      announce: first ? [{ kind: 'diagnostic', diagnostic: undetected(file, first) }] : [],
      read: (entry, out) => {
        if (entry.kind === 'diagnostic') out.push(entry);
      },
    };
  }
  const task = options.task ?? defaultTask(format, sample.map((s) => s.fields), fields);
  const detected = options.format === undefined && options.fields === undefined;
  return {
    announce: [{ kind: 'format', format, detected, task, container }],
    read: questionReader(file, format, fields, goldReaderFor(task)),
  };
}

/**
 * Streams the questions of a dataset file (JSONL or a JSON array) in GSM8K, MATH, LEMA, CSQA or a
 * mapped generic format, detected from the first records unless given. Every bad line becomes a
 * diagnostic with file and line, and the rest still loads. Throws only when the file cannot be read.
 */
export function readDataset(file: string, options: ReadDatasetOptions = {}): AsyncGenerator<DatasetRecord> {
  return unbatch(readBatches(file, options));
}

/** What `readDataset` streams, a batch per chunk read: making records is cheap, a promise hop per record is not. */
async function* readBatches(file: string, options: ReadDatasetOptions): AsyncGenerator<DatasetRecord[], void, undefined> {
  // Until the format is known, records wait here (with the diagnostics between them, to keep file order).
  const held: RecordEntry[] = [];
  const sample: { fields: Record<string, unknown>; line: number }[] = [];
  let read: Reader | undefined;
  let container: Container = 'jsonl';
  for await (const batch of readRecords(file, options)) {
    container = batch.container;
    const out: DatasetRecord[] = [];
    for (const entry of batch.entries) {
      if (read) {
        read(entry, out);
        continue;
      }
      held.push(entry);
      if (entry.kind === 'record') sample.push(entry.record);
      if (sample.length >= DETECTION_SAMPLE) {
        const decision = decide(file, options, sample, container);
        read = decision.read;
        for (const a of decision.announce) out.push(a);
        for (const h of held.splice(0)) read(h, out);
      }
    }
    if (out.length > 0) yield out;
  }
  if (!read) {
    // A file shorter than the detection sample.
    const decision = decide(file, options, sample, container);
    const out = [...decision.announce];
    for (const h of held) decision.read(h, out);
    yield out;
  }
}

/** Turns records into questions with stable ids; one per file read, since ids depend on what came before. */
function questionReader(file: string, format: DatasetFormat, fields: FieldMapping, gold: GoldReader): Reader {
  const ids = new QuestionIds();
  return (entry, out) => {
    if (entry.kind === 'diagnostic') {
      out.push(entry);
      return;
    }
    const { record } = entry;
    const result = draftQuestion(record.fields, format, gold, fields);
    if ('problem' in result) {
      out.push({ kind: 'diagnostic', diagnostic: { file, line: record.line, severity: 'error', message: result.problem } });
      return;
    }
    const { draft } = result;
    const { id, repeats } = ids.assign(draft, record.line);
    if (repeats !== undefined) {
      const what = draft.ownId === undefined ? 'the same question and answer as' : `the same id '${draft.ownId}' as`;
      out.push(warning(file, record.line, `${what} line ${repeats}; kept as question ${id}`));
    }
    if (result.warning !== undefined) out.push(warning(file, record.line, result.warning));
    const question: Question = { id, source: { file, line: record.ordinal }, question: draft.question, goldAnswer: draft.goldAnswer };
    if (draft.goldSolution !== undefined) question.goldSolution = draft.goldSolution;
    if (draft.candidates !== undefined) question.candidates = draft.candidates;
    if (draft.meta !== undefined) question.meta = draft.meta;
    out.push({ kind: 'question', question });
  };
}

function warning(file: string, line: number, message: string): DatasetRecord {
  return { kind: 'diagnostic', diagnostic: { file, line, severity: 'warning', message } };
}
