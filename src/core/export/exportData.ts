/**
 * One export, start to end: refuse to replace files unless allowed, collect references to the
 * examples (exact duplicates left out), filter, guard against the test set, size, then write the
 * file example by example (each read back where it was found) and the manifest. Memory holds
 * references and hashes, never the whole set's text.
 */
import { mkdir, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { RATING_RULE_TEXT } from '../runs/ratingBook';
import { writeFileAtomic } from '../store/atomicWrite';
import { sha256File } from '../store/fileHash';
import { collectExamples, ExampleLoader, type Collected, type ExampleRef, type ExportFilters } from './collect';
import { EXAMPLE_SOURCES, inContent, type ExampleSource, type ExportContent } from './example';
import { fileRenderer, type ExportFormat } from './formats';
import { DUPLICATE_REASONS, type DuplicateReason } from './duplicates';
import { ExportWouldOverwriteError, filesAnExportReplaces, MANIFEST_VERSION, manifestPathFor, manifestRelative, type ExportManifest } from './manifest';
import { OutputFile } from './outputFile';
import { chooseExamples, topUpExamples } from './sample';
import { DEFAULT_TEMPLATES, type ExportTemplates } from './templates';
import { readTestQuestions, TestSetOverlapError, testLookup, type Overlap, type TestQuestion } from './testSetGuard';

export interface ExportRequest {
  workspaceDir: string;
  /** The file to write; its manifest goes beside it (`<output>.manifest.json`). */
  output: string;
  /** Replace an existing output and its manifest; without it such an export is refused (`ExportWouldOverwriteError`) before anything is read. */
  overwrite?: boolean;
  format: ExportFormat;
  content: ExportContent;
  filters: ExportFilters;
  templates?: Partial<ExportTemplates>;
  /** Seed of the shuffle and of size sampling. */
  seed: number;
  /** Exactly this many examples, chosen under the seed. */
  size?: number;
  /** As many examples as `content = sizeLike` would give under the same filters (the paper's equal-size control). */
  sizeLike?: ExportContent;
  /** Dataset files whose questions must not be exported. */
  testSets?: readonly string[];
  /** Issue 19 (the equal-size ablation): only examples of these sources (default: all the content has). */
  sources?: readonly ExampleSource[];
  /** With `size`: every other example is kept, and this source's examples, chosen under the seed, fill the size. */
  topUpFrom?: ExampleSource;
  toolVersion: string;
  onDiagnostic?: (d: Diagnostic) => void;
}

export interface ExportResult {
  output: string;
  manifestPath: string;
  manifest: ExportManifest;
  /** Files that were there before and were replaced (the output, its manifest under either name). */
  replaced: string[];
}

export async function exportFineTuningData(request: ExportRequest): Promise<ExportResult> {
  if (request.size !== undefined && request.sizeLike !== undefined) throw new Error('give a size or a set to match in size, not both');
  const onDiagnostic = request.onDiagnostic ?? (() => undefined);
  const templates: ExportTemplates = { ...DEFAULT_TEMPLATES, ...request.templates };
  const output = resolve(request.workspaceDir, request.output);
  const replaced = await filesAnExportReplaces(output);
  if (replaced.length > 0 && request.overwrite !== true) throw new ExportWouldOverwriteError(replaced);
  const testSets: ExportManifest['testSets'] = [];
  const tests: TestQuestion[] = [];
  for (const file of request.testSets ?? []) {
    const path = resolve(request.workspaceDir, file);
    const questions = await readTestQuestions(path, onDiagnostic);
    testSets.push({ path, sha256: await sha256File(path), questions: questions.length });
    for (const q of questions) tests.push(q);
  }
  const collected = await collectExamples(request.workspaceDir, request.filters, templates, onDiagnostic, testLookup(tests));

  const chosen = collected.examples.filter((e) => inContent(e.source, request.content) && (request.sources === undefined || request.sources.includes(e.source)));
  const overlap = chosen.flatMap((e): Overlap[] => (e.overlap === undefined ? [] : [{ example: { ...e.overlap, source: e.source, runId: collected.runs[e.run] ?? '' }, test: e.overlap.test }]));
  if (overlap.length > 0) throw new TestSetOverlapError(overlap);

  const size = request.sizeLike === undefined ? request.size : collected.examples.filter((e) => inContent(e.source, request.sizeLike as ExportContent)).length;
  const what = request.content === 'both' ? 'examples' : `${request.content} examples`;
  const examples = request.topUpFrom === undefined ? chooseExamples(chosen, request.seed, size, what) : topUpExamples(chosen, request.topUpFrom, request.seed, size, what);
  if (examples.length === 0) {
    throw new Error(`nothing to export: the filters leave no ${what} in runs ${collected.runs.join(', ') || '(none found)'}. ${describeDrops(collected.counts)}`);
  }

  await mkdir(dirname(output), { recursive: true });
  const outputSha256 = writeExamples(output, examples, collected, request.format, templates);

  const manifestPath = manifestPathFor(output);
  const here = dirname(manifestPath);
  const inWorkspace = (path: string): string => manifestRelative(request.workspaceDir, path);
  const duplicates = countDuplicates(collected.counts, request.content);
  const manifest: ExportManifest = {
    tool: 'mistakebook',
    manifestVersion: MANIFEST_VERSION,
    toolVersion: request.toolVersion,
    createdAt: new Date().toISOString(),
    format: request.format,
    content: request.content,
    seed: request.seed,
    filters: {
      runs: collected.runs,
      models: [...(request.filters.models ?? [])],
      tasks: [...(request.filters.tasks ?? [])],
      verifiedOnly: request.filters.verifiedOnly,
      minRating: request.filters.minRating ?? null,
      ratingInForce: { rule: request.filters.ratingRule ?? 'agreed', text: RATING_RULE_TEXT[request.filters.ratingRule ?? 'agreed'] },
      ...(request.filters.errorTypes === undefined || request.filters.errorTypes.length === 0 ? {} : { errorTypes: [...request.filters.errorTypes] }),
      ...(request.filters.variants === undefined || request.filters.variants.length === 0 ? {} : { variants: [...request.filters.variants] }),
    },
    size: size === undefined ? null : { requested: size, matched: request.sizeLike ?? null },
    ...(request.sources === undefined && request.topUpFrom === undefined ? {} : { only: { sources: [...(request.sources ?? EXAMPLE_SOURCES.filter((s) => inContent(s, request.content)))], topUpFrom: request.topUpFrom ?? null } }),
    templates,
    sources: collected.counts,
    duplicatesRemoved: Object.values(duplicates).reduce((a, b) => a + b, 0),
    duplicateReasons: duplicates,
    written: countBySource(examples),
    examples: examples.length,
    workspace: manifestRelative(here, resolve(request.workspaceDir)),
    testSets: testSets.map((t) => ({ ...t, path: inWorkspace(t.path) })),
    inputs: [...collected.inputs, ...testSets.map((t) => ({ role: 'test set' as const, path: t.path, sha256: t.sha256 }))].map((i) => ({ ...i, path: inWorkspace(i.path) })),
    output: { path: manifestRelative(here, output), sha256: outputSha256 },
  };
  await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  // An older manifest of the replaced file (named without its extension) would now describe bytes that are gone.
  for (const file of replaced) if (file !== output && file !== manifestPath) await unlink(file).catch(() => undefined);
  return { output, manifestPath, manifest, replaced };
}

/** Duplicates left out of the sources the content exports, by reason. */
function countDuplicates(counts: ExportManifest['sources'], content: ExportContent): Partial<Record<DuplicateReason, number>> {
  const out: Partial<Record<DuplicateReason, number>> = {};
  for (const source of EXAMPLE_SOURCES.filter((s) => inContent(s, content))) {
    for (const reason of DUPLICATE_REASONS) {
      const n = counts[source].dropped[reason] ?? 0;
      if (n > 0) out[reason] = (out[reason] ?? 0) + n;
    }
  }
  return out;
}

/** Writes the chosen examples in their shuffled order, each read back from its run's tables; returns the file's sha256. */
function writeExamples(output: string, examples: readonly ExampleRef[], collected: Collected, format: ExportFormat, templates: ExportTemplates): string {
  const loader = new ExampleLoader(collected.sources, templates);
  const file = new OutputFile(output);
  try {
    const renderer = fileRenderer(format, templates.systemMessage);
    file.write(renderer.start());
    for (const ref of examples) file.write(renderer.row(loader.load(ref)));
    file.write(renderer.end());
    return file.commit();
  } finally {
    file.discard();
    loader.close();
  }
}

function countBySource(examples: readonly ExampleRef[]): Record<ExampleSource, number> {
  const counts = Object.fromEntries(EXAMPLE_SOURCES.map((s) => [s, 0])) as Record<ExampleSource, number>;
  for (const e of examples) counts[e.source]++;
  return counts;
}

function describeDrops(counts: ExportManifest['sources']): string {
  const parts = EXAMPLE_SOURCES.map((s) => {
    const dropped = Object.entries(counts[s].dropped).map(([why, n]) => `${n} ${why}`);
    return `${s}: ${counts[s].read} read${dropped.length > 0 ? ` (${dropped.join(', ')})` : ''}`;
  });
  return `${parts.join('; ')}.`;
}
