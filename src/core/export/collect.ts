/**
 * Gathers every example the chosen runs can give, with a count of what each filter dropped, so the
 * manifest can say why a set is the size it is. Tables are streamed once and each kept example is
 * held as a reference (`ExampleRef`): its key and the few strings its text is made from, or for an
 * augmented path where its line sits, read back when the example is written (`ExampleLoader`). So
 * memory stays well below the tables' size at any scale. Each example's text is made once here too,
 * to leave out exact duplicates (duplicates.ts) before sizing and shuffling; only its hash is kept.
 */
import { isAbsolute, join } from 'node:path';
import { readDataset } from '../dataset';
import type { Diagnostic } from '../diagnostic';
import { parsePrompt } from '../fewshot';
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import { RUN_INFO_FILE, tableFile, type TableName } from '../store/layout';
import { listRuns } from '../store/listRuns';
import { readRatingBook, type RatingRule } from '../runs/ratingBook';
import { adjudicationsFile } from '../store/adjudications';
import { ratingsFiles } from '../store/ratingTables';
import type { RatingValue } from '../store/ratings';
import { RecordFile } from '../store/recordFile';
import { RunStore } from '../store/runStore';
import { TableFollower, type RecordLocation } from '../store/tableFollower';
import type { TaskId } from '../task/task';
import { SeenTexts, type DuplicateReason } from './duplicates';
import { VariantChoice } from './variantFilter';
import { inContent, type ExampleSource, type TrainingExample } from './example';
import { hashFiles, hashIfPresent } from './inputHashes';
import { correctionOutput, correctionPrompt, cotText, goldRationale, originalSolution, type CorrectionParts, type ExampleText, type ExportTemplates } from './templates';
import type { TestQuestion } from './testSetGuard';
import { classifyExplanation } from '../truth/classifyError';
import type { ErrorType } from '../truth/errorTypes';
import { errorTypeInForce } from '../truth/inForce';
import type { ErrorTypeLabel } from '../truth/labels';

export interface ExportFilters {
  /** Run ids; empty or absent = every readable run of the workspace. */
  runs?: readonly string[];
  /** Models that wrote the output (M_c for corrections and augmented paths); gold solutions have none and are kept. */
  models?: readonly string[];
  tasks?: readonly TaskId[];
  /** eq. 2: only corrections whose corrected solution reaches the gold answer. Default true. */
  verifiedOnly: boolean;
  /** Only corrections whose rating in force is at least this; ones without a rating in force are dropped. */
  minRating?: RatingValue;
  /** Which rating is in force when raters disagree (core/runs/ratingBook.ts); default agreed. */
  ratingRule?: RatingRule;
  /** Correction variants (issue 16): ids, unique starts of ids or "original", per run; absent = all. */
  variants?: readonly string[];
  /** Step-level truth: only corrections whose error type in force is one of these. */
  errorTypes?: readonly ErrorType[];
}

/** Why an example was not kept; the manifest counts each. */
export type DropReason =
  | 'model not chosen'
  | 'variant not chosen'
  | 'path not correct'
  | 'not verified'
  | 'unrated'
  /** Rated, but its raters disagree and no adjudication settled it: no rating in force (the rule's `agreed`). */
  | 'raters disagree'
  | 'rated below minimum'
  | 'unparseable correction'
  | 'incomplete correction'
  | 'original path missing'
  | 'no gold solution'
  | 'error type not chosen'
  | DuplicateReason;

export interface SourceCount {
  /** Records (or dataset questions) read. */
  read: number;
  kept: number;
  dropped: Partial<Record<DropReason, number>>;
}

/** A file the export read, with its hash, so a manifest pins exactly what went in. */
export interface InputFile {
  role: 'run' | 'paths' | 'augmented' | 'corrections' | 'ratings' | 'adjudications' | 'dataset' | 'test set' | 'steplabels' | 'errortypes';
  path: string;
  sha256: string;
}

/**
 * One kept example, by reference: gold examples and corrections carry what their text is made from
 * (the dataset and the paths are not read again); augmented paths where their line sits.
 */
