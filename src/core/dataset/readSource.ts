import { userFileStream } from '../io/userFile';
import { JsonArraySplitter } from './splitArray';
import { JsonLinesSplitter } from './splitLines';
import type { SourceItem } from './sourceItem';

/** How the records sit in the file: one JSON object a line, or one top-level JSON array. */
export type Container = 'jsonl' | 'json';

export interface SourceBatch {
  container: Container;
  items: SourceItem[];
}

const CHUNK_BYTES = 512 * 1024;

function firstNonWhitespace(buf: Buffer, from: number): number {
  for (let i = from; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return i;
  }
  return -1;
}

function startsWithBom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/**
 * Streams a dataset file as record texts, one batch per chunk read. The container is told by
 * the first non-blank byte ('[' = JSON array, anything else = JSONL), not by the extension,
 * since files named .json often hold JSON Lines. Throws (a UserFileError naming the path) only
 * when the file cannot be read: missing, a folder, a FIFO or a device.
 */
export async function* readSource(file: string, maxRecordBytes: number, forced?: Container): AsyncGenerator<SourceBatch> {
  const stream = await userFileStream(file, CHUNK_BYTES);
  // One iterator for the whole read: a `break` out of `for await` would destroy the stream.
  const chunks = stream[Symbol.asyncIterator]();
  try {
    // Look ahead until the first meaningful byte, keeping what was read.
    const head: Buffer[] = [];
    let bom = false;
    let container: Container | undefined;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      let data = next.value;
      if (head.length === 0 && startsWithBom(data)) {
        bom = true;
        data = data.subarray(3);
      }
      head.push(data);
      const at = firstNonWhitespace(data, 0);
      if (at >= 0) {
        container = forced ?? (data[at] === 0x5b ? 'json' : 'jsonl');
        break;
      }
    }
    const items: SourceItem[] = [];
    if (bom) {
      const message = 'the file starts with a UTF-8 byte-order mark; ignored (some tools reject it, so consider removing it)';
      items.push({ kind: 'problem', line: 1, severity: 'warning', message });
    }
    if (container === undefined) {
      items.push({ kind: 'problem', line: 1, severity: 'error', message: 'the file is empty: no records to load' });
      yield { container: 'jsonl', items };
      return;
    }
    const splitter = container === 'json' ? new JsonArraySplitter(maxRecordBytes) : new JsonLinesSplitter(maxRecordBytes);
    // A file that yields neither a record nor an error ("[]", or only blank lines) would load as
    // nothing in silence; say so.
    let heard = false;
    const noted = (batch: SourceItem[]): SourceItem[] => {
      heard ||= batch.some((item) => item.kind !== 'problem' || item.severity === 'error');
      return batch;
    };
    for (const data of head) splitter.push(data, items);
    yield { container, items: noted(items) };
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const batch: SourceItem[] = [];
      splitter.push(next.value, batch);
      if (batch.length > 0) yield { container, items: noted(batch) };
    }
    const last: SourceItem[] = [];
    splitter.end(last);
    noted(last);
    if (!heard) {
      const what = container === 'json' ? 'the JSON array is empty' : 'the file has only blank lines';
      last.push({ kind: 'problem', line: 1, severity: 'error', message: `${what}: no records to load` });
    }
    if (last.length > 0) yield { container, items: last };
  } finally {
    stream.destroy();
  }
}
