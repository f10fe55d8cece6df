/** Fine-tuning sets from a workspace's runs (DESIGN.md §2 export/). */
export { exportFineTuningData, type ExportRequest, type ExportResult } from './exportData';
export { EXPORT_FORMATS, formatExtension, type ExportFormat } from './formats';
export { EXPORT_CONTENTS, type ExportContent } from './example';
export { DEFAULT_TEMPLATES, type ExportTemplates } from './templates';
export { TestSetOverlapError } from './testSetGuard';
export {
  describeExport,
  ExportWouldOverwriteError,
  filesAnExportReplaces,
  findManifest,
  legacyManifestPathFor,
  manifestPathFor,
  readManifest,
  type ExportManifest,
  type ReadManifest,
} from './manifest';
export { exampleTextKey, normaliseExampleText, type DuplicateReason } from './duplicates';
export { ensureExportFolder, EXPORT_FOLDER } from './exportFolder';
export type { ExportFilters } from './collect';