export interface ExampleRef {
  /** As `TrainingExample.key`: unique, and the order before seeded shuffling. */
  key: string;
  source: ExampleSource;
  /** Index into `Collected.runs`. */
  run: number;
  /** A gold example: the question and the rationale its text is made from. */
  gold?: { questionId: string; question: string; candidates?: string[]; rationale: string };
  /** An augmented path's line. */
  at?: RecordLocation;
  /**
   * A correction example: what its text is made from, kept when it was read (a few strings, so no
   * table is read twice): the question, the original solution as the example shows it, the target.
   */
  correction?: { questionId: string; model: string; task: TaskId; question: string; candidates?: string[]; original: string; output: string };
  /** Set when the example's question is in a test set. */
  overlap?: { test: TestQuestion; questionId: string; question: string };
}

/** What the loader needs of a run to turn a reference back into an example. */
export interface CollectedRun {
  id: string;
  dir: string;
  task: TaskId;
  /** The instruction paragraph of the run's correction prompt. */
  instruction: string;
}

export interface Collected {
  examples: ExampleRef[];
  counts: Record<ExampleSource, SourceCount>;
  /** Every run whose examples were gathered, in order (the manifest's `filters.runs`). */
  runs: string[];
  /** The same runs, for `ExampleLoader`. */
  sources: CollectedRun[];
  inputs: InputFile[];
}

/** Finds the test question a training question repeats, if any. */
export type TestLookup = (question: string) => TestQuestion | undefined;

const RATING_RANK: Record<RatingValue, number> = { poor: 0, good: 1, excellent: 2 };

function newCount(): SourceCount {
  return { read: 0, kept: 0, dropped: {} };
}

function drop(count: SourceCount, reason: DropReason): void {
  count.dropped[reason] = (count.dropped[reason] ?? 0) + 1;
}

/** Streams a table once, with each record's location; a last line still without its newline is left out, with a warning. */
async function follow<R extends { id: string }>(
  store: RunStore,
  table: TableName,
  onDiagnostic: (d: Diagnostic) => void,
  visit: (record: R, at: RecordLocation) => void,
  wants?: (id: string) => boolean,
): Promise<void> {
  const follower = new TableFollower<R>(tableFile(store.dir, table), onDiagnostic);
  await follower.refresh({ record: visit, ...(wants === undefined ? {} : { wants }) });
  if (follower.heldBytes > 0) {
    onDiagnostic({
      file: follower.file,
      line: follower.lineCount + 1,
      severity: 'warning',
      message: `the last line has no newline (${follower.heldBytes} bytes: a write still going on, or cut off by a crash) and was left out of the export.`,
    });
  }
}

/** A gold example's text. */
function goldText(templates: ExportTemplates, task: TaskId, gold: NonNullable<ExampleRef['gold']>): ExampleText {
  return cotText(templates, task, gold, gold.rationale);
}

/** A correct augmented path's text. */
function augmentedText(templates: ExportTemplates, path: PathRecord): ExampleText {
  return cotText(templates, path.task, path, path.completion);
}

/** A correction example's text. */
function correctionExampleText(templates: ExportTemplates, run: CollectedRun, c: NonNullable<ExampleRef['correction']>): ExampleText {
  return { ...correctionPrompt(templates, run.instruction, c, c.original), output: c.output };
}

