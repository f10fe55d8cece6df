/**
 * `export --format prm`: process labels for process reward models (PRM800K, Math-Shepherd style).
 * For each mistake with a verified correction: the question, the original steps, and a label per
 * step up to the first wrong one (1 before it, 0 for it, nothing after), taken from the researcher's
 * step label where there is one, else from the corrector's incorrect step. Optionally correct paths
 * too, 1 for every step. Written as it goes (one line per path), with a manifest that counts each
 * source and why paths were left out. Memory holds a few fields per mistake of one run.
 */
import { mkdir, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import { writeFileAtomic } from '../store/atomicWrite';
import { RUN_INFO_FILE, tableFile } from '../store/layout';
import { RunStore } from '../store/runStore';
import type { ErrorType } from '../truth/errorTypes';
import type { StepLabel } from '../truth/labels';
import { processLabels } from '../truth/processLabels';
import { chooseRuns, errorTypeFilter, type InputFile } from './collect';
import { hashFiles } from './inputHashes';
import { VariantChoice } from './variantFilter';
import { ExportWouldOverwriteError, filesAnExportReplaces, MANIFEST_VERSION, manifestPathFor, manifestRelative } from './manifest';
import { OutputFile } from './outputFile';

/** Where a line's labels came from: the researcher, the corrector's incorrect step, or (correct paths) the answer check. */
export type ProcessLabelSource = 'human' | 'corrector' | 'answer';

export interface ProcessLabelLine {
  question: string;
  steps: string[];
  labels: number[];
  source: ProcessLabelSource;
  /** The model that wrote the steps (M_r). */
  model: string;
  runId: string;
  pathId: string;
}

export type ProcessLabelDrop = 'model not chosen' | 'no verified correction' | 'error type not chosen' | 'label outside the path' | 'correct path' | 'repeated record';

export interface ProcessLabelRequest {
  workspaceDir: string;
  output: string;
  overwrite?: boolean;
  /** Run ids; empty = every run, oldest first. */
  runs?: readonly string[];
  /** Models that wrote the paths; empty = all. */
  models?: readonly string[];
  /** Only mistakes whose correction's error type in force is one of these (correct paths have none, so are left out). */
  errorTypes?: readonly ErrorType[];
  /** Correct paths too, every step labelled 1. */
  includeCorrectPaths?: boolean;
  /** Only corrections of these variants name the corrector's step (export's variant filter); absent = all. */
  variants?: readonly string[];
  toolVersion: string;
  onDiagnostic?: (d: Diagnostic) => void;
}

export interface ProcessLabelManifest {
  tool: 'mistakebook';
  manifestVersion: number;
  toolVersion: string;
  createdAt: string;
  format: 'prm';
  filters: { runs: string[]; models: string[]; errorTypes: ErrorType[]; includeCorrectPaths: boolean; variants?: string[] };
  /** Lines written per source of their labels. */
  sources: Record<ProcessLabelSource, number>;
  /** Paths read, and why those not written were left out. */
  read: number;
  dropped: Partial<Record<ProcessLabelDrop, number>>;
  examples: number;
  workspace: string;
  inputs: InputFile[];
  output: { path: string; sha256: string };
}

export interface ProcessLabelResult {
  output: string;
  manifestPath: string;
  manifest: ProcessLabelManifest;
  replaced: string[];
}

/** The first verified correction of a mistake: the step it names, and its error type in force. */
interface Verified {
  index: number;
  step: number;
  /** Its error type in force is one the filter chose (always, without a filter). */
  ofType: boolean;
}

export async function exportProcessLabels(request: ProcessLabelRequest): Promise<ProcessLabelResult> {
  const onDiagnostic = request.onDiagnostic ?? (() => undefined);
  const output = resolve(request.workspaceDir, request.output);
  const replaced = await filesAnExportReplaces(output);
  if (replaced.length > 0 && request.overwrite !== true) throw new ExportWouldOverwriteError(replaced);
  const models = request.models !== undefined && request.models.length > 0 ? new Set(request.models) : undefined;
  const types = request.errorTypes !== undefined && request.errorTypes.length > 0 ? new Set(request.errorTypes) : undefined;
  const sources: Record<ProcessLabelSource, number> = { human: 0, corrector: 0, answer: 0 };
  const dropped: Partial<Record<ProcessLabelDrop, number>> = {};
  const drop = (why: ProcessLabelDrop): void => {
    dropped[why] = (dropped[why] ?? 0) + 1;
  };
  let read = 0;
  const inputs: InputFile[] = [];
  const runIds = await chooseRuns(request.workspaceDir, request.runs === undefined ? {} : { runs: request.runs });
  const variantChoice = new VariantChoice(request.variants);

  await mkdir(dirname(output), { recursive: true });
  const file = new OutputFile(output);
  let sha256: string;
  try {
    for (const runId of runIds) {
      const store = await RunStore.open(request.workspaceDir, runId, { onDiagnostic });
      try {
        const tables = ['paths', 'corrections', 'steplabels', 'errortypes'] as const;
        const hashing = hashFiles([join(store.dir, RUN_INFO_FILE), ...tables.map((t) => tableFile(store.dir, t))]);
        hashing.catch(() => undefined);
        const human = new Map<string, StepLabel>();
        for await (const l of store.read<StepLabel>('steplabels')) human.set(l.pathId, l);
        const ofType = await errorTypeFilter(store, types === undefined ? undefined : [...types]);
        const ofVariant = await variantChoice.forRun(store);
        const verified = new Map<string, Verified>();
        for await (const c of store.read<CorrectionRecord>('corrections')) {
          if (!c.verified || c.outcome !== 'parsed' || c.incorrectStep === undefined || !ofVariant(c)) continue;
          const before = verified.get(c.pathId);
          if (before !== undefined && before.index <= c.correctionIndex) continue;
          verified.set(c.pathId, { index: c.correctionIndex, step: c.incorrectStep, ofType: ofType(c) });
        }
        const seen = new Set<string>();
        for await (const p of store.read<PathRecord>('paths')) {
          read++;
          if (seen.has(p.id)) {
            drop('repeated record');
            continue;
          }
          seen.add(p.id);
          if (models !== undefined && !models.has(p.model)) {
            drop('model not chosen');
            continue;
          }
          const line = lineOf(p, runId, human.get(p.id), verified.get(p.id), request.includeCorrectPaths === true, types !== undefined);
          if (typeof line === 'string') {
            drop(line);
            continue;
          }
          sources[line.source]++;
          file.write(`${JSON.stringify(line)}\n`);
        }
        const [runSha, ...shas] = await hashing;
        inputs.push({ role: 'run', path: join(store.dir, RUN_INFO_FILE), sha256: runSha ?? '' });
        tables.forEach((t, i) => {
          const sha = shas[i];
          if (sha !== null && sha !== undefined) inputs.push({ role: t, path: tableFile(store.dir, t), sha256: sha });
        });
      } finally {
        await store.close();
      }
    }
    variantChoice.checkAllMatched(runIds);
    const examples = sources.human + sources.corrector + sources.answer;
    if (examples === 0) {
      const why = Object.entries(dropped).map(([k, n]) => `${n} ${k}`).join(', ');
      throw new Error(`nothing to export: no path of runs ${runIds.join(', ') || '(none found)'} has process labels under these filters (${read} paths read${why === '' ? '' : `: ${why}`}). A mistake needs a verified correction.`);
    }
    sha256 = file.commit();
  } finally {
    file.discard();
  }
  const manifestPath = manifestPathFor(output);
  const here = dirname(manifestPath);
  const manifest: ProcessLabelManifest = {
    tool: 'mistakebook',
    manifestVersion: MANIFEST_VERSION,
    toolVersion: request.toolVersion,
    createdAt: new Date().toISOString(),
    format: 'prm',
    filters: { runs: runIds, models: [...(request.models ?? [])], errorTypes: [...(request.errorTypes ?? [])], includeCorrectPaths: request.includeCorrectPaths === true, ...(variantChoice.active ? { variants: [...(request.variants ?? [])] } : {}) },
    sources,
    read,
    dropped,
    examples: sources.human + sources.corrector + sources.answer,
    workspace: manifestRelative(here, resolve(request.workspaceDir)),
    inputs: inputs.map((i) => ({ ...i, path: manifestRelative(request.workspaceDir, i.path) })),
    output: { path: manifestRelative(here, output), sha256 },
  };
  await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  for (const f of replaced) if (f !== output && f !== manifestPath) await unlink(f).catch(() => undefined);
  return { output, manifestPath, manifest, replaced };
}

/** A path's line, or why it has none. The researcher's label wins over the corrector's step. */
export function lineOf(
  p: Pick<PathRecord, 'id' | 'question' | 'steps' | 'correct' | 'model'>,
  runId: string,
  human: Pick<StepLabel, 'step'> | undefined,
  verified: Pick<Verified, 'step' | 'ofType'> | undefined,
  includeCorrect: boolean,
  typeFilter: boolean,
): ProcessLabelLine | ProcessLabelDrop {
  // In the order the format lists its fields: question, steps, labels, source, model, runId, pathId.
  const line = (labels: number[], source: ProcessLabelSource): ProcessLabelLine => ({ question: p.question, steps: p.steps, labels, source, model: p.model, runId, pathId: p.id });
  if (p.correct) {
    if (!includeCorrect || typeFilter) return 'correct path';
    return line(processLabels(p.steps.length, null), 'answer');
  }
  if (verified === undefined) return 'no verified correction';
  if (!verified.ofType) return 'error type not chosen';
  const step = human === undefined ? verified.step : human.step;
  if (step !== null && step > p.steps.length) return 'label outside the path';
  return line(processLabels(p.steps.length, step), human === undefined ? 'corrector' : 'human');
}

/** "12 lines (3 human, 9 corrector)". */
export function describeProcessLabels(m: Pick<ProcessLabelManifest, 'examples' | 'sources'>): string {
  const parts = (Object.entries(m.sources) as Array<[ProcessLabelSource, number]>).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  return `${m.examples} process-label line${m.examples === 1 ? '' : 's'} (${parts.join(', ')})`;
}
