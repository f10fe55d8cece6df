/**
 * Which folder Mistakebook works in: the one rule every part uses. Runs live in `.mistakebook/runs`
 * of the first workspace folder on the local file system (`file:`). In a multi-root window the other
 * folders are still searched for datasets and prompts by VS Code's globs, but runs are read from and
 * written to that one folder only, so every view agrees on where they are. A window with no such
 * folder (none open, or only virtual/remote ones) has no runs.
 */
import * as vscode from 'vscode';

export function runsFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
}

/** The folder's path on disk, or undefined when there is none. */
export function workspaceDir(): string | undefined {
  return runsFolder()?.uri.fsPath;
}

/** Whether any folder is open (settings can then be written to the workspace). */
export function hasFolder(): boolean {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
}