export async function collectExamples(
  workspaceDir: string,
  filters: ExportFilters,
  templates: ExportTemplates,
  onDiagnostic: (d: Diagnostic) => void,
  inTestSet: TestLookup = () => undefined,
): Promise<Collected> {
  const counts: Record<ExampleSource, SourceCount> = { gold: newCount(), augmented: newCount(), correction: newCount() };
  const examples: ExampleRef[] = [];
  const seen = new Set<string>();
  // CoT and correction texts are told apart separately: a set of one content never loses an example to the other.
  const seenCot = new SeenTexts();
  const seenCorrections = new SeenTexts();
  const inputs: InputFile[] = [];
  const datasetsRead = new Set<string>();
  const models = filters.models !== undefined && filters.models.length > 0 ? new Set(filters.models) : undefined;

  // In collection order (oldest run first; gold, augmented, corrections), so the first of a set of duplicates is kept.
  const keep = (example: ExampleRef, count: SourceCount, text: ExampleText): void => {
    if (seen.has(example.key)) {
      drop(count, 'repeated record');
      return;
    }
    seen.add(example.key);
    if (!(inContent(example.source, 'cot') ? seenCot : seenCorrections).isNew(text.prompt, text.output)) {
      drop(count, 'exact duplicate');
      return;
    }
    examples.push(example);
    count.kept++;
  };

  const runIds = await chooseRuns(workspaceDir, filters);
  const variantChoice = new VariantChoice(filters.variants);
  const sources: CollectedRun[] = [];
  for (const runId of runIds) {
    const store = await RunStore.open(workspaceDir, runId, { onDiagnostic });
    try {
      const info = store.info;
      if (filters.tasks !== undefined && filters.tasks.length > 0 && !filters.tasks.includes(info.task)) continue;
      const run = sources.length;
      const prompt = info.prompts.correction;
      sources.push({ id: runId, dir: store.dir, task: info.task, instruction: prompt === undefined ? '' : parsePrompt(prompt.text, prompt.file ?? 'run.json prompts.correction').instruction });
      // The run's files are hashed on a worker thread while they are read here; listed after run.json, before the dataset.
      const tables = ['paths', 'augmented', 'corrections', 'ratings'] as const;
      // Every rater's file and the adjudications decide the rating in force too.
      const judgements: InputFile[] = [
        ...(await ratingsFiles(store.dir)).slice(1).map((f) => ({ role: 'ratings' as const, path: f.file, sha256: '' })),
        { role: 'adjudications', path: adjudicationsFile(store.dir), sha256: '' },
      ];
      const hashing = hashFiles([join(store.dir, RUN_INFO_FILE), ...tables.map((t) => tableFile(store.dir, t)), ...judgements.map((f) => f.path)]);
      hashing.catch(() => undefined); // awaited below; a failure is reported there
      let datasetInput: InputFile | undefined;

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
          datasetInput = { role: 'dataset', path: datasetFile, sha256: sha };
          for await (const record of readDataset(datasetFile, { task: info.task })) {
            if (record.kind === 'diagnostic') onDiagnostic(record.diagnostic);
            if (record.kind !== 'question') continue;
            const q = record.question;
            counts.gold.read++;
            if (q.goldSolution === undefined || q.goldSolution.trim() === '') {
              drop(counts.gold, 'no gold solution');
              continue;
            }
            const gold = { questionId: q.id, question: q.question, ...(q.candidates === undefined ? {} : { candidates: q.candidates }), rationale: goldRationale(info.task, q.goldSolution) };
            keep({ key: `gold:${q.id}`, source: 'gold', run, gold, ...overlapOf(inTestSet, q.id, q.question) }, counts.gold, goldText(templates, info.task, gold));
          }
        }
      }

      await follow<PathRecord>(store, 'augmented', onDiagnostic, (path, at) => {
        counts.augmented.read++;
        if (models !== undefined && !models.has(path.model)) drop(counts.augmented, 'model not chosen');
        else if (!path.correct) drop(counts.augmented, 'path not correct');
        else keep({ key: `augmented:${path.id}`, source: 'augmented', run, at, ...overlapOf(inTestSet, path.questionId, path.question) }, counts.augmented, augmentedText(templates, path));
      });

      const source = sources[run] as CollectedRun;
      const ofVariant = await variantChoice.forRun(store);
      await collectCorrections(store, run, filters, models, ofVariant, counts.correction, (example, count) => keep(example, count, correctionExampleText(templates, source, example.correction as NonNullable<ExampleRef['correction']>)), onDiagnostic, inTestSet);
      const [runSha, ...tableShas] = await hashing;
      inputs.push({ role: 'run', path: join(store.dir, RUN_INFO_FILE), sha256: runSha ?? '' });
      tables.forEach((table, i) => {
        const sha = tableShas[i];
        if (sha !== null && sha !== undefined) inputs.push({ role: table, path: tableFile(store.dir, table), sha256: sha });
      });
      judgements.forEach((f, i) => {
        const sha = tableShas[tables.length + i];
        if (sha !== null && sha !== undefined) inputs.push({ ...f, sha256: sha });
      });
      if (datasetInput !== undefined) inputs.push(datasetInput);
    } finally {
      await store.close();
    }
  }
  variantChoice.checkAllMatched(sources.map((r) => r.id));
  return { examples, counts, runs: sources.map((r) => r.id), sources, inputs };
}

