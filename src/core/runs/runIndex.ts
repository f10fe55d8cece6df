/**
 * What the runs of a workspace hold, indexed for the Datasets tree: paths by dataset file and
 * question, corrections by path, the rating in force for each correction, a label per run.
 *
 * Built for LEMA-size runs (200,000 paths): each table is followed (`TableFollower`), so a refresh
 * reads only the bytes appended since the last one, and what is kept per record is a few fields and
 * where its line sits; the texts (steps, explanations, completions) are read back by location when a
 * tooltip needs them. A table that was replaced or cut (a regrade, a repaired line) makes its run be
 * read again whole; a run folder that is gone leaves the index.
 */
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import { RUN_INFO_FILE, runsDir, tableFile, type TableName } from '../store/layout';
import { adjudicationsFile, type Adjudication } from '../store/adjudications';
import { ratingsFiles, raterOf } from '../store/ratingTables';
import type { Rating } from '../store/ratings';
import { RecordFile } from '../store/recordFile';
import { readRunInfo, type RunInfo } from '../store/runInfo';
import { TableFollower, type RecordLocation } from '../store/tableFollower';
import { RatingBook, type RatingRule } from './ratingBook';
// Step-level truth: human first-wrong-step labels and error types, kept per path and correction.
import { classifyExplanation } from '../truth/classifyError';
import type { ErrorType } from '../truth/errorTypes';
import type { ErrorTypeLabel, StepLabel } from '../truth/labels';

/** The fields of a path the tree, its filters and its counts use. */
export type PathSummary = Pick<PathRecord, 'id' | 'questionId' | 'task' | 'model' | 'sampleIndex' | 'answer' | 'correct'>;
/** The fields of a correction the tree, its filters and its counts use. */
export type CorrectionSummary = Pick<CorrectionRecord, 'id' | 'pathId' | 'model' | 'promptSha256' | 'correctionIndex' | 'outcome' | 'verified' | 'answer' | 'incorrectStep' | 'noIncorrectStep'> & {
  /** The rule classifier's error type of a parsed correction's explanation (its text is not kept). */
  ruleErrorType?: ErrorType;
};

/** A sampled path, the run it belongs to, and where its line is. */
export interface RunPath {
  runId: string;
  record: PathSummary;
  at: RecordLocation;
}

export interface RunCorrection {
  runId: string;
  record: CorrectionSummary;
  at: RecordLocation;
  /** The rating in force (ratingBook.ts). */
  rating?: Rating;
  /** Its raters gave different ratings and no adjudication settled it yet. */
  ratersDisagree?: boolean;
  /** The error type given by hand (or else by the model's classification) in force, when there is one. */
  errorTypeLabel?: ErrorTypeLabel;
}

/** Paths and wrong paths of a set of paths, how many wrong ones have a verified correction, and over how many runs. */
export interface Tally {
  paths: number;
  wrong: number;
  corrected: number;
  runs: number;
}

/** What one refresh read: to tell a cheap refresh from a full one (the bench's ratio). */
export interface RefreshStats {
  bytesRead: number;
  records: number;
  /** Runs read whole in this refresh (new ones, or ones whose tables were replaced). */
  runsReadWhole: number;
}

const FOLLOWED: readonly Followed[] = ['paths', 'corrections', 'steplabels', 'errortypes'];
/** Step-level truth: the researcher's step labels and error types are followed beside paths and corrections. */
type Followed = 'paths' | 'corrections' | 'steplabels' | 'errortypes';

interface RunState {
  id: string;
  dir: string;
  info: RunInfo;
  /** The run's paths in the order they were written. */
  paths: RunPath[];
  dataset: string;
  label: string;
  followers: Record<Followed, TableFollower>;
  /** The old ratings.jsonl and each rater's file, by file, found anew on each refresh; then the adjudications. */
  ratingFollowers: Map<string, { follower: TableFollower; fallbackRater: string }>;
  adjudications: TableFollower;
  /** Every rater's ratings and the adjudications of the run: the rating in force comes from here. */
  book: RatingBook;
  /** Set when a table of the run was replaced after its first read: the run is read again whole. */
  stale: boolean;
}

