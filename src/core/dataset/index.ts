/** Reading the user's dataset files: the questions they hold, and what is wrong with the rest. */
export { readDataset, type DatasetRecord, type ReadDatasetOptions } from './readDataset';
export { inspectDataset, type DatasetSummary, type InspectOptions } from './inspectDataset';
export { countLines } from './countLines';
export { detectFormat, DATASET_FORMATS, processBenchItem, type DatasetFormat, type FieldMapping } from './formats';
export { readRecords, type RawRecord } from './readRecords';
export type { Container } from './readSource';
export type { Question, SourceLocation } from './question';
