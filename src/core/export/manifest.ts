/**
 * The manifest written beside each export: what went in (files with sha256), which filters and
 * seed chose the examples, how many each source gave and why the rest were dropped. With it, a
 * training set in a paper's appendix can be rebuilt and checked.
 *
 * Its name is the output's full name + `.manifest.json`, so `lema.jsonl` and `lema.json` in one
 * folder keep one manifest each. Paths in it are relative (POSIX separators), so a manifest copied
 * with its workspace to another machine still points at its files: the output relative to the
 * manifest's folder, inputs relative to the workspace, which is `workspace` from the manifest's
 * folder. Manifests before version 2 were named without the output's extension and held absolute
 * paths; `readManifest` and `findManifest` read both.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { RatingRule } from '../runs/ratingBook';
import type { RatingValue } from '../store/ratings';
import type { TaskId } from '../task/task';
import type { ErrorType } from '../truth/errorTypes';
import type { InputFile, SourceCount } from './collect';
import type { DuplicateReason } from './duplicates';
import type { ExampleSource, ExportContent } from './example';
import type { ExportFormat } from './formats';
import type { ExportTemplates } from './templates';

/** The layout described above: the manifest's name and relative paths. */
export const MANIFEST_VERSION = 2;

export interface ExportManifest {
  tool: 'mistakebook';
  /** 2: named `<output>.manifest.json`, relative paths. Absent in older manifests. */
  manifestVersion?: number;
  toolVersion: string;
  createdAt: string;
  format: ExportFormat;
  content: ExportContent;
  seed: number;
  filters: {
    runs: string[];
    models: string[];
    tasks: TaskId[];
    verifiedOnly: boolean;
    minRating: RatingValue | null;
    /** Which rating of a correction counted (several raters): the rule and its words. Absent in older manifests. */
    ratingInForce?: { rule: RatingRule; text: string };
    /** Step-level truth: only corrections of these error types (absent: all). */
    errorTypes?: ErrorType[];
    /** Correction variants: only corrections of these, as asked (absent: all). */
    variants?: string[];
  };
  /** The size asked for and where it came from ("the size of the both set"), or null for every example. */
  size: { requested: number; matched: ExportContent | null } | null;
  /** Issue 19, the equal-size ablation: only these sources were exported; every example was kept but those of `topUpFrom`, which filled the size. */
  only?: { sources: ExampleSource[]; topUpFrom: ExampleSource | null };
  templates: ExportTemplates;
  /** Per source: records read, kept by the filters, dropped by reason (duplicates among them). */
  sources: Record<ExampleSource, SourceCount>;
  /** Examples of the exported content left out as repeats of one kept before them (see duplicates.ts). */
  duplicatesRemoved?: number;
  /** The same, by reason. */
  duplicateReasons?: Partial<Record<DuplicateReason, number>>;
  /** Examples in the file, per source. */
  written: Record<ExampleSource, number>;
  examples: number;
  /** The workspace folder relative to the manifest's folder; `inputs` and `testSets` are relative to it. */
  workspace?: string;
  testSets: Array<{ path: string; sha256: string; questions: number }>;
  inputs: InputFile[];
  /** `path` relative to the manifest's folder. */
  output: { path: string; sha256: string };
}

/** `train.jsonl` → `train.jsonl.manifest.json`, in the same folder. */
export function manifestPathFor(outputFile: string): string {
  return `${outputFile}.manifest.json`;
}

/** Where manifests before version 2 went: `train.jsonl` → `train.manifest.json`. */
export function legacyManifestPathFor(outputFile: string): string {
  return `${outputFile.replace(/\.(jsonl|json)$/i, '')}.manifest.json`;
}

/** A path as a manifest stores it: relative to `base`, with `/` on every platform. */
export function manifestRelative(base: string, file: string): string {
  const path = relative(base, file);
  return (path === '' ? '.' : path).split(sep).join('/');
}

/** A path read from a manifest, made absolute: relative ones against `base`, older absolute ones as they are. */
function fromManifest(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

/** A manifest read from disk with every path made absolute (either version), and the file it came from. */
export interface ReadManifest {
  file: string;
  manifest: ExportManifest;
  /** The absolute output, input and test-set paths. */
  output: string;
  workspace: string | undefined;
  inputs: InputFile[];
  testSets: ExportManifest['testSets'];
}

export async function readManifest(file: string): Promise<ReadManifest> {
  let manifest: ExportManifest;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8')) as ExportManifest;
  } catch (e) {
    throw new Error(`${file}:1: not a readable export manifest (${(e as Error).message})`, { cause: e });
  }
  if (manifest.tool !== 'mistakebook' || typeof manifest.output?.path !== 'string') throw new Error(`${file}:1: not a Mistakebook export manifest`);
  const dir = dirname(file);
  const workspace = manifest.workspace === undefined ? undefined : resolve(dir, manifest.workspace);
  // Version 1 stored absolute paths; version 2 stores inputs relative to the workspace.
  const inputBase = workspace ?? dir;
  return {
    file,
    manifest,
    output: fromManifest(dir, manifest.output.path),
    workspace,
    inputs: (manifest.inputs ?? []).map((i) => ({ ...i, path: fromManifest(inputBase, i.path) })),
    testSets: (manifest.testSets ?? []).map((t) => ({ ...t, path: fromManifest(inputBase, t.path) })),
  };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * The manifest describing `outputFile`: `<output>.manifest.json`, else an older `<name>.manifest.json`
 * whose output is this very file (it may describe the `.json` twin instead); undefined when none.
 */
export async function findManifest(outputFile: string): Promise<string | undefined> {
  const current = manifestPathFor(outputFile);
  if (await exists(current)) return current;
  const legacy = legacyManifestPathFor(outputFile);
  if (legacy === outputFile || !(await exists(legacy))) return undefined;
  try {
    // Older manifests hold the output's absolute path; its name is enough, as the folder may have moved.
    return basename((await readManifest(legacy)).output) === basename(outputFile) ? legacy : undefined;
  } catch {
    return undefined; // not a manifest of ours: not this output's
  }
}

/** The files an export to `outputFile` would replace: the output itself and its manifest (either name). */
export async function filesAnExportReplaces(outputFile: string): Promise<string[]> {
  const found: string[] = [];
  if (await exists(outputFile)) found.push(outputFile);
  const manifest = await findManifest(outputFile);
  if (manifest !== undefined) found.push(manifest);
  return found;
}

/** An export that would replace files and was not told it may. */
export class ExportWouldOverwriteError extends Error {
  constructor(readonly files: readonly string[]) {
    super(`refusing to overwrite ${files.join(' and ')}: choose another file name, or allow overwriting (--force on the command line)`);
    this.name = 'ExportWouldOverwriteError';
  }
}

/**
 * What an export wrote, for its front ends: "9 examples (4 gold, 2 augmented, 3 corrections);
 * 3 duplicates removed (3 exact duplicates)", or "…; no duplicates".
 */
export function describeExport(m: Pick<ExportManifest, 'examples' | 'written' | 'duplicatesRemoved' | 'duplicateReasons'>): string {
  const written = `${m.examples} examples (${m.written.gold} gold, ${m.written.augmented} augmented, ${m.written.correction} corrections)`;
  const removed = m.duplicatesRemoved ?? 0;
  if (removed === 0) return `${written}; no duplicates`;
  const reasons = Object.entries(m.duplicateReasons ?? {}).map(([why, n]) => `${n} ${why}${n === 1 ? '' : 's'}`);
  return `${written}; ${removed} ${removed === 1 ? 'duplicate' : 'duplicates'} removed (${reasons.join(', ')})`;
}
