import * as vscode from 'vscode';
import { createReadStream } from 'node:fs';

/** A dataset file the user opened, with what we know of it so far. */
export interface DatasetNode {
  uri: vscode.Uri;
  lineCount: number;
}

/** The Datasets tree: one node per opened file (questions, paths and corrections come with the engine). */
export class DatasetsView implements vscode.TreeDataProvider<DatasetNode> {
  private readonly nodes: DatasetNode[] = [];
  private readonly changed = new vscode.EventEmitter<DatasetNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  async add(uri: vscode.Uri): Promise<DatasetNode> {
    const existing = this.nodes.find((n) => n.uri.toString() === uri.toString());
    const node = { uri, lineCount: await countLines(uri.fsPath) };
    if (existing) existing.lineCount = node.lineCount;
    else this.nodes.push(node);
    this.changed.fire(undefined);
    return existing ?? node;
  }

  getChildren(element?: DatasetNode): DatasetNode[] {
    return element ? [] : [...this.nodes];
  }

  getTreeItem(node: DatasetNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.uri.path.split('/').pop() ?? node.uri.path, vscode.TreeItemCollapsibleState.None);
    item.id = node.uri.toString();
    item.resourceUri = node.uri;
    item.description = `${node.lineCount.toLocaleString('en-US')} lines`;
    item.tooltip = node.uri.fsPath;
    item.contextValue = 'dataset';
    item.iconPath = new vscode.ThemeIcon('database');
    item.command = { command: 'vscode.open', title: 'Open', arguments: [node.uri] };
    return item;
  }
}

/** Lines of a file, streamed so a multi-GB dataset never sits in memory. A last line without "\n" counts. */
function countLines(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let lines = 0;
    let lastByte = 0x0a;
    createReadStream(file)
      .on('data', (chunk) => {
        const buf = chunk as Buffer;
        for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) lines++;
        if (buf.length > 0) lastByte = buf[buf.length - 1] ?? lastByte;
      })
      .on('end', () => resolve(lastByte === 0x0a ? lines : lines + 1))
      .on('error', reject);
  });
}
