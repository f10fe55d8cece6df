/**
 * The manifest written beside each export: what went in (files with sha256), which filters and
 * seed chose the examples, how many each source gave and why the rest were dropped. With it, a
 * training set in a paper's appendix can be rebuilt and checked.
 */
import type { RatingValue } from '../store/ratings';
import type { TaskId } from '../task/task';
import type { InputFile, SourceCount } from './collect';
import type { ExampleSource, ExportContent } from './example';
import type { ExportFormat } from './formats';
import type { ExportTemplates } from './templates';

export interface ExportManifest {
  tool: 'mistakebook';
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
  };
  /** The size asked for and where it came from ("the size of the both set"), or null for every example. */
  size: { requested: number; matched: ExportContent | null } | null;
  templates: ExportTemplates;
  /** Per source: records read, kept by the filters, dropped by reason. */
  sources: Record<ExampleSource, SourceCount>;
  /** Examples in the file, per source. */
  written: Record<ExampleSource, number>;
  examples: number;
  testSets: Array<{ path: string; sha256: string; questions: number }>;
  inputs: InputFile[];
  output: { path: string; sha256: string };
}

/** `train.jsonl` → `train.manifest.json`, in the same folder. */
export function manifestPathFor(outputFile: string): string {
  return `${outputFile.replace(/\.(jsonl|json)$/i, '')}.manifest.json`;
}
