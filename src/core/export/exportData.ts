/**
 * One export, start to end: collect references to the examples, filter, guard against the test
 * set, size, then write the file example by example (each read back where it was found) and the
 * manifest. Memory holds references, never the whole set's text.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { writeFileAtomic } from '../store/atomicWrite';
import { sha256File } from '../store/fileHash';
import { collectExamples, ExampleLoader, type Collected, type ExampleRef, type ExportFilters } from './collect';
import { EXAMPLE_SOURCES, inContent, type ExampleSource, type ExportContent } from './example';
import { fileRenderer, type ExportFormat } from './formats';
import { manifestPathFor, type ExportManifest } from './manifest';
import { OutputFile } from './outputFile';
import { chooseExamples } from './sample';
import { DEFAULT_TEMPLATES, type ExportTemplates } from './templates';
import { readTestQuestions, TestSetOverlapError, testLookup, type Overlap, type TestQuestion } from './testSetGuard';

export interface ExportRequest {
  workspaceDir: string;
  /** The file to write; its manifest goes beside it. */
  output: string;
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
  toolVersion: string;
  onDiagnostic?: (d: Diagnostic) => void;
}

export interface ExportResult {
  output: string;
  manifestPath: string;
  manifest: ExportManifest;
}

export async function exportFineTuningData(request: ExportRequest): Promise<ExportResult> {
  if (request.size !== undefined && request.sizeLike !== undefined) throw new Error('give a size or a set to match in size, not both');
  const onDiagnostic = request.onDiagnostic ?? (() => undefined);
  const templates: ExportTemplates = { ...DEFAULT_TEMPLATES, ...request.templates };
  const output = resolve(request.workspaceDir, request.output);
  const testSets: ExportManifest['testSets'] = [];
  const tests: TestQuestion[] = [];
  for (const file of request.testSets ?? []) {
    const path = resolve(request.workspaceDir, file);
    const questions = await readTestQuestions(path, onDiagnostic);
    testSets.push({ path, sha256: await sha256File(path), questions: questions.length });
    for (const q of questions) tests.push(q);
  }
  const collected = await collectExamples(request.workspaceDir, request.filters, onDiagnostic, testLookup(tests));

  const chosen = collected.examples.filter((e) => inContent(e.source, request.content));
  const overlap = chosen.flatMap((e): Overlap[] => (e.overlap === undefined ? [] : [{ example: { ...e.overlap, source: e.source, runId: collected.runs[e.run] ?? '' }, test: e.overlap.test }]));
  if (overlap.length > 0) throw new TestSetOverlapError(overlap);

  const size = request.sizeLike === undefined ? request.size : collected.examples.filter((e) => inContent(e.source, request.sizeLike as ExportContent)).length;
  const what = request.content === 'both' ? 'examples' : `${request.content} examples`;
  const examples = chooseExamples(chosen, request.seed, size, what);
  if (examples.length === 0) {
    throw new Error(`nothing to export: the filters leave no ${what} in runs ${collected.runs.join(', ') || '(none found)'}. ${describeDrops(collected.counts)}`);
  }

  await mkdir(dirname(output), { recursive: true });
  const outputSha256 = writeExamples(output, examples, collected, request.format, templates);

  const manifest: ExportManifest = {
    tool: 'mistakebook',
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
    },
    size: size === undefined ? null : { requested: size, matched: request.sizeLike ?? null },
    templates,
    sources: collected.counts,
    written: countBySource(examples),
    examples: examples.length,
    testSets,
    inputs: [...collected.inputs, ...testSets.map((t) => ({ role: 'test set' as const, path: t.path, sha256: t.sha256 }))],
    output: { path: output, sha256: outputSha256 },
  };
  const manifestPath = manifestPathFor(output);
  await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { output, manifestPath, manifest };
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
