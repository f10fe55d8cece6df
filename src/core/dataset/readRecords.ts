import type { Diagnostic } from '../diagnostic';
import { readSource, type Container } from './readSource';
import { DEFAULT_MAX_RECORD_BYTES } from './sourceItem';

/** One JSON object read from a dataset file, with where it came from. */
export interface RawRecord {
  fields: Record<string, unknown>;
  /** File line where the record starts. */
  line: number;
  /** 1-based line (JSONL) or element index (JSON array), as in SourceLocation.line. */
  ordinal: number;
}

export type RecordEntry = { kind: 'record'; record: RawRecord } | { kind: 'diagnostic'; diagnostic: Diagnostic };

export interface RecordBatch {
  container: Container;
  entries: RecordEntry[];
}

export interface ReadRecordsOptions {
  /** Records larger than this many bytes are reported and skipped (default 4 MiB). */
  maxRecordBytes?: number;
  /** Read as this container whatever the first byte says (model outputs to import are always JSONL). */
  container?: Container;
}

function kindOfJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

/** "Unexpected token } in JSON at position 14" → the reason and a 1-based column. */
function describeJsonError(error: unknown): { reason: string; column?: number } {
  const text = error instanceof Error ? error.message : String(error);
  const match = /\s*(?:in JSON )?at position (\d+)/.exec(text);
  if (!match) return { reason: text };
  const reason = text.slice(0, match.index) + text.slice(match.index + match[0].length);
  return { reason: reason.replace(/\s+$/, ''), column: Number(match[1]) + 1 };
}

/**
 * Streams the JSON objects of a JSONL file or JSON array, one batch per chunk read. Every line
 * or element that is not a JSON object becomes a diagnostic; the rest still loads.
 */
export async function* readRecords(file: string, options: ReadRecordsOptions = {}): AsyncGenerator<RecordBatch> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  for await (const { container, items } of readSource(file, maxRecordBytes, options.container)) {
    const entries: RecordEntry[] = [];
    const what = (ordinal: number): string => (container === 'json' ? `element ${ordinal}` : 'line');
    for (const item of items) {
      if (item.kind === 'problem') {
        const diagnostic: Diagnostic = { file, line: item.line, severity: item.severity, message: item.message };
        if (item.column !== undefined) diagnostic.column = item.column;
        entries.push({ kind: 'diagnostic', diagnostic });
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(item.text);
      } catch (error) {
        const { reason, column } = describeJsonError(error);
        let message = item.lastInFile
          ? `the last line is cut off (no newline at the end and not valid JSON: ${reason}); the file may still be being written`
          : `${what(item.ordinal)} is not valid JSON: ${reason}; skipped`;
        if (item.ordinal === 1 && container === 'jsonl' && item.text.trim() === '{') {
          message += ". The file looks like one pretty-printed JSON object: records must be one object a line (JSONL) or the elements of a top-level array";
        }
        const diagnostic: Diagnostic = { file, line: item.line, severity: 'error', message };
        // Columns count within the line, so they only make sense for JSONL.
        if (column !== undefined && container === 'jsonl') diagnostic.column = column;
        entries.push({ kind: 'diagnostic', diagnostic });
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        const message = `${what(item.ordinal)} is ${kindOfJson(value)}, not a JSON object with named fields; skipped`;
        entries.push({ kind: 'diagnostic', diagnostic: { file, line: item.line, severity: 'error', message } });
        continue;
      }
      entries.push({ kind: 'record', record: { fields: value as Record<string, unknown>, line: item.line, ordinal: item.ordinal } });
    }
    yield { container, entries };
  }
}
