/**
 * `run regrade`: applies the current answer checker to a run's stored verdicts — `correct` of
 * paths.jsonl and augmented.jsonl, `verified` of corrections.jsonl — without calling any model.
 * A checker change never reaches an old run by itself; this is the one place that changes stored
 * verdicts, and it says what it changed: every change, with its explanation, is appended to the
 * run's regrade.jsonl, and the checker version goes into run.json.
 *
 * Each table is rewritten in one pass under its table lock (so no stage writes it meanwhile), into a
 * temp file renamed over it: readers (stats, export, the views) see the old table or the new one,
 * never a mix. Unchanged lines are copied byte for byte, lines that are not records are kept as they
 * are, and a table with no change is not touched at all, so a second regrade writes nothing.
 */
import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { recordId } from '../ids';
import { answerCheckerVersion, type ExplainedVerdict, type VerdictExplanation } from '../task';
import type { TaskId } from '../task/task';
import { writeFileAtomic } from '../store/atomicWrite';
import { RUN_INFO_FILE, runDir, tableFile, type TableName } from '../store/layout';
import { readRunInfo } from '../store/runInfo';
import { checkRunId } from '../store/runId';
import { acquireTableLock, type TableLock } from '../store/tableLock';
import { openTable } from '../store/tableWriter';
import type { CorrectionRecord, PathRecord } from './records';
import { explainCorrectionVerdict, explainPathVerdict } from './verdicts';

export const REGRADE_LOG = 'regrade.jsonl';

type RegradedTable = Extract<TableName, 'paths' | 'augmented' | 'corrections'>;
const REGRADED_TABLES: readonly RegradedTable[] = ['paths', 'augmented', 'corrections'];

/** One row of regrade.jsonl: a stored verdict (or extracted answer) the current checker reads otherwise. */
export interface RegradeChange {
  /** recordId('regrade', { table, rowId, checker, at }) */
  id: string;
  table: RegradedTable;
  /** The id of the changed row. */
  rowId: string;
  /** `correct` for paths, `verified` for corrections. */
  field: 'correct' | 'verified';
  before: { answer: string | null; value: boolean };
  after: { answer: string | null; value: boolean };
  explanation: VerdictExplanation;
  /** The checker that made `after` (answerCheckerVersion). */
  checker: string;
  /** The checker recorded in run.json before, if any. */
  previousChecker?: string;
  at: string;
}

export interface RegradeTableCount {
  /** Rows read. */
  rows: number;
  /** Rows whose verdict or extracted answer changed. */
  changed: number;
  /** Of those, how many turned right (correct/verified false → true) and wrong (true → false). */
  nowRight: number;
  nowWrong: number;
}

export interface RegradeSummary {
  runId: string;
  /** The checker applied; one per task of the run's rows (usually one). */
  checker: string;
  /** What run.json recorded before, or undefined when the verdicts predate recorded versions. */
  previousChecker?: string;
  tables: Record<RegradedTable, RegradeTableCount>;
  /** Whether anything was written (tables, regrade.jsonl, run.json). */
  wrote: boolean;
  /** Where the changes went. */
  log: string;
}

export interface RegradeOptions {
  /** Lines that are not records, stale locks taken over… The work goes on. */
  onDiagnostic: (d: Diagnostic) => void;
  /** The time stamped on the changes; tests pass a fixed one. */
  now?: () => Date;
}

/** The gold answer (and candidates) of each path a correction refers to. */
type Golds = Map<string, { goldAnswer: string; candidates?: string[]; task: TaskId }>;