export class RunIndex {
  private readonly pathsByDataset = new Map<string, Map<string, RunPath[]>>();
  private readonly correctionsByPath = new Map<string, RunCorrection[]>();
  private readonly correctionsById = new Map<string, RunCorrection>();
  private readonly pathsById = new Map<string, { dataset: string; path: RunPath }>();
  /** The rating in force per correction (by run and correction id), also for corrections not read yet. */
  private readonly ratings = new Map<string, Rating>();
  /** Step-level truth: the human first-wrong-step label in force per path, error types by hand and by model per correction. */
  private readonly stepLabels = new Map<string, StepLabel>();
  private readonly humanTypes = new Map<string, ErrorTypeLabel>();
  private readonly modelTypes = new Map<string, ErrorTypeLabel>();
  private readonly datasetTallies = new Map<string, Tally>();
  private readonly runs = new Map<string, RunState>();
  private runOrder: string[] = [];
  private refreshing: Promise<RefreshStats> | undefined;
  private rule: RatingRule = 'agreed';

  static readonly empty = new RunIndex(undefined, () => undefined);

  constructor(
    private readonly workspaceDir: string | undefined,
    private readonly onDiagnostic: (d: Diagnostic) => void,
  ) {}

  /** A new index of the workspace's runs, read once. */
  static async load(workspaceDir: string, onDiagnostic: (d: Diagnostic) => void): Promise<RunIndex> {
    const index = new RunIndex(workspaceDir, onDiagnostic);
    await index.refresh();
    return index;
  }

  /** Reads what changed since the last refresh: new runs whole, known runs from where their tables ended. */
  refresh(): Promise<RefreshStats> {
    // Refreshes run one after another; one asked for while another runs waits for it and then reads again.
    const next = (this.refreshing ?? Promise.resolve()).catch(() => undefined).then(() => this.refreshNow());
    this.refreshing = next;
    return next;
  }

  private async refreshNow(): Promise<RefreshStats> {
    const stats: RefreshStats = { bytesRead: 0, records: 0, runsReadWhole: 0 };
    if (this.workspaceDir === undefined) return stats;
    const infos = await this.runInfos(this.workspaceDir);
    for (const id of [...this.runs.keys()]) if (!infos.has(id)) this.dropRun(id);
    for (const [id, { dir, info }] of infos) {
      let state = this.runs.get(id);
      if (state === undefined) {
        state = this.newRun(id, dir, info);
        stats.runsReadWhole++;
      }
      await this.readRun(state, stats);
      if (state.stale) {
        this.dropRun(id);
        state = this.newRun(id, dir, info);
        stats.runsReadWhole++;
        await this.readRun(state, stats);
      }
      state.label = runLabelOf(id, info);
      state.info = info;
    }
    // Newest first, as the Runs view lists them.
    this.runOrder = [...infos].sort(([a, x], [b, y]) => y.info.createdAt.localeCompare(x.info.createdAt) || b.localeCompare(a)).map(([id]) => id);
    if (stats.records > 0 || stats.runsReadWhole > 0) this.datasetTallies.clear();
    return stats;
  }

