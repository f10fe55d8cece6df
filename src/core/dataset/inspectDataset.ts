import type { Diagnostic } from '../diagnostic';
import type { TaskId } from '../task/task';
import type { DatasetFormat } from './formats';
import { readDataset, type ReadDatasetOptions } from './readDataset';
import type { Container } from './readSource';

export interface InspectOptions extends ReadDatasetOptions {
  /** Keep at most this many diagnostics (all are still counted). Default 100. */
  maxDiagnostics?: number;
}

/** A dataset file at a glance: what it is, how many questions load, what is wrong with the rest. */
export interface DatasetSummary {
  file: string;
  /** Null when no record was readable or the format could not be told. */
  format: DatasetFormat | null;
  /** Whether the format was detected (true) or given by the caller (false). */
  detected: boolean;
  task: TaskId | null;
  container: Container | null;
  questionCount: number;
  errorCount: number;
  warningCount: number;
  /** The first `maxDiagnostics` diagnostics, in file order. */
  diagnostics: Diagnostic[];
}

export async function inspectDataset(file: string, options: InspectOptions = {}): Promise<DatasetSummary> {
  const max = options.maxDiagnostics ?? 100;
  const summary: DatasetSummary = {
    file, format: null, detected: false, task: null, container: null, questionCount: 0, errorCount: 0, warningCount: 0, diagnostics: [],
  };
  for await (const record of readDataset(file, options)) {
    if (record.kind === 'question') {
      summary.questionCount++;
    } else if (record.kind === 'format') {
      summary.format = record.format;
      summary.detected = record.detected;
      summary.task = record.task;
      summary.container = record.container;
    } else {
      if (record.diagnostic.severity === 'error') summary.errorCount++;
      else summary.warningCount++;
      if (summary.diagnostics.length < max) summary.diagnostics.push(record.diagnostic);
    }
  }
  return summary;
}