export async function regradeRun(workspaceDir: string, runId: string, options: RegradeOptions): Promise<RegradeSummary> {
  checkRunId(runId);
  const dir = runDir(workspaceDir, runId);
  const infoFile = join(dir, RUN_INFO_FILE);
  const info = await readRunInfo(infoFile);
  const checker = answerCheckerVersion(info.task);
  const at = (options.now?.() ?? new Date()).toISOString();
  const previousChecker = info.answerChecker?.version;
  const locks: TableLock[] = [];
  const log = join(dir, REGRADE_LOG);
  try {
    for (const table of REGRADED_TABLES) locks.push(acquireTableLock(tableFile(dir, table), options.onDiagnostic));
    const context: Context = { checker, at, previousChecker, defaultTask: info.task };
    const wanted = await correctedPathIds(tableFile(dir, 'corrections'));
    const golds: Golds = new Map();
    const tables = {} as Record<RegradedTable, RegradeTableCount>;
    const pending: Array<() => Promise<void>> = [];
    /** Rewritten tables not yet renamed over the old ones: removed if anything fails before then. */
    const temps: string[] = [];
    // Changes stream into a temp file too: a new checker may change many of 200k rows.
    const changesFile = tempName(log);
    const changes = await BufferedFile.create(changesFile);
    let changed = 0;
    try {
      for (const table of REGRADED_TABLES) {
        const file = tableFile(dir, table);
        const regrade = table === 'corrections' ? regradeCorrection(golds, context) : regradePath(table, context, table === 'paths' ? { wanted, golds } : undefined);
        const result = await rewriteTable(file, regrade, changes, options.onDiagnostic);
        tables[table] = result.count;
        changed += result.count.changed;
        if (result.commit) pending.push(result.commit);
        if (result.temp !== undefined) temps.push(result.temp);
      }
      await changes.close(false);
      // The log first: a crash before the tables are replaced leaves changes logged but not made, and a rerun makes them.
      if (changed > 0) await appendChanges(log, changesFile, options.onDiagnostic);
    } catch (error) {
      for (const temp of temps) await unlink(temp).catch(() => undefined);
      throw error;
    } finally {
      await changes.close(false).catch(() => undefined);
      await unlink(changesFile).catch(() => undefined);
    }
    for (const commit of pending) await commit();
    const wrote = pending.length > 0 || previousChecker !== checker;
    if (wrote) {
      const current = await readRunInfo(infoFile);
      await writeFileAtomic(infoFile, `${JSON.stringify({ ...current, answerChecker: { version: checker, regradedAt: at } }, null, 2)}\n`);
    }
    return { runId, checker, ...(previousChecker === undefined ? {} : { previousChecker }), tables, wrote, log };
  } finally {
    for (const lock of locks) lock.release();
  }
}

interface Context {
  checker: string;
  at: string;
  previousChecker: string | undefined;
  defaultTask: TaskId;
}

/** Decides one row: the row to write instead (and the change), or null to keep it as it is. */
type RowRegrade = (row: Record<string, unknown>) => { row: Record<string, unknown>; change: RegradeChange } | null;

function change(context: Context, table: RegradedTable, rowId: string, field: RegradeChange['field'], before: RegradeChange['before'], verdict: ExplainedVerdict): RegradeChange {
  return {
    id: recordId('regrade', { table, rowId, checker: context.checker, at: context.at }),
    table,
    rowId,
    field,
    before,
    after: { answer: verdict.answer, value: verdict.correct },
    explanation: verdict.explanation,
    checker: context.checker,
    ...(context.previousChecker === undefined ? {} : { previousChecker: context.previousChecker }),
    at: context.at,
  };
}

function regradePath(table: RegradedTable, context: Context, collect?: { wanted: Set<string>; golds: Golds }): RowRegrade {
  return (raw) => {
    const path = raw as unknown as PathRecord;
    if (typeof path.completion !== 'string' || typeof path.goldAnswer !== 'string') return null;
    if (collect?.wanted.has(path.id)) {
      collect.golds.set(path.id, { goldAnswer: path.goldAnswer, task: path.task ?? context.defaultTask, ...(Array.isArray(path.candidates) ? { candidates: path.candidates } : {}) });
    }
    const verdict = explainPathVerdict(path, context.defaultTask);
    if (verdict.correct === path.correct && verdict.answer === path.answer) return null;
    const row = { ...raw, answer: verdict.answer, correct: verdict.correct };
    return { row, change: change(context, table, path.id, 'correct', { answer: path.answer, value: path.correct }, verdict) };
  };
}

function regradeCorrection(golds: Golds, context: Context): RowRegrade {
  return (raw) => {
    const record = raw as unknown as CorrectionRecord;
    const path = golds.get(record.pathId);
    const verdict = path === undefined ? null : explainCorrectionVerdict(record, path, context.defaultTask);
    if (verdict === null || (verdict.correct === record.verified && verdict.answer === record.answer)) return null;
    const row = { ...raw, answer: verdict.answer, verified: verdict.correct };
    return { row, change: change(context, 'corrections', record.id, 'verified', { answer: record.answer, value: record.verified }, verdict) };
  };
}

