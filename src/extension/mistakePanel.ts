import * as vscode from 'vscode';
import type { Diagnostic } from '../core/diagnostic';
import { formatDiagnostic } from '../core/diagnostic';
import { mistakeMarkdown } from '../core/review/markdown';
import { mistakeData } from '../core/review/mistakeData';
import { navigate } from '../core/review/navigate';
import { rateCorrection } from '../core/review/rate';
import { indexOfPath, loadReview, type Review } from '../core/review/review';
import type { Rating } from '../core/store/ratings';
import { runDir } from '../core/store/layout';
import {
  isMistakeViewMessage,
  isMistakeViewState,
  type HostToMistakeView,
  type MistakeViewToHost,
  type ToolbarAction,
} from '../shared/protocol';
import { NO_RUNS, resolveTarget, type MistakeTarget } from './mistakeView/target';
import { openRunPrompt, TOOLBAR_COMMANDS, toolbarAvailability } from './mistakeView/toolbar';
import { webviewHtml, webviewOptions } from './webviewHtml';

const VIEW_TYPE = 'mistakebook.mistake';

/** A rating saved from the mistake view; the tree listens to refresh its icons. */
export interface RatedEvent {
  workspaceDir: string;
  runId: string;
  pathId: string;
  rating: Rating;
}

/** The first paint of a mistake after Show Mistake, timed (DESIGN: < 200 ms for a 30-step MATH solution). */
export interface PaintedEvent {
  runId: string;
  pathId: string;
  /** From the command (or navigation) to the webview reporting its paint. */
  ms: number;
}

/** What the rest of the extension (and its tests) can hold of the mistake view. */
export interface MistakeViewApi {
  readonly onDidRate: vscode.Event<RatedEvent>;
  readonly onDidPaint: vscode.Event<PaintedEvent>;
  /** Opens a mistake as Show Mistake does, with the same arguments. */
  show(...args: unknown[]): Promise<void>;
}

const rated = new vscode.EventEmitter<RatedEvent>();
const painted = new vscode.EventEmitter<PaintedEvent>();

/** Registers Show Mistake and the panel serializer (so the view comes back after a reload). */
export function registerMistakeView(context: vscode.ExtensionContext, log: (line: string) => void = (l) => console.warn(l)): MistakeViewApi {
  const show = async (...args: unknown[]): Promise<void> => {
    const started = performance.now();
    // The page boots (bundle, KaTeX, toolkit) while the run is read.
    const panel = MistakePanel.open(context.extensionUri, log);
    const target = await resolveTarget(args);
    await panel.load('reason' in target ? undefined : target, started, 'reason' in target ? target.reason : undefined);
  };
  context.subscriptions.push(
    rated,
    painted,
    vscode.commands.registerCommand('mistakebook.showMistake', show),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, state) => {
        const panel = MistakePanel.revive(webviewPanel, context.extensionUri, log);
        const target = isMistakeViewState(state) ? await resolveTarget([state]) : undefined;
        await panel.load(target === undefined || 'reason' in target ? undefined : target, performance.now(), target !== undefined && 'reason' in target ? target.reason : undefined);
      },
    }),
  );
  return { onDidRate: rated.event, onDidPaint: painted.event, show };
}

/** The mistake view panel (one at a time, reused): a review of one run, positioned on one mistake. */
class MistakePanel {
  private static current: MistakePanel | undefined;

  private review: Review | undefined;
  private index = 0;
  private correctionId: string | undefined;
  /** What the view shows now, to tell whether a change on disk needs a new render. */
  private shown: string | undefined;
  private ready = false;
  private pending: HostToMistakeView | undefined;
  private paintStarted: number | undefined;
  private watcher: vscode.Disposable | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  /** Ratings are saved one after another, in the order the researcher gave them. */
  private saving: Promise<unknown> = Promise.resolve();

