/**
 * The one guarded way to open and read a file a user names (a dataset, a prompt, a template, model
 * outputs to import): only a regular file is opened — a folder, a FIFO, a device or a socket is
 * refused with a message naming the path, before a read could hang or never end — and whole-file
 * reads have a size limit, a line-length limit, a UTF-8 check that says line:column, and call an
 * empty file empty. Every reader, CLI and extension alike, goes through here.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { formatDiagnostic, type Diagnostic } from '../diagnostic';

/** A user's file that cannot be read as asked, with the diagnostic (file:line[:column]) to show. */
export class UserFileError extends Error {
  constructor(
    readonly diagnostic: Diagnostic,
    /** The system's error code when there was one (ENOENT for a missing file), as callers test it. */
    readonly code?: string,
  ) {
    // A whole-file problem names the path in its message already; a place in the file is told as file:line:column.
    super(diagnostic.line > 1 || diagnostic.column !== undefined ? formatDiagnostic(diagnostic) : diagnostic.message);
    this.name = 'UserFileError';
  }
}

export interface OpenOptions {
  /** Refuse a file larger than this many bytes (whole-file readers only; streaming readers have none). */
  maxBytes?: number;
  /** What the file is, for messages: "few-shot prompt", "dataset", … */
  what?: string;
}

/** 1 KiB, 4.0 MiB, … */
export function describeBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function fail(file: string, message: string, line = 1, column?: number, code?: string): never {
  throw new UserFileError({ file, line, ...(column === undefined ? {} : { column }), severity: 'error', message }, code);
}

/** What a non-regular file is, in words a user knows. */
function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO), which may never end';
  if (stat.isCharacterDevice()) return 'a device, which may never end';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens a user's file for reading, refusing anything but a regular file. The open does not block
 * (O_NONBLOCK: a FIFO with no writer would hang a plain open for ever), and the check is made on
 * the opened descriptor, so the file cannot be swapped between check and read.
 */
export async function openUserFile(file: string, options: OpenOptions = {}): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(file, `cannot read '${file}': no such file`, 1, undefined, code);
    if (code === 'EISDIR') fail(file, `cannot read '${file}': it is a folder; give a file`, 1, undefined, code);
    if (code === 'EACCES' || code === 'EPERM') fail(file, `cannot read '${file}': permission denied`, 1, undefined, code);
    throw e;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) fail(file, `cannot read '${file}': it is ${kindOf(stat)}; give a regular file`);
    if (options.maxBytes !== undefined && stat.size > options.maxBytes) {
      fail(file, `'${file}' is ${describeBytes(stat.size)}, over the ${describeBytes(options.maxBytes)} limit for a ${options.what ?? 'file'} of this kind; nothing was read`);
    }
    return { handle, size: stat.size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Checks that a user's file is a regular file (and under `maxBytes`), without reading it. */
export async function checkUserFile(file: string, options: OpenOptions = {}): Promise<number> {
  const { handle, size } = await openUserFile(file, options);
  await handle.close();
  return size;
}

/** Streams a user's regular file in chunks; the stream owns (and closes) the descriptor. */
export async function userFileStream(file: string, highWaterMark: number): Promise<AsyncIterable<Buffer> & { destroy(): void }> {
  const { handle } = await openUserFile(file);
  return handle.createReadStream({ highWaterMark }) as unknown as AsyncIterable<Buffer> & { destroy(): void };
}

export interface ReadTextOptions extends OpenOptions {
  maxBytes: number;
  /** Refuse a line longer than this many bytes. */
  maxLineBytes?: number;
  /** Default false: an empty (or whitespace-only) file is an error that says so. */
  allowEmpty?: boolean;
  /**
   * `refuse` (default): bytes that are not UTF-8 are an error at their line:column. `replace`: they
   * become U+FFFD, for a reader that reports each such line itself (the few-shot prompt parser).
   */
  invalidUtf8?: 'refuse' | 'replace';
}

/**
 * A small text file a user names (a few-shot prompt, a solve template), read whole: a regular file,
 * at most `maxBytes`, no line over `maxLineBytes`, valid UTF-8 (else the first bad byte's
 * line:column), not empty unless allowed. A leading UTF-8 byte-order mark is dropped.
 */
export async function readUserText(file: string, options: ReadTextOptions): Promise<string> {
  const { handle, size } = await openUserFile(file, options);
  let bytes: Buffer;
  try {
    // Read at most one byte past the limit: a file that grows after the check is still bounded.
    bytes = Buffer.alloc(Math.min(size, options.maxBytes) + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await handle.read(bytes, got, bytes.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got === bytes.length) break;
    }
    if (got > options.maxBytes) fail(file, `'${file}' grew over the ${describeBytes(options.maxBytes)} limit while being read; nothing was read`);
    bytes = bytes.subarray(0, got);
  } finally {
    await handle.close();
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if (options.maxLineBytes !== undefined) {
    const long = firstLongLine(bytes, options.maxLineBytes);
    if (long !== undefined) fail(file, `line ${long.line} is ${describeBytes(long.bytes)}, over the ${describeBytes(options.maxLineBytes)} limit for one line; is this the right file?`, long.line);
  }
  if (options.invalidUtf8 !== 'replace' && !isUtf8(bytes)) {
    const at = utf8ErrorAt(bytes, 0, bytes.length);
    const { line, column } = positionOf(bytes, at);
    fail(file, `not valid UTF-8 text (byte 0x${(bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')} at line ${line}, column ${column}); re-save the file as UTF-8`, line, column);
  }
  const text = bytes.toString('utf8');
  if (!options.allowEmpty && text.trim() === '') fail(file, `'${file}' is empty${bytes.length > 0 ? ' (only blank lines)' : ''}: nothing to read`);
  return text;
}

function firstLongLine(bytes: Buffer, max: number): { line: number; bytes: number } | undefined {
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end === -1 ? bytes.length : end;
    if (stop - start > max) return { line, bytes: stop - start };
    if (end === -1) return undefined;
    start = end + 1;
  }
  return undefined;
}

/**
 * The offset of the first byte in buf[start, end) that breaks UTF-8 (a stray continuation byte, a
 * sequence cut short, an overlong form, a surrogate), or -1 when the range is valid.
 */
export function utf8ErrorAt(buf: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buf[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= end) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line and column (in characters, as an editor counts them) of byte `offset`. */
export function positionOf(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: columnOf(bytes, lineStart, offset) };
}

/** 1-based column of byte `offset` in a line starting at `lineStart`: the characters before it, plus one. */
export function columnOf(bytes: Buffer, lineStart: number, offset: number): number {
  return bytes.toString('utf8', lineStart, offset).length + 1;
}
