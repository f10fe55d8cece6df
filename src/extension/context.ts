/**
 * The extension's one context (in the spirit of rust-analyzer's ctx.ts): it resolves the workspace
 * folder once, owns the keys, the output channel, the runs watcher, this window's run activity and
 * every view, and disposes all it made. Commands get it as their first argument.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../core/diagnostic';
import { indexedRun } from '../core/runs/indexedRun';
import { loadRun, type LoadedRun } from '../core/runs/loadRun';
import { RunActivity } from './activity';
import { readSettings, type MistakebookSettings } from './config';
import { reviewSettings } from './raters';
import { Output } from './output';
import { RunsWatcher } from './runsWatcher';
import { ApiKeys } from './secrets';
import { DatasetOpener } from './views/datasetOpener';
import { DatasetsView, type DatasetsTreeNode } from './views/datasetsView';
import { PromptsView } from './views/promptsView';
import { RunsView } from './views/runsView';
import { MistakeView } from './webviews/mistake/mistakePanel';
import { StatsView } from './webviews/stats/statsPanel';
import { ExperimentView } from './webviews/experiment/experimentPanel';
import { CorrectionPreview } from './language/preview';
import { ReadOnlyDocuments } from './language/readOnlyDocuments';
import { workspaceDir } from './workspace';

export class Context implements vscode.Disposable {
  /** Where runs live (see workspace.ts), fixed for the window's lifetime. */
  readonly workspaceDir: string | undefined;
  readonly output: Output;
  readonly keys: ApiKeys;
  readonly activity: RunActivity;
  readonly runsWatcher: RunsWatcher;
  readonly datasets: DatasetsView;
  readonly datasetsTree: vscode.TreeView<DatasetsTreeNode>;
  readonly datasetOpener: DatasetOpener;
  readonly runs: RunsView;
  readonly prompts: PromptsView;
  readonly mistakeView: MistakeView;
  readonly statsView: StatsView;
  /** Issue 19: the LEMA experiment's report. */
  readonly experimentView: ExperimentView;
  readonly preview: CorrectionPreview;
  readonly trials: ReadOnlyDocuments;
  readonly questions: ReadOnlyDocuments;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.workspaceDir = workspaceDir();
    this.output = this.track(new Output());
    this.keys = new ApiKeys(extension.secrets);
    this.activity = this.track(new RunActivity());
    this.runsWatcher = this.track(new RunsWatcher(this.workspaceDir));
    this.datasets = this.track(new DatasetsView(this));
    this.datasetsTree = this.track(vscode.window.createTreeView('mistakebook.datasets', { treeDataProvider: this.datasets, showCollapseAll: true, canSelectMany: true }));
    this.datasetOpener = this.track(new DatasetOpener(this.datasets, this.datasetsTree));
    this.runs = this.track(new RunsView(this));
    this.track(vscode.window.createTreeView('mistakebook.runs', { treeDataProvider: this.runs, canSelectMany: true }));
    this.prompts = this.track(new PromptsView());
    this.track(vscode.window.createTreeView('mistakebook.prompts', { treeDataProvider: this.prompts, showCollapseAll: true }));
    this.mistakeView = this.track(new MistakeView(this));
    this.statsView = this.track(new StatsView(this));
    this.experimentView = this.track(new ExperimentView(this));
    this.preview = this.track(new CorrectionPreview(this));
    this.trials = this.track(new ReadOnlyDocuments('mistakebook-trial', 'This trial was run in an earlier session; run "Try on selected mistake" again from the prompt file.'));
    this.questions = this.track(new ReadOnlyDocuments('mistakebook-question', 'Click the question in the Datasets view again to show it.'));
    this.track(
      this.activity.onDidChange(() => this.runs.redraw()),
      this.runsWatcher.onDidChange(() => this.runsChanged()),
      this.mistakeView.onDidRate(() => this.datasets.refresh()),
      this.mistakeView.onDidLabel(() => this.datasets.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('mistakebook.datasetGlob')) this.datasets.rescan();
        if (e.affectsConfiguration('mistakebook.task')) this.datasets.setFilters({});
        if (e.affectsConfiguration('mistakebook.prices')) this.runs.repriced();
        // Several raters (issue 18): another rule for the rating in force re-settles the index.
        if (e.affectsConfiguration('mistakebook.ratingInForce')) {
          void this.datasets.runIndex().then((index) => {
            index.setRatingRule(reviewSettings().rule);
            this.datasets.refresh();
          });
        }
      }),
    );
  }

  /** The settings as they are now (read on each use: the user may change them at any time). */
  settings(): MistakebookSettings {
    return readSettings();
  }

  /** The extension's version, recorded in export manifests. */
  get version(): string {
    return String((this.extension.extension.packageJSON as { version?: unknown }).version ?? '');
  }

  /**
   * A run for the mistake view: from the Datasets tree's index (refreshed first, so it holds what
   * was just written), read back record by record as mistakes are shown; a run outside that index is
   * read whole.
   */
  async reviewRun(workspaceDir: string, runId: string, onDiagnostic: (d: Diagnostic) => void): Promise<LoadedRun> {
    if (workspaceDir === this.workspaceDir) {
      const index = await this.datasets.runIndex();
      await index.refresh();
      const run = indexedRun(index, workspaceDir, runId);
      if (run !== undefined) return run;
    }
    return loadRun(workspaceDir, runId, onDiagnostic, reviewSettings().rule);
  }

  /**
   * Shows a run's path in the Datasets tree (loading pages of its dataset until its question is
   * listed). False when no run has it or a filter hides it. Quietly (no focus) when the mistake view
   * follows its mistake in the tree: then only the pages already read are searched.
   */
  async revealPath(runId: string, pathId: string, focus: boolean): Promise<boolean> {
    // A quiet reveal (the mistake view following its mistake) never pages through a big dataset.
    const node = await this.datasets.findPath(runId, pathId, { loadedPagesOnly: !focus });
    if (node === undefined) return false;
    await this.datasetsTree.reveal(node, { select: true, focus, expand: focus });
    return true;
  }

  /** Runs changed on disk (a stage, the CLI, a rating): every view that shows runs reads them again. */
  runsChanged(): void {
    this.runs.refresh();
    this.datasets.refresh();
  }

  /** Keeps what was made until the extension is deactivated. Returns the first one, for chaining. */
  track<T extends vscode.Disposable>(first: T, ...more: vscode.Disposable[]): T {
    this.disposables.push(first);
    for (const d of more) this.disposables.push(d);
    return first;
  }

  dispose(): void {
    // Last made, first gone: views go before the watcher and the channel they log to.
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