  static open(extensionUri: vscode.Uri, log: (line: string) => void): MistakePanel {
    if (MistakePanel.current) {
      MistakePanel.current.panel.reveal();
      return MistakePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Mistake', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    MistakePanel.current = new MistakePanel(panel, extensionUri, log);
    return MistakePanel.current;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: (line: string) => void): MistakePanel {
    MistakePanel.current?.panel.dispose();
    panel.webview.options = webviewOptions(extensionUri);
    MistakePanel.current = new MistakePanel(panel, extensionUri, log);
    return MistakePanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: (line: string) => void,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'mistake', 'Mistake');
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if (isMistakeViewMessage(m)) this.receive(m).catch((e: unknown) => this.fail(e));
    });
    panel.onDidDispose(() => {
      if (MistakePanel.current === this) MistakePanel.current = undefined;
      this.watcher?.dispose();
      clearTimeout(this.reloadTimer);
    });
  }

  /** Loads the target's run and shows its mistake; without a target, says why there is nothing. */
  async load(target: MistakeTarget | undefined, started: number, reason = NO_RUNS): Promise<void> {
    this.paintStarted = started;
    if (target === undefined) {
      this.review = undefined;
      this.panel.title = 'Mistake';
      return this.post({ type: 'empty', reason });
    }
    try {
      const review = await loadReview(target.workspaceDir, target.runId, this.diagnostic);
      this.review = review;
      this.watch(target.workspaceDir, target.runId);
      if (review.mistakes.length === 0) {
        this.panel.title = 'Mistake';
        return this.post({ type: 'empty', reason: `Run ${target.runId} has no mistakes yet (no wrong path in its paths.jsonl). Run Generate Corrections, or wait for the run to sample more.` });
      }
      const at = target.pathId === undefined ? 0 : indexOfPath(review, target.pathId);
      if (at === -1) this.log(`Mistakebook: run ${target.runId} has no wrong path ${target.pathId}; showing its first mistake.`);
      this.index = Math.max(at, 0);
      this.correctionId = target.correctionId;
      await this.showCurrent();
    } catch (e) {
      this.fail(e);
    }
  }

  private async showCurrent(): Promise<void> {
    const review = this.review;
    if (review === undefined) return;
    const mistake = mistakeData(review, this.index);
    if (!mistake.corrections.some((c) => c.id === this.correctionId)) this.correctionId = mistake.corrections[0]?.id;
    this.panel.title = `Mistake ${mistake.position} of ${mistake.total}`;
    this.shown = JSON.stringify(mistake);
    await this.post({ type: 'show', mistake, ...(this.correctionId === undefined ? {} : { correctionId: this.correctionId }), toolbar: await toolbarAvailability(review) });
  }

  private async receive(message: MistakeViewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.pending !== undefined) await this.post(this.pending);
        // A hidden webview loses its page; shown again, the page loads empty and says ready once more.
        else if (this.review !== undefined) await this.showCurrent();
        return;
      case 'painted':
        return this.painted(message.pathId);
      case 'navigate': {
        if (this.review === undefined) return;
        const next = navigate(this.review, this.index, message.direction);
        if (next === this.index) return;
        this.index = next;
        this.correctionId = undefined;
        this.paintStarted = performance.now();
        return this.showCurrent();
      }
      case 'selectCorrection':
        this.correctionId = message.correctionId;
        return;
      case 'rate':
        this.saving = this.saving.then(() => this.rate(message.correctionId, message.rating, message.note));
        return;
      case 'toolbar':
        return this.act(message.action, message.correctionId);
    }
  }

  private async rate(correctionId: string, value: Rating['rating'], note: string): Promise<void> {
    const review = this.review;
    if (review === undefined) return;
    try {
      const rating = await rateCorrection(review, correctionId, value, note, this.diagnostic);
      this.shown = JSON.stringify(mistakeData(review, this.index));
      await this.post({ type: 'rated', correctionId, rating: { value: rating.rating, ...(rating.note === undefined ? {} : { note: rating.note }), at: rating.at } });
      const pathId = review.mistakes.find((m) => m.corrections.some((c) => c.id === correctionId))?.path.id ?? '';
      rated.fire({ workspaceDir: review.workspaceDir, runId: review.run.id, pathId, rating });
    } catch (e) {
      this.fail(e);
    }
  }

  private async act(action: ToolbarAction, correctionId: string | undefined): Promise<void> {
    const review = this.review;
    if (review === undefined) return;
    const mistake = mistakeData(review, this.index);
    const ids = { runId: review.run.id, pathId: mistake.pathId, ...(correctionId === undefined ? {} : { correctionId }), workspaceDir: review.workspaceDir };
    switch (action) {
      case 'copyMarkdown':
        await vscode.env.clipboard.writeText(mistakeMarkdown(mistake, mistake.corrections.find((c) => c.id === correctionId)));
        void vscode.window.setStatusBarMessage('Mistakebook: mistake copied as Markdown', 3000);
        return;
      case 'openPrompt':
        return openRunPrompt(review);
      case 'revealInTree':
        await vscode.commands.executeCommand(TOOLBAR_COMMANDS.revealInTree, ids.runId, ids.pathId);
        return;
      case 'regenerate':
      case 'addToPrompt':
        await vscode.commands.executeCommand(TOOLBAR_COMMANDS[action], ids);
        return;
    }
  }

  private painted(pathId: string): void {
    const review = this.review;
    // A paint of the mistake shown before is not the one being timed.
    if (this.paintStarted === undefined || review === undefined || review.mistakes[this.index]?.path.id !== pathId) return;
    painted.fire({ runId: review.run.id, pathId, ms: performance.now() - this.paintStarted });
    this.paintStarted = undefined;
  }

  /** A new correction (Regenerate) or a rating from elsewhere (tree, CLI) shows without a manual refresh. */
  private watch(workspaceDir: string, runId: string): void {
    this.watcher?.dispose();
    const pattern = new vscode.RelativePattern(vscode.Uri.file(runDir(workspaceDir, runId)), '{corrections,ratings}.jsonl');
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const later = (): void => {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => void this.reload(workspaceDir, runId), 300);
    };
    watcher.onDidChange(later);
    watcher.onDidCreate(later);
    this.watcher = watcher;
  }

  private async reload(workspaceDir: string, runId: string): Promise<void> {
    const before = this.review;
    if (before === undefined || before.run.id !== runId) return;
    try {
      const review = await loadReview(workspaceDir, runId, this.diagnostic);
      if (this.review !== before) return; // another run was opened while reading
      // The researcher may have moved on while the run was read: stay where they are now.
      const pathId = before.mistakes[this.index]?.path.id;
      this.review = review;
      this.index = Math.max(pathId === undefined ? 0 : indexOfPath(review, pathId), 0);
      if (review.mistakes.length > 0 && JSON.stringify(mistakeData(review, this.index)) !== this.shown) await this.showCurrent();
    } catch (e) {
      this.fail(e);
    }
  }

  private readonly diagnostic = (d: Diagnostic): void => this.log(`Mistakebook: ${formatDiagnostic(d)}`);

  private fail(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.log(`Mistakebook mistake view: ${message}`);
    void this.post({ type: 'error', message });
    void vscode.window.showErrorMessage(`Mistakebook: ${message}`);
  }

  private async post(message: HostToMistakeView): Promise<void> {
    // Before the page says it is ready its listener may not exist yet; keep the latest message for it.
    if (!this.ready) {
      this.pending = message;
      return;
    }
    this.pending = undefined;
    await this.panel.webview.postMessage(message);
  }
}
