/**
 * The Fine-tunes section of the Runs view (issue 19): every fine-tuning job recorded in the workspace
 * (`.mistakebook/finetunes/<job>.json`), with its live state, its base and fine-tuned model and the
 * times of its states. The records are written by whoever waits for the job (this window, another,
 * or the CLI), so a watcher on them keeps the section current.
 */
import * as vscode from 'vscode';
import { listJobs, type FineTuneRecord } from '../../core/finetune/records';

export interface FineTunesGroupNode {
  kind: 'finetunes';
}
export interface FineTuneNode {
  kind: 'finetune';
  record: FineTuneRecord;
}
export type FineTunesTreeNode = FineTunesGroupNode | FineTuneNode;

const GROUP: FineTunesGroupNode = { kind: 'finetunes' };

const STATE_ICON: Readonly<Record<string, string>> = {
  validating_files: 'sync~spin',
  queued: 'clock',
  running: 'sync~spin',
  succeeded: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
};

export function isFineTunesNode(node: { kind: string }): node is FineTunesTreeNode {
  return node.kind === 'finetunes' || node.kind === 'finetune';
}

export class FineTunesSection implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private jobs: Promise<FineTuneRecord[]> | undefined;

  constructor(
    private readonly workspaceDir: string | undefined,
    changed: () => void,
  ) {
    if (workspaceDir === undefined) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(workspaceDir), '.mistakebook/finetunes/*.json'));
    const note = (): void => {
      this.jobs = undefined;
      changed();
    };
    this.disposables.push(watcher, watcher.onDidCreate(note), watcher.onDidChange(note), watcher.onDidDelete(note));
  }

  /** Read the records again at the next look. */
  refresh(): void {
    this.jobs = undefined;
  }

  private list(): Promise<FineTuneRecord[]> {
    this.jobs ??= this.workspaceDir === undefined ? Promise.resolve([]) : listJobs(this.workspaceDir).catch(() => []);
    return this.jobs;
  }

  /** The section's node at the root, when the workspace has jobs. */
  async roots(): Promise<FineTunesGroupNode[]> {
    return (await this.list()).length > 0 ? [GROUP] : [];
  }

  async children(node: FineTunesTreeNode): Promise<FineTuneNode[]> {
    return node.kind === 'finetunes' ? (await this.list()).map((record) => ({ kind: 'finetune', record })) : [];
  }

  parent(node: FineTunesTreeNode): FineTunesGroupNode | undefined {
    return node.kind === 'finetune' ? GROUP : undefined;
  }

  treeItem(node: FineTunesTreeNode): vscode.TreeItem {
    if (node.kind === 'finetunes') {
      const item = new vscode.TreeItem('Fine-tunes', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'finetunes';
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'finetunes';
      return item;
    }
    const r = node.record;
    const item = new vscode.TreeItem(`${r.role === undefined ? '' : `${r.role} · `}${r.jobId}`, vscode.TreeItemCollapsibleState.None);
    item.id = `finetune/${r.jobId}`;
    item.description = [r.status, r.fineTunedModel ?? r.baseModel, `${r.trainingFile.examples} examples`].join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`Fine-tuning job ${r.jobId} at ${r.baseUrl}\nBase model ${r.baseModel}${r.fineTunedModel === undefined ? '' : ` → ${r.fineTunedModel}`}\n`);
    tooltip.appendText(`Training file ${r.trainingFile.path} (${r.trainingFile.examples} examples, sha256 ${r.trainingFile.sha256.slice(0, 12)}…)\n`);
    if (r.experiment !== undefined) tooltip.appendText(`Experiment ${r.experiment}\n`);
    for (const s of r.states) tooltip.appendText(`${s.at}  ${s.status}\n`);
    if (r.error !== undefined) tooltip.appendText(`Error: ${r.error.code === undefined ? '' : `${r.error.code}: `}${r.error.message}`);
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(STATE_ICON[r.status] ?? 'circle-outline');
    item.contextValue = `finetune.${r.status}`;
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
