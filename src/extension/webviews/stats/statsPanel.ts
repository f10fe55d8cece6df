/** The statistics view: one panel at a time, charts of core/stats over the runs folder, read again when runs change. */
import * as vscode from 'vscode';
import { findPromptVersion, loadStats, type PromptVersionText, type StatsFilter } from '../../../core/stats';
import { answer } from '../../../shared/messages';
import { isStatsViewMessage, type BarFilter, type HostToStatsView, type StatsViewToHost } from '../../../shared/statsProtocol';
import { Commands } from '../../commands/ids';
import { priceTable } from '../../config';
import type { Context } from '../../context';
import { reviewSettings } from '../../raters';
import { FEWSHOT_LANGUAGE } from '../../language/language';
import { ReadOnlyDocuments } from '../../language/readOnlyDocuments';
import { webviewOptions } from '../html';
import { PanelSlot, WebviewHost } from '../host';
import { PanelReloader } from '../reloader';

type Needs = Pick<Context, 'extension' | 'output' | 'workspaceDir' | 'runsWatcher' | 'settings'>;

/** Show Statistics opens (or reveals) the panel; the runs watcher keeps it current. */
export class StatsView implements vscode.Disposable {
  private readonly slot = new PanelSlot<StatsPanel>();
  private readonly disposables: vscode.Disposable[];
  private readonly loaded = new vscode.EventEmitter<StatsLoaded>();
  /** Each report sent to the page, with how long reading the runs took (tests time it at scale). */
  readonly onDidLoad = this.loaded.event;

  /** Prompt versions opened from a verify-rate label: read-only documents of their run.json text. */
  private readonly prompts = new ReadOnlyDocuments('mistakebook-prompt-version', 'This prompt version was opened in an earlier session; click its label in Statistics again.');
  /** One document per version (sha256 → its URI), so a second click shows the same tab. */
  private readonly promptUris = new Map<string, vscode.Uri>();

  constructor(private readonly ctx: Needs) {
    this.disposables = [this.slot, this.loaded, this.prompts, ctx.runsWatcher.onDidChange(() => this.slot.current?.runsChanged())];
  }

  show(): void {
    const open = this.slot.current;
    if (open !== undefined) {
      open.panel.reveal();
      void open.load();
      return;
    }
    const panel = vscode.window.createWebviewPanel('mistakebook.statistics', 'Mistakebook Statistics', vscode.ViewColumn.Active, webviewOptions(this.ctx.extension.extensionUri));
    this.slot.put(new StatsPanel(panel, this.ctx, (e) => this.loaded.fire(e), (v) => this.promptDocument(v)));
  }

  private promptDocument(version: PromptVersionText): vscode.Uri {
    let uri = this.promptUris.get(version.sha256);
    if (uri === undefined) {
      uri = this.prompts.add(version.label, version.text);
      this.promptUris.set(version.sha256, uri);
    }
    return uri;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A report the statistics view was sent: how long it took to read, and how many rows its first chart has. */
export interface StatsLoaded {
  ms: number;
  accuracyRows: number;
  paths: number;
}

class StatsPanel extends WebviewHost<HostToStatsView, StatsViewToHost> {
  private filter: StatsFilter = { runs: [], models: [] };
  /** Each load gets a number, so a slow earlier load never overwrites a later one. */
  private loads = 0;
  private readonly reloader: PanelReloader;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly ctx: Needs,
    private readonly loaded: (e: StatsLoaded) => void,
    private readonly promptDocument: (version: PromptVersionText) => vscode.Uri,
  ) {
    super(panel, { extensionUri: ctx.extension.extensionUri, bundle: 'stats', title: 'Mistakebook Statistics', isMessage: isStatsViewMessage, log: (l) => ctx.output.log(l) });
    this.reloader = new PanelReloader(panel, () => this.loadOnce());
    this.track(this.reloader);
  }

  runsChanged(): void {
    this.reloader.runsChanged();
  }

  protected onReady(): Promise<void> {
    return this.load();
  }

  protected async receive(message: StatsViewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return;
      case 'refresh':
        return this.load();
      case 'setFilter':
        this.filter = message.filter;
        return this.load();
      case 'filterTree':
        return this.filterTree(message);
      case 'openPrompt':
        return this.openPrompt(message);
    }
  }

  /** Reads the runs and sends the report, one read at a time (PanelReloader). */
  load(): Promise<void> {
    return this.reloader.load();
  }

  private async loadOnce(): Promise<void> {
    const load = ++this.loads;
    const dir = this.ctx.workspaceDir;
    if (dir === undefined) return this.post({ type: 'error', message: 'Open a folder: statistics are read from its .mistakebook/runs.' });
    await this.post({ type: 'loading' });
    const started = performance.now();
    try {
      const report = await loadStats(dir, this.filter, { prices: priceTable(this.ctx.settings()), ratingRule: reviewSettings().rule });
      if (load !== this.loads) return;
      await this.post({ type: 'stats', report });
      const paths = report.accuracy.reduce((n, r) => n + r.paths, 0);
      this.loaded({ ms: performance.now() - started, accuracyRows: report.accuracy.length, paths });
    } catch (e) {
      if (load === this.loads) await this.post({ type: 'error', message: `Cannot read the runs: ${(e as Error).message}` });
    }
  }

  /** The Datasets tree takes the bar's filter (and focuses, so the filtered rows are in sight); the page hears whether it did. */
  private async filterTree(request: { filter: BarFilter; requestId?: number }): Promise<void> {
    const applied = await vscode.commands.executeCommand(Commands.filterTree, request.filter).then(
      () => true,
      () => false,
    );
    await this.post(answer(request, { type: 'filtered' as const, label: request.filter.label, applied }));
  }

  /**
   * A prompt version's text as its runs used it, in a read-only editor beside the view (the file may
   * have been edited since; this is the version the bar counts). The page hears whether it opened.
   */
  private async openPrompt(request: { promptSha256: string; label: string; requestId?: number }): Promise<void> {
    const dir = this.ctx.workspaceDir;
    let opened = false;
    let label = request.label;
    try {
      const version = dir === undefined ? undefined : await findPromptVersion(dir, request.promptSha256);
      if (version !== undefined) {
        label = version.label;
        const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(this.promptDocument(version)), FEWSHOT_LANGUAGE);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        opened = true;
      }
    } finally {
      // The page waits for this answer: it comes whatever happened, so no request is left waiting.
      await this.post(answer(request, { type: 'promptOpened' as const, label, opened }));
    }
  }
}
