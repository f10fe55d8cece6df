/**
 * What every Mistakebook webview panel shares: the HTML shell with its CSP, the ready handshake (a
 * page that is not listening yet keeps the latest message for later; a page shown again after being
 * hidden loads empty and says ready once more), typed posting, checked receiving, and disposal.
 * The mistake and statistics panels extend it; PanelSlot keeps one of each at a time.
 */
import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from './html';

export interface HostOptions<FromView> {
  extensionUri: vscode.Uri;
  /** The bundle under dist/webview (`mistake`, `stats`). */
  bundle: string;
  title: string;
  /** The protocol's guard for what the page sends. */
  isMessage: (m: unknown) => m is FromView;
  log: (line: string) => void;
}

export abstract class WebviewHost<ToView extends { type: string }, FromView extends { type: string }> implements vscode.Disposable {
  private ready = false;
  private pending: ToView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  protected readonly log: (line: string) => void;

  protected constructor(
    readonly panel: vscode.WebviewPanel,
    options: HostOptions<FromView>,
  ) {
    this.log = options.log;
    panel.iconPath = vscode.Uri.joinPath(options.extensionUri, 'media', 'icon.png');
    panel.webview.options = webviewOptions(options.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, options.extensionUri, options.bundle, options.title);
    this.track(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (!options.isMessage(m)) return;
        Promise.resolve(m.type === 'ready' ? this.pageReady() : this.receive(m)).catch((e: unknown) => this.fail(e));
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** A message from the page, checked by the protocol's guard (`ready` is handled here). */
  protected abstract receive(message: FromView): unknown;

  /** The page (re)loaded and nothing was waiting for it: show what it should show. */
  protected abstract onReady(): unknown;

  /** Before the page says it is ready its listener may not exist yet: the latest message waits for it. */
  protected async post(message: ToView): Promise<void> {
    if (!this.ready) {
      this.pending = message;
      return;
    }
    this.pending = undefined;
    await this.panel.webview.postMessage(message);
  }

  private async pageReady(): Promise<void> {
    this.ready = true;
    const waiting = this.pending;
    if (waiting !== undefined) await this.post(waiting);
    else await this.onReady();
  }

  /** A failure while answering the page: logged, and said in a notification. */
  protected fail(e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.log(`${this.panel.viewType}: ${message}`);
    void vscode.window.showErrorMessage(`Mistakebook: ${message}`);
  }

  protected track(...disposables: vscode.Disposable[]): void {
    for (const d of disposables) this.disposables.push(d);
  }

  dispose(): void {
    if (this.disposables.length === 0) return;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

/** One panel of a kind at a time: reused (revealed) while open, forgotten when closed. */
export class PanelSlot<P extends WebviewHost<{ type: string }, { type: string }>> implements vscode.Disposable {
  private panel: P | undefined;

  get current(): P | undefined {
    return this.panel;
  }

  /** The open panel, revealed, or a new one from `create`. */
  open(create: () => P): P {
    if (this.panel !== undefined) {
      this.panel.panel.reveal();
      return this.panel;
    }
    return this.put(create());
  }

  /** A panel restored after a reload takes the slot (closing any other). */
  put(panel: P): P {
    if (this.panel !== undefined && this.panel !== panel) this.panel.dispose();
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
