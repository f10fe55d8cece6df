/** The LEMA loop as resumable jobs over a run's store (DESIGN.md §2–3). */
export { createRun } from './createRun';
export type { EvaluationConfig, ModelConfig, RunConfig, Sampling } from './config';
export { runStages, PIPELINE_STAGES, type RunOptions, type StageResult } from './runStages';
export type { PipelineStage, ProgressEvent } from './progress';
export { correctMistake, regenerateCorrection, type OneCorrection, type RegenerateOptions } from './correct';
export { readMistakes, type MistakeWithCorrections } from '../runs/loadRun';
export type { CorrectionRecord, ErrorRecord, EvaluationQuestion, EvaluationRecord, FailureKind, PathRecord } from './records';
export { collectBatch, submitBatch, type BatchReport, type BatchStage } from './batch';
export { importPaths, IMPORT_FORMATS, type ImportFormat, type ImportReport } from './import';
export { regradeRun, REGRADE_LOG, type RegradeChange, type RegradeSummary, type RegradeTableCount } from './regrade';
export { explainCorrectionVerdict, explainPathVerdict } from './verdicts';
export { readErrorLog, type ErrorLog } from './errorLog';
export { estimateStage, describeEstimate, overThreshold, DEFAULT_COST_THRESHOLD, type StageEstimate, type CostThreshold } from './estimate';
