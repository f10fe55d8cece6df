/** Asking which prompt file a command is for, with the one being edited offered first. */
import * as vscode from 'vscode';
import { displayName, FEWSHOT_GLOB, isFewShot } from './language';

export async function pickPromptFile(placeHolder: string): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles(FEWSHOT_GLOB, '**/{node_modules,.git}/**');
  const active = vscode.window.activeTextEditor?.document;
  const uris = active && isFewShot(active) ? [active.uri, ...found.filter((u) => u.toString() !== active.uri.toString())] : found;
  if (uris.length === 0) {
    void vscode.window.showErrorMessage('No *.fewshot.txt file in this workspace. Create one with "Mistakebook: New Few-shot Prompt".');
    return undefined;
  }
  const items = uris.map((uri) => ({ label: uri.path.split('/').pop() ?? uri.path, description: displayName(uri), uri }));
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true }))?.uri;
}