function overlapOf(inTestSet: TestLookup, questionId: string, question: string): Pick<ExampleRef, 'overlap'> {
  const test = inTestSet(question);
  return test === undefined ? {} : { overlap: { test, questionId, question } };
}

/** A correction that passed the filters that need only itself, waiting for its path. */
interface PendingCorrection {
  key: string;
  pathId: string;
  questionId: string;
  model: string;
  parts: CorrectionParts;
}

/** The fields the example's text uses, so the rest of the record can be let go. */
function correctionParts(c: CorrectionRecord): CorrectionParts {
  const parts: CorrectionParts = {};
  if (c.explanation !== undefined) parts.explanation = c.explanation;
  if (c.incorrectStep !== undefined) parts.incorrectStep = c.incorrectStep;
  if (c.correctedSteps !== undefined) parts.correctedSteps = c.correctedSteps;
  if (c.correctedFrom !== undefined) parts.correctedFrom = c.correctedFrom;
  if (c.correctedAnswer !== undefined) parts.correctedAnswer = c.correctedAnswer;
  return parts;
}

/** What a correction example needs of its path, found in one pass over paths.jsonl. */
interface PathFacts {
  task: TaskId;
  question: string;
  candidates?: string[];
  original: string;
  overlap: Pick<ExampleRef, 'overlap'>;
}

/**
 * Corrections first (their filters need only themselves and the ratings), then one pass over the
 * paths for the ones still in, then the checks that need the path, in the corrections' order.
 */
async function collectCorrections(
  store: RunStore,
  run: number,
  filters: ExportFilters,
  models: Set<string> | undefined,
  ofVariant: (c: CorrectionRecord) => boolean,
  count: SourceCount,
  keep: (example: ExampleRef, count: SourceCount) => void,
  onDiagnostic: (d: Diagnostic) => void,
  inTestSet: TestLookup,
): Promise<void> {
  const book = await readRatingBook(store.dir, onDiagnostic);
  const ratings = book.inForceMap(filters.ratingRule ?? 'agreed');
  const ofType = await errorTypeFilter(store, filters.errorTypes);
  const pending: PendingCorrection[] = [];
  const needed = new Set<string>();
  await follow<CorrectionRecord>(store, 'corrections', onDiagnostic, (c) => {
    count.read++;
    const rating = ratings.get(c.id)?.rating;
    if (models !== undefined && !models.has(c.model)) drop(count, 'model not chosen');
    else if (!ofVariant(c)) drop(count, 'variant not chosen');
    else if (c.outcome !== 'parsed') drop(count, 'unparseable correction');
    else if (filters.verifiedOnly && !c.verified) drop(count, 'not verified');
    else if (filters.minRating !== undefined && rating === undefined) drop(count, book.ratingsOf(c.id).size > 0 ? 'raters disagree' : 'unrated');
    else if (filters.minRating !== undefined && rating !== undefined && RATING_RANK[rating] < RATING_RANK[filters.minRating]) drop(count, 'rated below minimum');
    else if (!ofType(c)) drop(count, 'error type not chosen');
    else {
      pending.push({ key: `correction:${c.id}`, pathId: c.pathId, questionId: c.questionId, model: c.model, parts: correctionParts(c) });
      needed.add(c.pathId);
    }
  });
  if (pending.length === 0) return;
  const paths = new Map<string, PathFacts>();
  // Only the paths of these corrections are parsed; the rest of the table is skimmed for ids.
  await follow<PathRecord>(
    store,
    'paths',
    onDiagnostic,
    (p) => {
      if (!needed.has(p.id)) return;
      const facts: PathFacts = { task: p.task, question: p.question, original: originalSolution(p), overlap: overlapOf(inTestSet, p.questionId, p.question) };
      if (p.candidates !== undefined) facts.candidates = p.candidates;
      paths.set(p.id, facts);
    },
    (id) => needed.has(id),
  );
  for (const c of pending) {
    const path = paths.get(c.pathId);
    const output = path === undefined ? null : correctionOutput(c.parts, path.task === 'mc');
    if (path === undefined) drop(count, 'original path missing');
    else if (output === null) drop(count, 'incomplete correction');
    else {
      const overlap = path.overlap.overlap === undefined ? {} : { overlap: { ...path.overlap.overlap, questionId: c.questionId } };
      const { task, question, candidates, original } = path;
      keep({ key: c.key, source: 'correction', run, correction: { questionId: c.questionId, model: c.model, task, question, ...(candidates === undefined ? {} : { candidates }), original, output }, ...overlap }, count);
    }
  }
}

