import * as vscode from 'vscode';
import type { DatasetsView } from '../datasetsView';

/** Mistakebook: Open Dataset… — from the palette (asks for a file) or with a Uri (context menus, tests). */
export async function openDataset(datasets: DatasetsView, uri?: vscode.Uri): Promise<void> {
  const picked =
    uri ??
    (
      await vscode.window.showOpenDialog({
        title: 'Open a dataset (GSM8K, MATH, LEMA or CSQA; JSONL or a JSON array)',
        canSelectMany: false,
        filters: { Datasets: ['jsonl', 'json'] },
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      })
    )?.[0];
  if (!picked) return;
  try {
    await datasets.add(picked);
    await vscode.commands.executeCommand('mistakebook.datasets.focus');
  } catch (e) {
    void vscode.window.showErrorMessage(`Mistakebook: cannot open ${picked.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
