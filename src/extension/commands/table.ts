/**
 * The command table: every command of the extension, one row each (in the spirit of rust-analyzer's
 * createCommands and the CLI's src/cli/commands.ts). installCommands() registers them in one loop.
 */
import * as vscode from 'vscode';
import type { Context } from '../context';
import type { MoreNode } from '../views/datasetsView';
import { addCorrectionToPrompt } from './addCorrection';
import { assignReview } from './assignReview';
import { record } from './args';
import { exportFineTuningDataCommand } from './export';
import { cancelFineTune, runLemaExperiment, showExperimentReport } from './experiment';
import { clearFilters, filterTree, searchQuestions, toggleFilter } from './filters';
import { Commands, WorkbenchCommands } from './ids';
import { openDataset } from './openDataset';
import { openQuestionSource, showQuestion } from './questions';
import { editFewShotPrompt, newFewShotPrompt, previewCorrectionRequest, treatAsFewShot } from './prompts';
import { rateCorrection } from './rate';
import { regrade } from './regrade';
import { renameRun } from './renameRun';
import { regenerate } from './regenerate';
import type { CommandRow } from './register';
import { augmentCotData, cancelRun, classifyErrorTypes, critiqueSolutions, evaluateModel, generateCorrections, resumeRun, sampleReasoningPaths, type RunTarget, type SameRunChoice } from './runs';
import { selectEndpoint } from './selectEndpoint';
import { setApiKey } from './setApiKey';
import { tryPrompt } from './tryPrompt';
import { blindReview, compareVariants, correctWithAnotherPrompt } from './variants';

/** Run commands take the clicked item and the multi-selection (tree menus), a dataset Uri, or a run id. */
const onTargets =
  (command: (ctx: Context, target?: RunTarget, selection?: readonly RunTarget[]) => Promise<unknown>) =>
  (ctx: Context, target?: unknown, selection?: unknown): Promise<unknown> =>
    command(ctx, target as RunTarget | undefined, Array.isArray(selection) ? (selection as RunTarget[]) : undefined);

function sameRunOption(options: unknown): { sameRun?: SameRunChoice } {
  const sameRun = record(options)['sameRun'];
  return sameRun === 'new' || sameRun === 'existing' || sameRun === 'ask' ? { sameRun } : {};
}

/** "Reveal in Datasets tree" for a path of a run; false when the filters hide it. */
async function revealInTree(ctx: Context, runId?: unknown, pathId?: unknown): Promise<boolean> {
  if (typeof runId !== 'string' || typeof pathId !== 'string') throw new Error('Reveal in Datasets tree needs a run id and a path id.');
  if (await ctx.revealPath(runId, pathId, true)) return true;
  void vscode.window.showInformationMessage('Mistakebook: this path is not in the Datasets tree (a filter may hide it; clear the filters).');
  return false;
}

export const COMMAND_TABLE: readonly CommandRow[] = [
  // Runs
  {
    id: Commands.sampleReasoningPaths,
    // A third argument { sameRun: 'new' | 'existing' } answers the twin-run question in advance (tests, keybindings).
    run: (ctx, target, selection, options) =>
      sampleReasoningPaths(ctx, target as RunTarget | undefined, Array.isArray(selection) ? (selection as RunTarget[]) : undefined, sameRunOption(options)),
    callsModels: true,
  },
  { id: Commands.generateCorrections, run: onTargets(generateCorrections), callsModels: true },
  { id: Commands.augmentCotData, run: onTargets(augmentCotData), callsModels: true },
  { id: Commands.evaluateModel, run: onTargets(evaluateModel), callsModels: true },
  { id: Commands.critiqueSolutions, run: onTargets(critiqueSolutions), callsModels: true },
  { id: Commands.classifyErrorTypes, run: onTargets(classifyErrorTypes), callsModels: true },
  { id: Commands.resumeRun, run: onTargets(resumeRun), callsModels: true },
  { id: Commands.cancelRun, run: (ctx, target) => cancelRun(ctx, target as RunTarget | undefined) },
  {
    id: Commands.openRunFolder,
    run: (_ctx, target) => {
      const dir = record(record(target)['run'])['dir'];
      return typeof dir === 'string' ? vscode.commands.executeCommand(WorkbenchCommands.revealInExplorer, vscode.Uri.file(dir)) : undefined;
    },
  },
  { id: Commands.refreshRuns, run: (ctx) => ctx.runsChanged() },
  { id: Commands.regradeRun, run: regrade },
  { id: Commands.renameRun, run: renameRun },
  // Endpoints and keys
  { id: Commands.setApiKey, run: setApiKey },
  { id: Commands.selectEndpoint, run: selectEndpoint },
  // Datasets tree
  { id: Commands.openDataset, run: openDataset },
  { id: Commands.refreshDatasets, run: (ctx) => ctx.datasets.refreshAll() },
  { id: Commands.showQuestion, run: showQuestion },
  { id: Commands.openQuestionSource, run: openQuestionSource },
  { id: Commands.loadMoreQuestions, run: (ctx, node) => ctx.datasets.loadMore((node as MoreNode).dataset) },
  { id: Commands.revealInTree, run: revealInTree },
  { id: Commands.filterMistakes, run: toggleFilter('onlyMistakes') },
  { id: Commands.filterUnverified, run: toggleFilter('onlyUnverified') },
  { id: Commands.filterUnrated, run: toggleFilter('onlyUnrated') },
  // Step-level truth
  { id: Commands.filterStepDisagreement, run: toggleFilter('onlyStepDisagreement') },
  { id: Commands.searchQuestions, run: searchQuestions },
  { id: Commands.clearFilters, run: clearFilters },
  { id: Commands.filterTree, run: filterTree },
  // Review
  { id: Commands.showMistake, run: (ctx, ...args) => ctx.mistakeView.show(...args) },
  { id: Commands.rateCorrection, run: rateCorrection },
  { id: Commands.regenerateCorrection, run: regenerate, callsModels: true },
  // Few-shot prompts
  { id: Commands.newFewShotPrompt, run: newFewShotPrompt },
  { id: Commands.editFewShotPrompt, run: editFewShotPrompt },
  { id: Commands.treatAsFewShot, run: treatAsFewShot },
  { id: Commands.addCorrectionToPrompt, run: addCorrectionToPrompt },
  { id: Commands.previewCorrectionRequest, run: previewCorrectionRequest },
  { id: Commands.tryPromptOnMistake, run: tryPrompt, callsModels: true },
  // Results
  { id: Commands.exportFineTuningData, run: exportFineTuningDataCommand },
  { id: Commands.showStatistics, run: (ctx) => ctx.statsView.show() },
  // Several raters (issue 18)
  { id: Commands.filterDisagreements, run: toggleFilter('onlyDisagreements') },
  { id: Commands.assignReview, run: assignReview },
  // Issue 19: fine-tune and compare CoT-only against LEMA.
  { id: Commands.runLemaExperiment, run: (ctx, options) => runLemaExperiment(ctx, options), callsModels: true },
  { id: Commands.cancelFineTune, run: (ctx, node) => cancelFineTune(ctx, node), callsModels: true },
  { id: Commands.showExperimentReport, run: (ctx, id) => showExperimentReport(ctx, id) },
  // Correction variants
  { id: Commands.correctWithAnotherPrompt, run: correctWithAnotherPrompt, callsModels: true },
  { id: Commands.compareVariants, run: compareVariants },
  { id: Commands.blindReview, run: blindReview },
];
