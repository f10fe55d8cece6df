/**
 * Gathers every example the chosen runs can give, with a count of what each filter dropped, so the
 * manifest can say why a set is the size it is. Reads whole tables: exports are offline jobs and a
 * run's tables are a few hundred MB at most.
 */
import { isAbsolute, join } from 'node:path';
import { readDataset } from '../dataset';
import type { Diagnostic } from '../diagnostic';
import { parsePrompt } from '../fewshot';
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import { sha256File } from '../store/fileHash';
import { RUN_INFO_FILE, tableFile, type TableName } from '../store/layout';
import { listRuns } from '../store/listRuns';
import { latestRatings, type Rating, type RatingValue } from '../store/ratings';
import type { RunInfo } from '../store/runInfo';
import { RunStore } from '../store/runStore';
import type { TaskId } from '../task/task';
import type { ExampleSource, TrainingExample } from './example';
import { correctionText, cotText, goldRationale, type ExportTemplates } from './templates';

export interface ExportFilters {
  /** Run ids; empty or absent = every readable run of the workspace. */
  runs?: readonly string[];
  /** Models that wrote the output (M_c for corrections and augmented paths); gold solutions have none and are kept. */
  models?: readonly string[];
  tasks?: readonly TaskId[];
  /** eq. 2: only corrections whose corrected solution reaches the gold answer. Default true. */
  verifiedOnly: boolean;
  /** Only corrections rated at least this (the latest rating counts); unrated ones are dropped. */
  minRating?: RatingValue;
}

/** Why an example was not kept; the manifest counts each. */
export type DropReason =
  | 'model not chosen'
  | 'path not correct'
  | 'not verified'
  | 'unrated'
  | 'rated below minimum'
  | 'unparseable correction'
  | 'incomplete correction'
  | 'original path missing'
  | 'no gold solution'
  | 'duplicate';

export interface SourceCount {
  /** Records (or dataset questions) read. */
  read: number;
  kept: number;
  dropped: Partial<Record<DropReason, number>>;
}

/** A file the export read, with its hash, so a manifest pins exactly what went in. */
export interface InputFile {
  role: 'run' | 'paths' | 'augmented' | 'corrections' | 'ratings' | 'dataset' | 'test set';
  path: string;
  sha256: string;
}

export interface Collected {
  examples: TrainingExample[];
  counts: Record<ExampleSource, SourceCount>;
  runs: string[];
  inputs: InputFile[];
}

const RATING_RANK: Record<RatingValue, number> = { poor: 0, good: 1, excellent: 2 };

function newCount(): SourceCount {
  return { read: 0, kept: 0, dropped: {} };
}

function drop(count: SourceCount, reason: DropReason): void {
  count.dropped[reason] = (count.dropped[reason] ?? 0) + 1;
}

async function readAll<R>(store: RunStore, table: TableName): Promise<R[]> {
  const rows: R[] = [];
  for await (const row of store.read(table)) rows.push(row as R);
  return rows;
}

