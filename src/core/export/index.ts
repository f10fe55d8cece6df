/** Fine-tuning sets from a workspace's runs (DESIGN.md §2 export/). */
export { exportFineTuningData, type ExportRequest, type ExportResult } from './exportData';
export { EXPORT_FORMATS, formatExtension, type ExportFormat } from './formats';
export { EXPORT_CONTENTS, type ExportContent } from './example';
export { DEFAULT_TEMPLATES, type ExportTemplates } from './templates';
export { TestSetOverlapError } from './testSetGuard';
export { manifestPathFor, type ExportManifest } from './manifest';
export type { ExportFilters } from './collect';
