import * as vscode from 'vscode';
import { DEFAULT_PRICES } from '../core/llm/usage';
import { loadStats, type StatsFilter } from '../core/stats';
import { isStatsViewMessage, type HostToStatsView, type TreeFilter } from '../shared/statsProtocol';
import { readSettings } from './config';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** The tree's filter command; the statistics view uses it when it exists (the Datasets view owns it). */
const FILTER_TREE = 'mistakebook.filterTree';
/** A stage writes many rows a second; the charts are read again once it pauses this long. */
const RELOAD_AFTER_MS = 1000;

/** The statistics view (one at a time, reused): charts of `core/stats` over the workspace's runs. */
export class StatsPanel {
  private static current: StatsPanel | undefined;
  private filter: StatsFilter = { runs: [], models: [] };
  /** Each load gets a number, so a slow earlier load never overwrites a later one. */
  private loads = 0;
  /** Runs changed while the panel was hidden: read them when it shows again. */
  private stale = false;

  static show(extensionUri: vscode.Uri): StatsPanel {
    if (StatsPanel.current) {
      StatsPanel.current.panel.reveal();
      void StatsPanel.current.load();
      return StatsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('mistakebook.statistics', 'Mistakebook Statistics', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    StatsPanel.current = new StatsPanel(panel, extensionUri);
    return StatsPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'stats', 'Mistakebook Statistics');
    const watcher = vscode.workspace.createFileSystemWatcher('**/.mistakebook/runs/**');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const runsChanged = (): void => {
      timer ??= setTimeout(() => {
        timer = undefined;
        if (panel.visible) void this.load();
        else this.stale = true;
      }, RELOAD_AFTER_MS);
    };
    const subscriptions = [
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      watcher,
      watcher.onDidCreate(runsChanged),
      watcher.onDidChange(runsChanged),
      watcher.onDidDelete(runsChanged),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) void this.load();
      }),
    ];
    panel.onDidDispose(() => {
      StatsPanel.current = undefined;
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    });
  }

  private async receive(message: unknown): Promise<void> {
    if (!isStatsViewMessage(message)) return;
    switch (message.type) {
      case 'ready':
      case 'refresh':
        return this.load();
      case 'setFilter':
        this.filter = message.filter;
        return this.load();
      case 'filterTree':
        return this.filterTree(message.filter);
    }
  }

  private async load(): Promise<void> {
    const load = ++this.loads;
    this.stale = false;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder === undefined) {
      this.post({ type: 'error', message: 'Open a folder: statistics are read from its .mistakebook/runs.' });
      return;
    }
    this.post({ type: 'loading' });
    try {
      const report = await loadStats(folder.uri.fsPath, this.filter, { prices: { ...DEFAULT_PRICES, ...readSettings().prices } });
      if (load === this.loads) this.post({ type: 'stats', report });
    } catch (e) {
      if (load === this.loads) this.post({ type: 'error', message: `Cannot read the runs: ${(e as Error).message}` });
    }
  }

  private async filterTree(filter: TreeFilter): Promise<void> {
    const applied = (await vscode.commands.getCommands(true)).includes(FILTER_TREE);
    // The command also focuses the Datasets view, so the filtered rows are in sight.
    const done = applied && (await vscode.commands.executeCommand(FILTER_TREE, filter).then(() => true, () => false));
    this.post({ type: 'filtered', label: filter.label, applied: done });
  }

  private post(message: HostToStatsView): void {
    void this.panel.webview.postMessage(message);
  }
}
