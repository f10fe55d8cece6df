/**
 * How a panel that shows runs reads them again: one read at a time (asked again while one runs — a
 * stage writing, the watcher ticking each second — it reads once more after it, with what is new by
 * then), and a panel hidden when the runs changed reads when it is shown again.
 */
import * as vscode from 'vscode';

export class PanelReloader implements vscode.Disposable {
  private running: Promise<void> | undefined;
  private again = false;
  /** Runs changed while the panel was hidden: read them when it shows again. */
  private stale = false;
  private readonly visibility: vscode.Disposable;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly read: () => Promise<void>,
  ) {
    this.visibility = panel.onDidChangeViewState(() => {
      if (panel.visible && this.stale) void this.load();
    });
  }

  runsChanged(): void {
    if (this.panel.visible) void this.load();
    else this.stale = true;
  }

  load(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<void> => {
      do {
        this.again = false;
        this.stale = false;
        await this.read();
      } while (this.again);
    };
    this.running = run().finally(() => (this.running = undefined));
    return this.running;
  }

  dispose(): void {
    this.visibility.dispose();
  }
}
