/**
 * "Export Fine-tuning Data…": with arguments (tests, other extensions, keybindings) it exports
 * straight away and returns the result; without, it asks what to export, in which format and where.
 */
import * as vscode from 'vscode';
import { basename, isAbsolute, join } from 'node:path';
import {
  describeExport,
  ensureExportFolder,
  EXPORT_CONTENTS,
  EXPORT_FORMATS,
  exportFineTuningData,
  filesAnExportReplaces,
  formatExtension,
  TestSetOverlapError,
  type ExportContent,
  type ExportFilters,
  type ExportFormat,
  type ExportResult,
} from '../../core/export';
import { listRuns } from '../../core/store/listRuns';
// Step-level truth: process labels for reward models, and the error-type filter.
import { describeProcessLabels, exportProcessLabels, type ProcessLabelResult } from '../../core/export/processLabels';
import type { ErrorType } from '../../core/truth/errorTypes';
import type { TaskId } from '../../core/task/task';
import { readExportSettings } from '../config';
import { askVariants } from './exportVariants';
import type { Context } from '../context';
import { reviewSettings } from '../raters';

/** The command's arguments; everything but `output` has the default of the CLI. */
export interface ExportCommandArgs {
  output: string;
  /** Replace an existing output and its manifest; without it the command refuses (ExportWouldOverwriteError). */
  overwrite?: boolean;
  /** `prm`: process labels (`export --format prm`), not fine-tuning examples. */
  format?: ExportFormat | 'prm';
  /** prm: correct paths too, every step 1. */
  includeCorrectPaths?: boolean;
  /** Only corrections (prm: mistakes) of these error types. */
  errorTypes?: ErrorType[];
  /** Only corrections of these correction variants (ids, id starts or "original"); absent = all. */
  variants?: string[];
  content?: ExportContent;
  runs?: string[];
  models?: string[];
  tasks?: TaskId[];
  verifiedOnly?: boolean;
  minRating?: 'good' | 'excellent';
  size?: number;
  sizeLike?: ExportContent;
  seed?: number;
  /** Added to the setting mistakebook.export.testSets. */
  testSets?: string[];
  /** The folder holding .mistakebook/runs; default the runs folder of the window (see workspace.ts). */
  workspace?: string;
}

const CONTENT_LABELS: Record<ExportContent, string> = {
  both: 'CoT + corrections (LEMA)',
  cot: 'CoT only (gold solutions and correct augmented paths)',
  correction: 'Corrections only (mistake → incorrect step, explanation, corrected solution)',
};

const PRM_LABEL = 'Process labels for reward models (steps labelled 1 up to the first wrong one, 0 for it)';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  'prompt-completion': 'prompt/completion JSONL (LEMA, QLoRA)',
  'openai-chat': 'OpenAI chat fine-tuning JSONL',
  alpaca: 'Alpaca JSON',
  sharegpt: 'ShareGPT JSON',
};

/** Arguments given by a caller, as opposed to a tree node or nothing (from a menu or the palette). */
function isExportArgs(value: unknown): value is ExportCommandArgs {
  return typeof value === 'object' && value !== null && typeof (value as { output?: unknown }).output === 'string';
}

export async function exportFineTuningDataCommand(ctx: Context, given?: unknown): Promise<ExportResult | ProcessLabelResult | undefined> {
  const args = isExportArgs(given) ? given : undefined;
  const workspaceDir = args?.workspace ?? ctx.workspaceDir;
  if (workspaceDir === undefined) {
    if (args !== undefined) throw new Error('Export Fine-tuning Data needs an open folder (or args.workspace): runs are read from its .mistakebook/runs.');
    void vscode.window.showErrorMessage('Open a folder first: runs are read from its .mistakebook/runs.');
    return undefined;
  }
  const request = args ?? (await ask(workspaceDir, (line) => ctx.output.log(line)));
  if (request === undefined) return undefined;
  const configured = readExportSettings();
  const filters: ExportFilters = {
    verifiedOnly: request.verifiedOnly ?? true,
    ...(request.runs === undefined ? {} : { runs: request.runs }),
    ...(request.models === undefined ? {} : { models: request.models }),
    ...(request.tasks === undefined ? {} : { tasks: request.tasks }),
    ...(request.minRating === undefined ? {} : { minRating: request.minRating }),
    // Several raters (issue 18): the rating in force follows the setting; the manifest records it.
    ratingRule: reviewSettings().rule,
    ...(request.errorTypes === undefined ? {} : { errorTypes: request.errorTypes }),
    ...(request.variants === undefined ? {} : { variants: request.variants }),
  };
  if (request.format === 'prm') return exportLabels(ctx, workspaceDir, request, args !== undefined);
  const format = request.format;
  const testSets = [...configured.testSets, ...(request.testSets ?? [])].map((f) => (isAbsolute(f) ? f : join(workspaceDir, f)));
  const run = (): Promise<ExportResult> =>
    exportFineTuningData({
      workspaceDir,
      output: isAbsolute(request.output) ? request.output : join(workspaceDir, request.output),
      overwrite: request.overwrite === true,
      format: format ?? 'prompt-completion',
      content: request.content ?? 'both',
      filters,
      templates: configured.templates,
      seed: request.seed ?? configured.seed,
      ...(request.size === undefined ? {} : { size: request.size }),
      ...(request.sizeLike === undefined ? {} : { sizeLike: request.sizeLike }),
      testSets,
      toolVersion: ctx.version,
    });
  if (args !== undefined) return run();

  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Exporting fine-tuning data…' }, run);
    const open = await vscode.window.showInformationMessage(
      `Exported ${describeExport(result.manifest)}.`,
      'Open File',
      'Open Manifest',
    );
    if (open !== undefined) await vscode.window.showTextDocument(vscode.Uri.file(open === 'Open File' ? result.output : result.manifestPath));
    return result;
  } catch (e) {
    const message = (e as Error).message;
    if (e instanceof TestSetOverlapError) void vscode.window.showErrorMessage('Export refused: test-set questions in the training data', { modal: true, detail: message });
    else void vscode.window.showErrorMessage(`Export failed: ${message}`);
    return undefined;
  }
}

