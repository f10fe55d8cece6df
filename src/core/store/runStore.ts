import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { sha256Hex } from '../ids';
import { removeStaleTempFiles, writeFileAtomic } from './atomicWrite';
import { RUN_INFO_FILE, runDir, runsDir, tableFile, type TableName } from './layout';
import { currentProcess } from './processes';
import { checkRunId, makeRunId } from './runId';
import { assertNoSecrets, readRunInfo, type PromptRole, type RunInfo, type StageName, type StageState, type StageStatus } from './runInfo';
import { readTable, type StoredRecord } from './tableReader';
import { openTable, type TableWriter } from './tableWriter';

/** What a caller knows when starting a run; the store adds the id, times, hashes and stage list. */
export interface NewRun {
  toolVersion: string;
  task: RunInfo['task'];
  /** `path` may be absolute; inside the workspace it is stored relative to it. */
  dataset: RunInfo['dataset'];
  models: RunInfo['models'];
  prompts?: Partial<Record<PromptRole, { text: string; file?: string }>>;
  settings?: RunInfo['settings'];
  /** Use this id instead of a generated one (`makeRunId`). */
  runId?: string;
}

export interface RunStoreOptions {
  /** Receives every problem found in the run's files: malformed lines, torn tails, stale locks. */
  onDiagnostic: (d: Diagnostic) => void;
  /** Passed to each table writer (`OpenTableOptions.syncIntervalMs`). */
  syncIntervalMs?: number;
}

/**
 * One run directory, open: its run.json and its tables. Tables are opened for writing on first
 * use and closed together by `close()`, which also releases their locks.
 */
export class RunStore {
  private readonly writers = new Map<TableName, Promise<TableWriter<StoredRecord>>>();
  /** run.json rewrites happen one at a time, in call order. */
  private updates: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly dir: string,
    private current: RunInfo,
    private readonly options: RunStoreOptions,
  ) {}

  /** Creates `.mistakebook/runs/<id>/` with its run.json. Refuses a run.json that would hold a key. */
  static async create(workspaceDir: string, run: NewRun, options: RunStoreOptions): Promise<RunStore> {
    const createdAt = new Date();
    const info: RunInfo = {
      formatVersion: 1,
      id: '',
      createdAt: createdAt.toISOString(),
      toolVersion: run.toolVersion,
      task: run.task,
      dataset: { ...run.dataset, path: workspaceRelative(workspaceDir, run.dataset.path) },
      models: run.models,
      prompts: Object.fromEntries(
        Object.entries(run.prompts ?? {}).map(([role, p]) => [role, { ...p, sha256: sha256Hex(p.text) }]),
      ),
      settings: run.settings ?? {},
      stages: {},
    };
    assertNoSecrets(info, join(runsDir(workspaceDir), '<new run>', RUN_INFO_FILE));
    await mkdir(runsDir(workspaceDir), { recursive: true });
    if (run.runId !== undefined) checkRunId(run.runId);
    const dir = await makeRunDir(workspaceDir, run.runId ?? makeRunId(info, createdAt), run.runId !== undefined);
    info.id = dir.id;
    await writeFileAtomic(join(dir.path, RUN_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
    return new RunStore(dir.path, info, options);
  }

  /** Opens an existing run to resume it, rate it or read it. */
  static async open(workspaceDir: string, runId: string, options: RunStoreOptions): Promise<RunStore> {
    checkRunId(runId);
    const dir = runDir(workspaceDir, runId);
    const file = join(dir, RUN_INFO_FILE);
    const info = await readRunInfo(file);
    await removeStaleTempFiles(file);
    // The directory name is the id: a run directory renamed by hand keeps working.
    return new RunStore(dir, { ...info, id: runId }, options);
  }

  get id(): string {
    return this.current.id;
  }

  get info(): Readonly<RunInfo> {
    return this.current;
  }

  /** The table's writer, opened (and locked) on first use. */
  table<R extends StoredRecord>(name: TableName): Promise<TableWriter<R>> {
    if (this.closed) return Promise.reject(new Error(`run ${this.id} was closed; open it again to write.`));
    let writer = this.writers.get(name);
    if (writer === undefined) {
      writer = openTable<StoredRecord>(tableFile(this.dir, name), {
        onDiagnostic: this.options.onDiagnostic,
        ...(this.options.syncIntervalMs === undefined ? {} : { syncIntervalMs: this.options.syncIntervalMs }),
      });
      this.writers.set(name, writer);
      // A refused lock must not stick: the caller may retry once the other writer is gone.
      const opening = writer;
      opening.catch(() => {
        if (this.writers.get(name) === opening) this.writers.delete(name);
      });
    }
    return writer as unknown as Promise<TableWriter<R>>;
  }

  /** Streams a table's records; works whether or not this or another process is writing it. */
  read<R extends StoredRecord>(name: TableName): AsyncGenerator<R> {
    return readTable<R>(tableFile(this.dir, name), this.options.onDiagnostic);
  }

  /**
   * Records a stage's progress in run.json (atomically). A running stage names this process, so
   * `listRuns` can tell a run that is going from one that crashed.
   */
  setStage(stage: StageName, state: StageState, message?: string): Promise<void> {
    const now = new Date().toISOString();
    const update = async (): Promise<void> => {
      const file = join(this.dir, RUN_INFO_FILE);
      // Re-read first: another process (the VS Code window and a CLI run) may have updated another stage.
      const info = { ...(await readRunInfo(file)), id: this.current.id };
      const before = info.stages[stage];
      const status: StageStatus = { state };
      const startedAt = state === 'running' ? now : before?.startedAt;
      if (startedAt !== undefined) status.startedAt = startedAt;
      if (state === 'running') status.runner = currentProcess();
      if (state === 'done' || state === 'failed' || state === 'cancelled') status.finishedAt = now;
      if (message !== undefined) status.message = message;
      info.stages = { ...info.stages, [stage]: status };
      await writeFileAtomic(file, `${JSON.stringify(info, null, 2)}\n`);
      this.current = info;
    };
    const next = this.updates.then(update);
    this.updates = next.catch(() => undefined);
    return next;
  }

  /** Closes every open table (syncing it to disk and releasing its lock). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const opening = [...this.writers.values()];
    this.writers.clear();
    const closing = opening.map(async (pending) => {
      const writer = await pending.catch(() => undefined); // one that failed to open holds nothing
      await writer?.close();
    });
    const results = await Promise.allSettled([this.updates, ...closing]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
}

function workspaceRelative(workspaceDir: string, path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(workspaceDir, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}

/**
 * Creates the run's directory. A generated id that collides (same configuration, same second)
 * gets `-2`, `-3`…; a user's id must be new.
 */
async function makeRunDir(workspaceDir: string, id: string, userGiven: boolean): Promise<{ id: string; path: string }> {
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? id : `${id}-${n}`;
    const path = runDir(workspaceDir, candidate);
    try {
      await mkdir(path);
      return { id: candidate, path };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (userGiven) throw new Error(`run "${id}" already exists in ${runsDir(workspaceDir)}; open it to resume, or choose another id.`, { cause: e });
    }
  }
  throw new Error(`too many runs named ${id}-N in ${runsDir(workspaceDir)}; wait a second and retry.`);
}
