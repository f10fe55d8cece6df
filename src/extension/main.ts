import * as vscode from 'vscode';
import { DatasetsView } from './datasetsView';
import { openDataset } from './commands/openDataset';
import { MistakePanel } from './mistakePanel';

/** What the extension hands to its integration tests (and to other extensions): the live views. */
export interface MistakebookApi {
  datasets: DatasetsView;
}

// Activation wires things together and does nothing slow: no dataset is read here.
export function activate(context: vscode.ExtensionContext): MistakebookApi {
  const datasets = new DatasetsView();
  const emptyUntilLater: vscode.TreeDataProvider<never> = { getTreeItem: (e) => e, getChildren: () => [] };
  context.subscriptions.push(
    vscode.window.createTreeView('mistakebook.datasets', { treeDataProvider: datasets, showCollapseAll: true }),
    vscode.window.registerTreeDataProvider('mistakebook.runs', emptyUntilLater),
    vscode.window.registerTreeDataProvider('mistakebook.prompts', emptyUntilLater),
    vscode.commands.registerCommand('mistakebook.openDataset', (uri?: vscode.Uri) => openDataset(datasets, uri)),
    vscode.commands.registerCommand('mistakebook.showMistake', () => MistakePanel.show(context.extensionUri)),
  );
  return { datasets };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
