/** A dataset's format and task, read from its first records only (the Datasets tree labels every file with it). */
import type { TaskId } from '../task/task';
import type { DatasetFormat } from './formats';
import { readDataset, type ReadDatasetOptions } from './readDataset';

export interface DetectedFormat {
  format: DatasetFormat;
  task: TaskId;
  /** False when the options named the format rather than the file's fields telling it. */
  detected: boolean;
}

/** Undefined when the first records tell nothing (the readers then report why, with the line). */
export async function peekFormat(file: string, options: ReadDatasetOptions = {}): Promise<DetectedFormat | undefined> {
  const records = readDataset(file, options);
  try {
    for await (const record of records) {
      if (record.kind === 'format') return { format: record.format, task: record.task, detected: record.detected };
      if (record.kind === 'question') return undefined;
    }
    return undefined;
  } finally {
    await records.return(undefined);
  }
}

const FORMAT_NAMES: Record<DatasetFormat, string> = {
  gsm8k: 'GSM8K',
  math: 'MATH',
  lema: 'LEMA',
  csqa: 'multiple choice (CSQA)',
  generic: 'mapped fields',
  processbench: 'ProcessBench (solutions with their earliest wrong step)',
};

/** "GSM8K", "LEMA · MATH answers", "mapped fields · multiple choice". */
export function describeFormat(f: DetectedFormat): string {
  const name = FORMAT_NAMES[f.format];
  if (f.format === 'gsm8k' || f.format === 'math' || f.format === 'csqa' || f.format === 'processbench') return name;
  return `${name} · ${f.task === 'mc' ? 'multiple choice' : f.task === 'math' ? 'MATH answers' : 'GSM8K answers'}`;
}
