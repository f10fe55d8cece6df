import { isAbsolute, join, normalize } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import { listRuns } from '../store/listRuns';
import type { RunInfo } from '../store/runInfo';
import { latestRatings, type Rating } from '../store/ratings';
import { readTable } from '../store/tableReader';
import { tableFile } from '../store/layout';

/** A sampled path and the run it belongs to. */
export interface RunPath {
  runId: string;
  record: PathRecord;
}

export interface RunCorrection {
  runId: string;
  record: CorrectionRecord;
  rating?: Rating;
}

/**
 * What the runs of a workspace hold, indexed for the Datasets tree: paths by dataset file and
 * question, corrections by path, the rating in force for each correction. Built in one pass over
 * the run tables, and built again when they change.
 */
export class RunIndex {
  private readonly pathsByDataset = new Map<string, Map<string, RunPath[]>>();
  private readonly correctionsByPath = new Map<string, RunCorrection[]>();
  private readonly pathsById = new Map<string, { dataset: string; path: RunPath }>();
  private readonly datasetTallies = new Map<string, Tally>();
  private readonly runOrder: string[] = [];
  private readonly labels = new Map<string, string>();

  static readonly empty = new RunIndex();

  static async load(workspaceDir: string, onDiagnostic: (d: Diagnostic) => void): Promise<RunIndex> {
    const index = new RunIndex();
    for (const run of await listRuns(workspaceDir)) {
      if (run.info === undefined) continue;
      index.runOrder.push(run.id);
      index.labels.set(run.id, runLabelOf(run.id, run.info));
      const dataset = datasetKey(isAbsolute(run.info.dataset.path) ? run.info.dataset.path : join(workspaceDir, run.info.dataset.path));
      const ratings = await latestRatings(readTable<Rating>(tableFile(run.dir, 'ratings'), onDiagnostic));
      for await (const record of readTable<PathRecord>(tableFile(run.dir, 'paths'), onDiagnostic)) {
        index.addPath(dataset, { runId: run.id, record });
      }
      for await (const record of readTable<CorrectionRecord>(tableFile(run.dir, 'corrections'), onDiagnostic)) {
        const rating = ratings.get(record.id);
        const list = index.correctionsByPath.get(pathKey(run.id, record.pathId)) ?? [];
        list.push(rating === undefined ? { runId: run.id, record } : { runId: run.id, record, rating });
        index.correctionsByPath.set(pathKey(run.id, record.pathId), list);
      }
    }
    return index;
  }

  private addPath(dataset: string, path: RunPath): void {
    const key = pathKey(path.runId, path.record.id);
    if (this.pathsById.has(key)) return; // a resumed run may repeat a row; the first one stands
    let byQuestion = this.pathsByDataset.get(dataset);
    if (byQuestion === undefined) this.pathsByDataset.set(dataset, (byQuestion = new Map()));
    const list = byQuestion.get(path.record.questionId) ?? [];
    list.push(path);
    byQuestion.set(path.record.questionId, list);
    this.pathsById.set(key, { dataset, path });
  }

  paths(datasetFile: string, questionId: string): readonly RunPath[] {
    return this.pathsByDataset.get(datasetKey(datasetFile))?.get(questionId) ?? [];
  }

  /** Every question of the dataset that runs have sampled, with its paths. */
  questions(datasetFile: string): ReadonlyMap<string, readonly RunPath[]> {
    return this.pathsByDataset.get(datasetKey(datasetFile)) ?? new Map();
  }

  /** The tally of every path of a dataset, counted once per index (the tree asks on every redraw). */
  datasetTally(datasetFile: string): Tally {
    const key = datasetKey(datasetFile);
    let tally = this.datasetTallies.get(key);
    if (tally === undefined) {
      tally = this.tally([...this.questions(datasetFile).values()].flat());
      this.datasetTallies.set(key, tally);
    }
    return tally;
  }

  corrections(runId: string, pathId: string): readonly RunCorrection[] {
    return this.correctionsByPath.get(pathKey(runId, pathId)) ?? [];
  }

  /** Where a path lives: its dataset file (normalised) and record. */
  findPath(runId: string, pathId: string): { dataset: string; path: RunPath } | undefined {
    return this.pathsById.get(pathKey(runId, pathId));
  }

  /** Paths and wrong paths of a set of paths, and how many wrong ones have a verified correction. */
  tally(paths: readonly RunPath[]): Tally {
    let wrong = 0;
    let corrected = 0;
    const runs = new Set<string>();
    for (const p of paths) {
      runs.add(p.runId);
      if (p.record.correct) continue;
      wrong++;
      if (this.corrections(p.runId, p.record.id).some((c) => c.record.verified)) corrected++;
    }
    return { paths: paths.length, wrong, corrected, runs: runs.size };
  }

  /** Paths grouped by run, runs in the order they were read (newest first). */
  byRun(paths: readonly RunPath[]): Map<string, RunPath[]> {
    const groups = new Map<string, RunPath[]>();
    for (const id of this.runOrder) groups.set(id, []);
    for (const p of paths) groups.get(p.runId)?.push(p);
    for (const [id, list] of groups) if (list.length === 0) groups.delete(id);
    return groups;
  }

  /** How a run is named in views: its name when it has one, else its reasoner and start time. */
  runLabel(runId: string): string {
    return this.labels.get(runId) ?? runId;
  }
}

/** Paths and wrong paths of a set of paths, how many wrong ones have a verified correction, and over how many runs. */
export interface Tally {
  paths: number;
  wrong: number;
  corrected: number;
  runs: number;
}

/** "scripted-demo-reasoner · 12-07 07:47" — what tells a run apart at a glance when it has no name. */
export function runLabelOf(runId: string, info: Pick<RunInfo, 'models' | 'createdAt'> & { name?: string }): string {
  if (info.name !== undefined && info.name.trim() !== '') return info.name;
  const model = info.models.reasoner?.model;
  const at = /^\d{4}-(\d\d-\d\dT\d\d:\d\d)/.exec(info.createdAt)?.[1]?.replace('T', ' ');
  return model === undefined || at === undefined ? runId : `${model} · ${at}`;
}

/** A dataset's identity across runs: its absolute, normalised path. */
export function datasetKey(file: string): string {
  return normalize(file);
}

function pathKey(runId: string, pathId: string): string {
  return `${runId}/${pathId}`;
}
