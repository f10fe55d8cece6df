/** The toolbar's actions on the extension side. */
import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import type { LoadedRun } from '../../../core/runs/loadRun';
import type { ToolbarAvailability } from '../../../shared/protocol';

/** What the toolbar can offer: our own commands always; Open Prompt when the run has a correction prompt. */
export function toolbarAvailability(run: LoadedRun): ToolbarAvailability {
  return { regenerate: true, addToPrompt: true, revealInTree: true, openPrompt: run.run.prompts.correction !== undefined };
}

/** The run's few-shot prompt: its file when it is still there, else the text the run used, read-only. */
export async function openRunPrompt(run: LoadedRun): Promise<void> {
  const prompt = run.run.prompts.correction;
  if (prompt === undefined) throw new Error(`run ${run.run.id} has no correction prompt in its run.json.`);
  if (prompt.file !== undefined) {
    const file = isAbsolute(prompt.file) ? prompt.file : join(run.workspaceDir, prompt.file);
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return;
    } catch {
      // moved or deleted since the run: show the snapshot below
    }
  }
  const document = await vscode.workspace.openTextDocument({ content: prompt.text, language: 'mistakebook-fewshot' });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
