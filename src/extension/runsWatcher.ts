/**
 * The one watcher on `.mistakebook/runs` of the runs folder. Stages write many rows a second (here, in
 * another window or from the CLI), so changes are gathered and announced at most once a second, with
 * the ids of the runs that changed.
 */
import * as vscode from 'vscode';
import { basename, relative, sep } from 'node:path';
import { runsDir } from '../core/store/layout';

const SETTLE_MS = 1000;

export class RunsWatcher implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReadonlySet<string>>();
  /** Fires with the ids of the runs whose files changed (created, written or deleted). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(workspaceDir: string | undefined) {
    if (workspaceDir === undefined) return;
    const root = runsDir(workspaceDir);
    // Based on the workspace folder, so runs made after the watcher started are seen too.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(workspaceDir), '.mistakebook/runs/**'));
    const note = (uri: vscode.Uri): void => {
      const inside = relative(root, uri.fsPath);
      this.pending.add(inside.split(sep)[0] ?? basename(uri.fsPath));
      this.timer ??= setTimeout(() => this.flush(), SETTLE_MS);
    };
    this.disposables.push(watcher, watcher.onDidCreate(note), watcher.onDidChange(note), watcher.onDidDelete(note));
  }

  private flush(): void {
    this.timer = undefined;
    const runs = this.pending;
    this.pending = new Set();
    this.changed.fire(runs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