  private async runInfos(workspaceDir: string): Promise<Map<string, { dir: string; info: RunInfo }>> {
    const out = new Map<string, { dir: string; info: RunInfo }>();
    let names: string[];
    try {
      names = (await readdir(runsDir(workspaceDir), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw e;
    }
    for (const id of names) {
      const dir = join(runsDir(workspaceDir), id);
      // An unreadable run.json is the Runs view's to report; its run is left out here.
      const info = await readRunInfo(join(dir, RUN_INFO_FILE)).catch(() => undefined);
      if (info !== undefined) out.set(id, { dir, info });
    }
    return out;
  }

  private newRun(id: string, dir: string, info: RunInfo): RunState {
    const dataset = datasetKey(isAbsolute(info.dataset.path) ? info.dataset.path : join(this.workspaceDir ?? '', info.dataset.path));
    const follow = (table: TableName): TableFollower => new TableFollower(tableFile(dir, table), this.onDiagnostic);
    const state: RunState = {
      id,
      dir,
      info,
      paths: [],
      dataset,
      label: runLabelOf(id, info),
      followers: { paths: follow('paths'), corrections: follow('corrections'), steplabels: follow('steplabels'), errortypes: follow('errortypes') },
      ratingFollowers: new Map(),
      adjudications: new TableFollower(adjudicationsFile(dir), this.onDiagnostic),
      book: new RatingBook(),
      stale: false,
    };
    this.runs.set(id, state);
    return state;
  }

  /** Paths, then corrections, then every ratings file, then the adjudications: each refers to the one before. */
  private async readRun(state: RunState, stats: RefreshStats): Promise<void> {
    const followed: Array<{ follower: TableFollower; record: (record: unknown, at: RecordLocation) => void }> = FOLLOWED.map((table) => ({
      follower: state.followers[table],
      record: (record, at) => {
        if (table === 'paths') this.addPath(state, record as PathRecord, at);
        else if (table === 'corrections') this.addCorrection(state, record as CorrectionRecord, at);
        else if (table === 'steplabels') this.addStepLabel(state, record as StepLabel);
        else this.addErrorType(state, record as ErrorTypeLabel);
      },
    }));
    // A rater's file appears when they first rate: the folder is listed on each refresh (a few names).
    for (const { file, fallbackRater } of await ratingsFiles(state.dir)) {
      let entry = state.ratingFollowers.get(file);
      if (entry === undefined) state.ratingFollowers.set(file, (entry = { follower: new TableFollower(file, this.onDiagnostic), fallbackRater }));
      const rater = entry.fallbackRater;
      followed.push({ follower: entry.follower, record: (record) => this.addRating(state, record as Rating, rater) });
    }
    followed.push({ follower: state.adjudications, record: (record) => this.addAdjudication(state, record as Adjudication) });
    for (const { follower, record } of followed) {
      const readBefore = follower.offset > 0 || follower.lineCount > 0;
      const result = await follower.refresh({
        reset: () => {
          if (readBefore) state.stale = true;
        },
        record,
      });
      stats.bytesRead += result.bytesRead;
      stats.records += result.records;
      if (state.stale) return;
    }
  }

  private addPath(state: RunState, r: PathRecord, at: RecordLocation): void {
    const key = pathKey(state.id, r.id);
    if (this.pathsById.has(key)) return; // a resumed run may repeat a row; the first one stands
    const path: RunPath = {
      runId: state.id,
      record: { id: r.id, questionId: r.questionId, task: r.task, model: r.model, sampleIndex: r.sampleIndex, answer: r.answer, correct: r.correct },
      at,
    };
    let byQuestion = this.pathsByDataset.get(state.dataset);
    if (byQuestion === undefined) this.pathsByDataset.set(state.dataset, (byQuestion = new Map()));
    const list = byQuestion.get(r.questionId);
    if (list === undefined) byQuestion.set(r.questionId, [path]);
    else list.push(path);
    this.pathsById.set(key, { dataset: state.dataset, path });
    state.paths.push(path);
  }

  private addCorrection(state: RunState, r: CorrectionRecord, at: RecordLocation): void {
    const key = pathKey(state.id, r.id);
    if (this.correctionsById.has(key)) return;
    const record: CorrectionSummary = {
      id: r.id,
      pathId: r.pathId,
      model: r.model,
      promptSha256: r.promptSha256,
      correctionIndex: r.correctionIndex,
      outcome: r.outcome,
      verified: r.verified,
      answer: r.answer,
      ...(r.incorrectStep === undefined ? {} : { incorrectStep: r.incorrectStep }),
      ...(r.noIncorrectStep === true ? { noIncorrectStep: true as const } : {}),
      ...(r.outcome === 'parsed' && r.incorrectStep !== undefined ? { ruleErrorType: classifyExplanation(r.explanation).type } : {}),
    };
    const rating = this.ratings.get(key);
    const correction: RunCorrection = rating === undefined ? { runId: state.id, record, at } : { runId: state.id, record, at, rating };
    if (state.book.disagree(r.id) && state.book.adjudicationOf(r.id) === undefined) correction.ratersDisagree = true;
    const typed = this.humanTypes.get(key) ?? this.modelTypes.get(key);
    if (typed !== undefined) correction.errorTypeLabel = typed;
    const byPath = pathKey(state.id, r.pathId);
    const list = this.correctionsByPath.get(byPath);
    if (list === undefined) this.correctionsByPath.set(byPath, [correction]);
    else list.push(correction);
    this.correctionsById.set(key, correction);
  }

  private addRating(state: RunState, r: Rating, fallbackRater: string): void {
    state.book.add(r, raterOf(r, fallbackRater));
    this.settle(state, r.correctionId);
  }

  private addAdjudication(state: RunState, a: Adjudication): void {
    state.book.adjudicate(a);
    this.settle(state, a.correctionId);
  }

  /** A correction's rating in force and disagreement, after a rating or adjudication of it. */
  private settle(state: RunState, correctionId: string): void {
    const key = pathKey(state.id, correctionId);
    const inForce = state.book.inForce(correctionId, this.rule)?.rating;
    if (inForce === undefined) this.ratings.delete(key);
    else this.ratings.set(key, inForce);
    const correction = this.correctionsById.get(key);
    if (correction === undefined) return;
    if (inForce === undefined) delete correction.rating;
    else correction.rating = inForce;
    if (state.book.disagree(correctionId) && state.book.adjudicationOf(correctionId) === undefined) correction.ratersDisagree = true;
    else delete correction.ratersDisagree;
  }

  /** Which rule picks the rating in force (the setting may choose majority); every rated correction is settled again. */
  setRatingRule(rule: RatingRule): void {
    if (rule === this.rule) return;
    this.rule = rule;
    for (const state of this.runs.values()) {
      for (const [id] of state.book.rated()) this.settle(state, id);
      for (const id of state.book.adjudicated()) this.settle(state, id);
    }
  }

  get ratingRule(): RatingRule {
    return this.rule;
  }

  /** A run's raters, their ratings and adjudications; undefined when the index does not hold the run. */
  ratingBook(runId: string): RatingBook | undefined {
    return this.runs.get(runId)?.book;
  }

  /** The last label of a path is the one in force. */
  private addStepLabel(state: RunState, l: StepLabel): void {
    this.stepLabels.set(pathKey(state.id, l.pathId), l);
  }

  /** A hand-given type always wins over the model's; within a source the last row does. */
  private addErrorType(state: RunState, l: ErrorTypeLabel): void {
    const key = pathKey(state.id, l.correctionId);
    (l.source === 'human' ? this.humanTypes : this.modelTypes).set(key, l);
    const correction = this.correctionsById.get(key);
    if (correction !== undefined) correction.errorTypeLabel = this.humanTypes.get(key) ?? l;
  }

  private dropRun(id: string): void {
    const prefix = `${id}/`;
    for (const [key, { dataset, path }] of this.pathsById) {
      if (!key.startsWith(prefix)) continue;
      this.pathsById.delete(key);
      const byQuestion = this.pathsByDataset.get(dataset);
      const list = byQuestion?.get(path.record.questionId);
      if (list !== undefined) {
        const kept = list.filter((p) => p.runId !== id);
        if (kept.length === 0) byQuestion?.delete(path.record.questionId);
        else byQuestion?.set(path.record.questionId, kept);
      }
    }
    for (const map of [this.correctionsByPath, this.correctionsById, this.ratings, this.stepLabels, this.humanTypes, this.modelTypes] as Map<string, unknown>[]) {
      for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
    }
    this.runs.delete(id);
    this.datasetTallies.clear();
  }

  paths(datasetFile: string, questionId: string): readonly RunPath[] {
    return this.pathsByDataset.get(datasetKey(datasetFile))?.get(questionId) ?? [];
  }

  /** Every question of the dataset that runs have sampled, with its paths. */
  questions(datasetFile: string): ReadonlyMap<string, readonly RunPath[]> {
    return this.pathsByDataset.get(datasetKey(datasetFile)) ?? new Map();
  }

  /** The tally of every path of a dataset, counted once per refresh (the tree asks on every redraw). */
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

  /** The whole stored path (steps, completion, gold answer), read back from its table. */
  fullPath(path: RunPath): PathRecord {
    return this.readBack<PathRecord>(path.runId, 'paths', path.at);
  }

  /** The whole stored correction (explanation, corrected steps, raw reply), read back from its table. */
  fullCorrection(correction: RunCorrection): CorrectionRecord {
    return this.readBack<CorrectionRecord>(correction.runId, 'corrections', correction.at);
  }

  private readBack<R>(runId: string, table: 'paths' | 'corrections', at: RecordLocation): R {
    const run = this.runs.get(runId);
    if (run === undefined) throw new Error(`run ${runId} is no longer in the workspace.`);
    const file = RecordFile.open(run.followers[table].file);
    try {
      return file.read<R>(at);
    } finally {
      file.close();
    }
  }

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

  /** Paths grouped by run, runs newest first. */
  byRun(paths: readonly RunPath[]): Map<string, RunPath[]> {
    const groups = new Map<string, RunPath[]>();
    for (const id of this.runOrder) groups.set(id, []);
    for (const p of paths) groups.get(p.runId)?.push(p);
    for (const [id, list] of groups) if (list.length === 0) groups.delete(id);
    return groups;
  }

  /** A run's run.json as last read, or undefined when the index does not hold the run. */
  runInfo(runId: string): RunInfo | undefined {
    return this.runs.get(runId)?.info;
  }

  /** A run's paths, mistakes, corrections and how many of those are verified or unparseable: what a finished stage reports. */
  runTally(runId: string): { paths: number; mistakes: number; corrections: number; verified: number; unparseable: number } {
    const out = { paths: 0, mistakes: 0, corrections: 0, verified: 0, unparseable: 0 };
    for (const p of this.runPaths(runId)) {
      out.paths++;
      if (p.record.correct) continue;
      out.mistakes++;
      for (const c of this.corrections(runId, p.record.id)) {
        out.corrections++;
        if (c.record.verified) out.verified++;
        if (c.record.outcome === 'unparseable') out.unparseable++;
      }
    }
    return out;
  }

  /** A run's paths in the order they were written. */
  runPaths(runId: string): readonly RunPath[] {
    return this.runs.get(runId)?.paths ?? [];
  }

  /** The rating in force of each correction of a run, by correction id. */
  ratingsOf(runId: string): Map<string, Rating> {
    const prefix = `${runId}/`;
    const out = new Map<string, Rating>();
    for (const [key, rating] of this.ratings) if (key.startsWith(prefix)) out.set(key.slice(prefix.length), rating);
    return out;
  }

  /** The researcher's first wrong step of a path in force (steplabels.jsonl), if any. */
  stepLabel(runId: string, pathId: string): StepLabel | undefined {
    return this.stepLabels.get(pathKey(runId, pathId));
  }

  /** The step labels in force of a run, by path id; and its error types by hand and by model, by correction id. */
  truthOf(runId: string): { stepLabels: Map<string, StepLabel>; humanTypes: Map<string, ErrorTypeLabel>; modelTypes: Map<string, ErrorTypeLabel> } {
    const prefix = `${runId}/`;
    const pick = <V>(from: Map<string, V>): Map<string, V> => {
      const out = new Map<string, V>();
      for (const [key, value] of from) if (key.startsWith(prefix)) out.set(key.slice(prefix.length), value);
      return out;
    };
    return { stepLabels: pick(this.stepLabels), humanTypes: pick(this.humanTypes), modelTypes: pick(this.modelTypes) };
  }

  /** How a run is named in views: its name when it has one, else its reasoner and start time. */
  runLabel(runId: string): string {
    return this.runs.get(runId)?.label ?? runId;
  }
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

function pathKey(runId: string, id: string): string {
  return `${runId}/${id}`;
}