/** Whether a correction's error type in force (by hand, else the model's, else the rules') is chosen; everything is without a filter. */
export async function errorTypeFilter(store: RunStore, types: readonly ErrorType[] | undefined): Promise<(c: CorrectionRecord) => boolean> {
  if (types === undefined || types.length === 0) return () => true;
  const human = new Map<string, ErrorTypeLabel>();
  const model = new Map<string, ErrorTypeLabel>();
  for await (const l of store.read<ErrorTypeLabel>('errortypes')) (l.source === 'human' ? human : model).set(l.correctionId, l);
  const chosen = new Set(types);
  return (c) => {
    const label = human.get(c.id) ?? model.get(c.id);
    const inForce = errorTypeInForce(label === undefined && c.incorrectStep !== undefined ? classifyExplanation(c.explanation).type : undefined, label);
    return inForce !== undefined && chosen.has(inForce.type);
  };
}

/** Turns references back into examples: gold and corrections from what was kept, augmented paths read back where they were found. */
export class ExampleLoader {
  private readonly files = new Map<string, RecordFile>();

  constructor(
    private readonly runs: readonly CollectedRun[],
    private readonly templates: ExportTemplates,
  ) {}

  load(ref: ExampleRef): TrainingExample {
    const run = this.runs[ref.run] as CollectedRun;
    if (ref.gold !== undefined) {
      const g = ref.gold;
      return { key: ref.key, source: 'gold', runId: run.id, questionId: g.questionId, question: g.question, task: run.task, ...goldText(this.templates, run.task, g) };
    }
    if (ref.source === 'augmented') {
      const path = this.file(run, 'augmented').read<PathRecord>(ref.at as RecordLocation);
      const text = augmentedText(this.templates, path);
      return { key: ref.key, source: 'augmented', runId: run.id, questionId: path.questionId, question: path.question, task: path.task, model: path.model, ...text };
    }
    const c = ref.correction as NonNullable<ExampleRef['correction']>;
    const text = correctionExampleText(this.templates, run, c);
    return { key: ref.key, source: 'correction', runId: run.id, questionId: c.questionId, question: c.question, task: c.task, model: c.model, ...text };
  }

  close(): void {
    for (const f of this.files.values()) f.close();
    this.files.clear();
  }

  private file(run: CollectedRun, table: TableName): RecordFile {
    const path = tableFile(run.dir, table);
    let file = this.files.get(path);
    if (file === undefined) {
      file = RecordFile.open(path);
      this.files.set(path, file);
    }
    return file;
  }
}

export async function chooseRuns(workspaceDir: string, filters: Pick<ExportFilters, 'runs'>): Promise<string[]> {
  const all = await listRuns(workspaceDir, { counts: false });
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