/** Process labels: straight away for a caller, with progress and an Open button from the menu. */
async function exportLabels(ctx: Context, workspaceDir: string, request: ExportCommandArgs, forCaller: boolean): Promise<ProcessLabelResult | undefined> {
  const run = (): Promise<ProcessLabelResult> =>
    exportProcessLabels({
      workspaceDir,
      output: isAbsolute(request.output) ? request.output : join(workspaceDir, request.output),
      overwrite: request.overwrite === true,
      ...(request.runs === undefined ? {} : { runs: request.runs }),
      ...(request.models === undefined ? {} : { models: request.models }),
      ...(request.errorTypes === undefined ? {} : { errorTypes: request.errorTypes }),
      ...(request.variants === undefined ? {} : { variants: request.variants }),
      includeCorrectPaths: request.includeCorrectPaths === true,
      toolVersion: ctx.version,
    });
  if (forCaller) return run();
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Exporting process labels…' }, run);
    const open = await vscode.window.showInformationMessage(`Exported ${describeProcessLabels(result.manifest)}.`, 'Open File', 'Open Manifest');
    if (open !== undefined) await vscode.window.showTextDocument(vscode.Uri.file(open === 'Open File' ? result.output : result.manifestPath));
    return result;
  } catch (e) {
    void vscode.window.showErrorMessage(`Export failed: ${(e as Error).message}`);
    return undefined;
  }
}

/** The questions of the interactive export, one quick pick each; undefined when the user backs out. */
async function ask(workspaceDir: string, log: (line: string) => void): Promise<ExportCommandArgs | undefined> {
  const content = await vscode.window.showQuickPick(
    // Step-level truth: process labels are one more thing to export, with a format of their own.
    [...EXPORT_CONTENTS.map((c) => ({ label: CONTENT_LABELS[c], value: c as ExportContent | 'prm' })), { label: PRM_LABEL, value: 'prm' as const }],
    { title: 'Export Fine-tuning Data (1/4): what to export', ignoreFocusOut: true },
  );
  if (content === undefined) return undefined;
  const contentValue = content.value;
  const format =
    contentValue === 'prm'
      ? { value: 'prm' as const }
      : await vscode.window.showQuickPick(
          EXPORT_FORMATS.map((f) => ({ label: FORMAT_LABELS[f], value: f as ExportFormat | 'prm' })),
          { title: 'Export Fine-tuning Data (2/4): file format', ignoreFocusOut: true },
        );
  if (format === undefined) return undefined;
  const verified = { label: 'Verified corrections only', description: 'eq. 2: the corrected solution reaches the gold answer', picked: true };
  const rated = { label: 'Rated at least good', description: 'drops poor and unrated corrections', picked: false };
  // Process labels come from verified corrections only, rated or not: there is nothing to choose.
  const filters = contentValue === 'prm' ? [verified] : await vscode.window.showQuickPick([verified, rated], { title: 'Export Fine-tuning Data (3/4): filters', canPickMany: true, ignoreFocusOut: true });
  if (filters === undefined) return undefined;
  const runs = (await listRuns(workspaceDir)).filter((r) => r.info !== undefined);
  let chosenRuns: string[] | undefined;
  if (runs.length > 1) {
    const picked = await vscode.window.showQuickPick(
      runs.map((r) => ({ label: r.id, description: `${r.info?.task ?? ''} · ${r.status}`, picked: true })),
      { title: 'Export Fine-tuning Data (4/4): runs', canPickMany: true, ignoreFocusOut: true },
    );
    if (picked === undefined || picked.length === 0) return undefined;
    chosenRuns = picked.map((p) => p.label);
  }
  // Correction variants: asked only when a chosen run has several (CoT alone has no corrections).
  const variants = contentValue === 'cot' ? undefined : await askVariants(workspaceDir, chosenRuns ?? runs.map((r) => r.id), log);
  if (variants === null) return undefined;
  // Made first, so the dialog opens in it instead of offering to create it.
  const folder = await ensureExportFolder(workspaceDir);
  const target = await vscode.window.showSaveDialog({
    title: 'Save the training file (its manifest goes beside it)',
    defaultUri: vscode.Uri.file(join(folder, format.value === 'prm' || contentValue === 'prm' ? 'process-labels.jsonl' : `lema-${contentValue}${formatExtension(format.value)}`)),
    filters: { 'Training data': [format.value === 'prm' ? 'jsonl' : formatExtension(format.value).slice(1)] },
  });
  if (target === undefined) return undefined;
  const existing = await filesAnExportReplaces(target.fsPath);
  if (existing.length > 0) {
    const replace = 'Replace';
    const answer = await vscode.window.showWarningMessage(
      `Replace ${existing.map((f) => basename(f)).join(' and ')}?`,
      { modal: true, detail: 'An export is already there; its file and its manifest would be overwritten. Choose Cancel to keep them and pick another name.' },
      replace,
    );
    if (answer !== replace) return undefined;
  }
  return {
    output: target.fsPath,
    overwrite: existing.length > 0,
    ...(contentValue === 'prm' ? {} : { content: contentValue }),
    format: format.value,
    verifiedOnly: filters.includes(verified),
    ...(filters.includes(rated) ? { minRating: 'good' as const } : {}),
    ...(chosenRuns === undefined ? {} : { runs: chosenRuns }),
    ...(variants === undefined ? {} : { variants }),
  };
}