/** The paths that have corrections: only their gold answers are kept in memory. */
async function correctedPathIds(file: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const line of rawLines(file)) {
    const row = parseRow(line.text, line.number);
    if (row !== null && typeof row['pathId'] === 'string') ids.add(row['pathId']);
  }
  return ids;
}

interface TableResult {
  count: RegradeTableCount;
  /** Puts the rewritten table in place; absent when nothing changed (the temp file is gone already). */
  commit?: () => Promise<void>;
  /** The rewritten table waiting for `commit`. */
  temp?: string;
}

/**
 * A temp file's name beside `base`: the process id and a random part, so a file a killed regrade left
 * behind (ids are reused, in containers at once) never blocks the next one, which creates its files
 * exclusively.
 */
function tempName(base: string): string {
  return `${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Streams `file` into a temp file with `regrade` applied to each record line; each change goes to `changes`. */
async function rewriteTable(file: string, regrade: RowRegrade, changes: BufferedFile, onDiagnostic: (d: Diagnostic) => void): Promise<TableResult> {
  const count: RegradeTableCount = { rows: 0, changed: 0, nowRight: 0, nowWrong: 0 };
  const temp = tempName(`${file}.regrade`);
  let out: BufferedFile | undefined;
  try {
    for await (const line of rawLines(file)) {
      out ??= await BufferedFile.create(temp);
      const row = parseRow(line.text, line.number);
      const regraded = row === null ? null : regrade(row);
      if (row !== null) count.rows++;
      if (regraded === null) {
        if (row === null && line.text.trim() !== '') onDiagnostic({ file, line: line.number, severity: 'warning', message: 'not a record; kept as it is and not regraded.' });
        await out.write(line.text + (line.newline ? '\n' : ''));
        continue;
      }
      count.changed++;
      const { before, after } = regraded.change;
      if (!before.value && after.value) count.nowRight++;
      if (before.value && !after.value) count.nowWrong++;
      await out.write(JSON.stringify(regraded.row) + (line.newline ? '\n' : ''));
      await changes.write(`${JSON.stringify(regraded.change)}\n`);
    }
    if (out === undefined) return { count };
    await out.close(count.changed > 0);
  } catch (error) {
    await out?.close(false).catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  if (count.changed === 0) {
    await unlink(temp);
    return { count };
  }
  return { count, temp, commit: () => rename(temp, file) };
}

/** Appends the changes (one JSON line each in `changesFile`) to regrade.jsonl under its lock, synced. */
async function appendChanges(log: string, changesFile: string, onDiagnostic: (d: Diagnostic) => void): Promise<void> {
  const writer = await openTable<RegradeChange>(log, { onDiagnostic });
  try {
    for await (const line of rawLines(changesFile)) if (line.text !== '') await writer.append(JSON.parse(line.text) as RegradeChange);
    await writer.sync();
  } finally {
    await writer.close();
  }
}

/** A line as a record (a JSON object with a string id), or null. */
function parseRow(text: string, line: number): Record<string, unknown> | null {
  if (text.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { id?: unknown }).id === 'string') return value as Record<string, unknown>;
  } catch {
    // not JSON: the caller keeps the line as it is
  }
  return null;
}

/** A table's lines as written (without their newline), streaming; a missing table has none. */
async function* rawLines(file: string): AsyncGenerator<{ text: string; number: number; newline: boolean }> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let pending: Buffer[] = [];
  let number = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, from)) {
        const piece = chunk.subarray(from, nl);
        const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
        pending = [];
        yield { text: bytes.toString('utf8'), number: ++number, newline: true };
        from = nl + 1;
      }
      if (from < chunk.length) pending.push(chunk.subarray(from));
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  } finally {
    stream.destroy();
  }
  if (pending.length > 0) yield { text: Buffer.concat(pending).toString('utf8'), number: number + 1, newline: false };
}

/** Writes in ~1 MB pieces, so rewriting a 200k-row table makes a few hundred writes, not 200k. */
class BufferedFile {
  private parts: string[] = [];
  private size = 0;
  private closed = false;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<BufferedFile> {
    return new BufferedFile(await open(path, 'wx'));
  }

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  /** Flushes, syncs when the file will be kept, and closes (a second close does nothing). */
  async close(keep: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.flush();
      if (keep) await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.handle.write(text);
  }
}
