import * as vscode from 'vscode';
import { DatasetsView, type DatasetsTreeNode, type MoreNode } from './datasetsView';
import { openDataset } from './commands/openDataset';
import { rateCorrection } from './commands/rateCorrection';
import { selectEndpoint } from './commands/selectEndpoint';
import { setApiKey } from './commands/setApiKey';
import { DEFAULT_PRICES } from '../core/llm/usage';
import { readSettings } from './config';
import { Output } from './output';
import { RunActivity } from './progress';
import * as run from './runCommands';
import { RunsView } from './runsView';
import { ApiKeys } from './secrets';
import { registerTreeFilters } from './treeFilters';
import { offerResume } from './resumeOnStart';
import { registerMistakeView, type MistakeViewApi } from './mistakePanel';
import { registerFewShot } from './fewshot';
import type { PromptsView } from './fewshot/promptsView';
import { exportFineTuningDataCommand } from './exportCommand';
import { StatsPanel } from './statsPanel';
import { registerRegenerate } from './commands/regenerate';
import { registerTryPrompt } from './fewshot/tryPrompt';

/** What the extension hands to its integration tests (and to other extensions): the live views. */
export interface MistakebookApi {
  datasets: DatasetsView;
  runs: RunsView;
  /** The runs this window is working on. */
  activity: RunActivity;
  /** API keys by endpoint (SecretStorage). */
  keys: ApiKeys;
  prompts: PromptsView;
  /** The mistake view: its rating and first-paint events, and Show Mistake. */
  mistakeView: MistakeViewApi;
  /** This extension's log folder, inside the user-data folder (tests search that folder for keys). */
  logUri: vscode.Uri;
  /** How long activate() took, in milliseconds (it must stay cheap: it runs before any view shows). */
  activationMs: number;
}

// Activation wires things together and does nothing slow: no dataset is read here.
export function activate(context: vscode.ExtensionContext): MistakebookApi {
  const started = performance.now();
  const workspaceDir = (): string | undefined => vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  const output = new Output();
  const keys = new ApiKeys(context.secrets);
  const activity = new RunActivity();
  const datasets = new DatasetsView({
    workspaceDir,
    datasetGlob: () => readSettings().datasetGlob,
    task: () => {
      const { task } = readSettings();
      return task === 'auto' ? undefined : task;
    },
    log: (line) => output.log(line),
  });
  const datasetsTree = vscode.window.createTreeView('mistakebook.datasets', { treeDataProvider: datasets, showCollapseAll: true, canSelectMany: true });
  const runs = new RunsView(workspaceDir, activity, () => ({ ...DEFAULT_PRICES, ...readSettings().prices }));
  const runCtx: run.RunCommandContext = { workspaceDir, keys, output, activity, datasets, runs, datasetSelection: () => datasetsTree.selection };
  const runCommand = (id: string, command: (ctx: run.RunCommandContext, target?: run.RunTarget, selection?: readonly run.RunTarget[]) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(`mistakebook.${id}`, (target?: run.RunTarget, selection?: readonly run.RunTarget[]) => command(runCtx, target, selection));
  const fewShot = registerFewShot(context);
  const mistakeView = registerMistakeView(context, (line) => output.log(line));
  context.subscriptions.push(
    output,
    activity,
    datasetsTree,
    vscode.window.createTreeView('mistakebook.runs', { treeDataProvider: runs, canSelectMany: true }),
    activity.onDidChange(() => runs.redraw()),
    runCommand('sampleReasoningPaths', run.sampleReasoningPaths),
    runCommand('generateCorrections', run.generateCorrections),
    runCommand('augmentCotData', run.augmentCotData),
    runCommand('evaluateModel', run.evaluateModel),
    runCommand('resumeRun', run.resumeRun),
    runCommand('cancelRun', run.cancelRun),
    vscode.commands.registerCommand('mistakebook.setApiKey', (baseUrl?: string, key?: string) => setApiKey(keys, baseUrl, key)),
    vscode.commands.registerCommand('mistakebook.selectEndpoint', (given?: Parameters<typeof selectEndpoint>[1]) => selectEndpoint(keys, given)),
    vscode.commands.registerCommand('mistakebook.rateCorrection', async (target?: DatasetsTreeNode, selection?: readonly DatasetsTreeNode[], rating?: 'excellent' | 'good' | 'poor') => {
      const chosen = selection?.length ? selection : target !== undefined ? [target] : datasetsTree.selection;
      const saved = await rateCorrection(workspaceDir(), chosen, rating, (d) => output.log(`${d.file}:${d.line}: ${d.message}`));
      if (saved.length > 0) datasets.refresh();
      return saved;
    }),
    vscode.commands.registerCommand('mistakebook.openRunFolder', (target?: { kind: 'run'; run: { dir: string } }) =>
      target === undefined ? undefined : vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(target.run.dir)),
    ),
    vscode.commands.registerCommand('mistakebook.refreshRuns', () => {
      runs.refresh();
      datasets.refresh();
    }),
    vscode.commands.registerCommand('mistakebook.loadMoreQuestions', (node: MoreNode) => datasets.loadMore(node.dataset)),
    vscode.commands.registerCommand('mistakebook.revealInTree', async (runId: string, pathId: string) => {
      const node = await datasets.findPath(runId, pathId);
      if (node === undefined) {
        void vscode.window.showInformationMessage('Mistakebook: this path is not in the Datasets tree (a filter may hide it; clear the filters).');
        return false;
      }
      await datasetsTree.reveal(node, { select: true, focus: true, expand: true });
      return true;
    }),
    ...registerTreeFilters(datasets, datasetsTree),
    ...watchRuns(() => {
      runs.refresh();
      datasets.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mistakebook.datasetGlob')) datasets.rescan();
      if (e.affectsConfiguration('mistakebook.task')) datasets.setFilters({});
      if (e.affectsConfiguration('mistakebook.prices')) runs.repriced();
    }),
    vscode.commands.registerCommand('mistakebook.openDataset', (uri?: vscode.Uri) => openDataset(datasets, uri)),
    mistakeView.onDidRate(() => datasets.refresh()),
    // Ratings in the mistake view run no command; this context key ticks the walkthrough's rating step.
    mistakeView.onDidRate(() => void vscode.commands.executeCommand('setContext', 'mistakebook.ratedCorrection', true)),
    vscode.commands.registerCommand('mistakebook.exportFineTuningData', (args?: unknown) =>
      exportFineTuningDataCommand(String((context.extension.packageJSON as { version?: unknown }).version ?? ''), args),
    ),
    vscode.commands.registerCommand('mistakebook.showStatistics', () => void StatsPanel.show(context.extensionUri)),
    registerRegenerate(keys, output),
    ...registerTryPrompt(keys, output),
  );
  offerResume(runs, activity);
  const activationMs = performance.now() - started;
  output.log(`activated in ${activationMs.toFixed(1)} ms`);
  return { datasets, runs, activity, keys, prompts: fewShot.prompts, mistakeView, logUri: context.logUri, activationMs };
}

/** Runs change on disk while a stage writes, when the CLI runs one, or when a rating is saved: redraw, at most once a second. */
function watchRuns(changed: () => void): vscode.Disposable[] {
  const watcher = vscode.workspace.createFileSystemWatcher('**/.mistakebook/runs/**');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      changed();
    }, 1000);
  };
  return [watcher, watcher.onDidCreate(soon), watcher.onDidChange(soon), watcher.onDidDelete(soon), { dispose: () => clearTimeout(timer) }];
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