async function hashIfPresent(file: string): Promise<string | null> {
  try {
    return await sha256File(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export async function collectExamples(
  workspaceDir: string,
  filters: ExportFilters,
  templates: ExportTemplates,
  onDiagnostic: (d: Diagnostic) => void,
): Promise<Collected> {
  const counts: Record<ExampleSource, SourceCount> = { gold: newCount(), augmented: newCount(), correction: newCount() };
  const examples: TrainingExample[] = [];
  const seen = new Set<string>();
  const inputs: InputFile[] = [];
  const datasetsRead = new Set<string>();
  const models = filters.models !== undefined && filters.models.length > 0 ? new Set(filters.models) : undefined;

  const keep = (example: TrainingExample, count: SourceCount): void => {
    if (seen.has(example.key)) {
      drop(count, 'duplicate');
      return;
    }
    seen.add(example.key);
    examples.push(example);
    count.kept++;
  };

  const runIds = await chooseRuns(workspaceDir, filters);
  const used: string[] = [];
  for (const runId of runIds) {
    const store = await RunStore.open(workspaceDir, runId, { onDiagnostic });
    try {
      const info = store.info;
      if (filters.tasks !== undefined && filters.tasks.length > 0 && !filters.tasks.includes(info.task)) continue;
      used.push(runId);
      inputs.push({ role: 'run', path: join(store.dir, RUN_INFO_FILE), sha256: (await hashIfPresent(join(store.dir, RUN_INFO_FILE))) ?? '' });
      for (const table of ['paths', 'augmented', 'corrections', 'ratings'] as const) {
        const sha = await hashIfPresent(tableFile(store.dir, table));
        if (sha !== null) inputs.push({ role: table, path: tableFile(store.dir, table), sha256: sha });
      }

      const datasetFile = isAbsolute(info.dataset.path) ? info.dataset.path : join(workspaceDir, info.dataset.path);
      if (!datasetsRead.has(datasetFile)) {
        datasetsRead.add(datasetFile);
        const sha = await hashIfPresent(datasetFile);
        if (sha === null) {
          onDiagnostic({ file: join(store.dir, RUN_INFO_FILE), line: 1, severity: 'warning', message: `dataset ${datasetFile} is gone; its gold solutions are left out. Restore it to export them.` });
        } else {
          if (sha !== info.dataset.sha256) {
            onDiagnostic({ file: datasetFile, line: 1, severity: 'warning', message: `changed since run ${runId} read it (sha256 differs); gold solutions are taken from the file as it is now` });
          }
          inputs.push({ role: 'dataset', path: datasetFile, sha256: sha });
          for await (const record of readDataset(datasetFile, { task: info.task })) {
            if (record.kind === 'diagnostic') onDiagnostic(record.diagnostic);
            if (record.kind !== 'question') continue;
            const q = record.question;
            counts.gold.read++;
            if (q.goldSolution === undefined || q.goldSolution.trim() === '') {
              drop(counts.gold, 'no gold solution');
              continue;
            }
            const text = cotText(templates, info.task, q, goldRationale(info.task, q.goldSolution));
            keep({ key: `gold:${q.id}`, source: 'gold', runId, questionId: q.id, question: q.question, task: info.task, ...text }, counts.gold);
          }
        }
      }

      for (const path of await readAll<PathRecord>(store, 'augmented')) {
        counts.augmented.read++;
        if (models !== undefined && !models.has(path.model)) drop(counts.augmented, 'model not chosen');
        else if (!path.correct) drop(counts.augmented, 'path not correct');
        else {
          const text = cotText(templates, path.task, path, path.completion);
          keep({ key: `augmented:${path.id}`, source: 'augmented', runId, questionId: path.questionId, question: path.question, task: path.task, model: path.model, ...text }, counts.augmented);
        }
      }

      await collectCorrections(store, info, filters, templates, models, counts.correction, keep);
    } finally {
      await store.close();
    }
  }
  return { examples, counts, runs: used, inputs };
}

async function collectCorrections(
  store: RunStore,
  info: Readonly<RunInfo>,
  filters: ExportFilters,
  templates: ExportTemplates,
  models: Set<string> | undefined,
  count: SourceCount,
  keep: (example: TrainingExample, count: SourceCount) => void,
): Promise<void> {
  const corrections = await readAll<CorrectionRecord>(store, 'corrections');
  if (corrections.length === 0) return;
  const paths = new Map((await readAll<PathRecord>(store, 'paths')).map((p) => [p.id, p]));
  const ratings = await latestRatings(await readAll<Rating>(store, 'ratings'));
  const prompt = info.prompts.correction;
  const instruction = prompt === undefined ? '' : parsePrompt(prompt.text, prompt.file ?? 'run.json prompts.correction').instruction;
  for (const c of corrections) {
    count.read++;
    const rating = ratings.get(c.id)?.rating;
    const path = paths.get(c.pathId);
    if (models !== undefined && !models.has(c.model)) drop(count, 'model not chosen');
    else if (c.outcome !== 'parsed') drop(count, 'unparseable correction');
    else if (filters.verifiedOnly && !c.verified) drop(count, 'not verified');
    else if (filters.minRating !== undefined && rating === undefined) drop(count, 'unrated');
    else if (filters.minRating !== undefined && rating !== undefined && RATING_RANK[rating] < RATING_RANK[filters.minRating]) drop(count, 'rated below minimum');
    else if (path === undefined) drop(count, 'original path missing');
    else {
      const text = correctionText(templates, instruction, path, c);
      if (text === null) drop(count, 'incomplete correction');
      else keep({ key: `correction:${c.id}`, source: 'correction', runId: store.id, questionId: c.questionId, question: path.question, task: path.task, model: c.model, ...text }, count);
    }
  }
}

async function chooseRuns(workspaceDir: string, filters: ExportFilters): Promise<string[]> {
  const all = await listRuns(workspaceDir);
  if (filters.runs === undefined || filters.runs.length === 0) {
    // Oldest first, so a gold question is credited to the run that first used its dataset.
    return all.filter((r) => r.info !== undefined).map((r) => r.id).reverse();
  }
  const known = new Set(all.map((r) => r.id));
  const missing = filters.runs.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new Error(`no run ${missing.map((m) => `"${m}"`).join(', ')} in ${join(workspaceDir, '.mistakebook', 'runs')}; the runs there are: ${[...known].join(', ') || 'none'}`);
  }
  return [...filters.runs];
}
