/**
 * After a statistics bar click, the datasets it left are opened so its questions are in sight. A
 * reveal sent while the view is still opening is dropped by the workbench, so it is sent again until
 * the tree reports the expansion (a dataset already open reports none and is skipped).
 */
import * as vscode from 'vscode';
import type { DatasetsTreeNode, DatasetsView } from './datasetsView';

export class DatasetOpener implements vscode.Disposable {
  private readonly expanded = new Set<DatasetsTreeNode>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly datasets: DatasetsView,
    private readonly tree: vscode.TreeView<DatasetsTreeNode>,
  ) {
    // Only datasets: question and path nodes are made anew on each read, so keeping them would only grow the set.
    const isDataset = (n: DatasetsTreeNode): boolean => n.kind === 'dataset';
    this.disposables = [
      tree.onDidExpandElement((e) => isDataset(e.element) && this.expanded.add(e.element)),
      tree.onDidCollapseElement((e) => isDataset(e.element) && this.expanded.delete(e.element)),
    ];
  }

  /** Opens the first three datasets the filter left that are not open yet. */
  async open(): Promise<void> {
    const shown = (await this.datasets.getChildren()).slice(0, 3).filter((node) => !this.expanded.has(node));
    for (const node of shown) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const done = this.expandedOnce(node, 1000);
        await Promise.resolve(this.tree.reveal(node, { expand: true, focus: false, select: false })).catch(() => undefined);
        if (await done) break;
      }
    }
  }

  private expandedOnce(node: DatasetsTreeNode, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        listener.dispose();
        resolve(false);
      }, ms);
      const listener = this.tree.onDidExpandElement((e) => {
        if (e.element !== node) return;
        clearTimeout(timer);
        listener.dispose();
        resolve(true);
      });
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
