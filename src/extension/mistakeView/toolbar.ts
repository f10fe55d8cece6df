/** The toolbar's actions on the extension side: commands other parts of Mistakebook register, and our own. */
import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import type { ToolbarAvailability } from '../../shared/protocol';
import type { Review } from '../../core/review/review';

export const TOOLBAR_COMMANDS = {
  regenerate: 'mistakebook.regenerateCorrection',
  addToPrompt: 'mistakebook.addCorrectionToPrompt',
  revealInTree: 'mistakebook.revealInTree',
} as const;

/** What the toolbar can offer now: a button is enabled only when its command exists. */
export async function toolbarAvailability(review: Review): Promise<ToolbarAvailability> {
  const commands = new Set(await vscode.commands.getCommands(true));
  return {
    regenerate: commands.has(TOOLBAR_COMMANDS.regenerate),
    addToPrompt: commands.has(TOOLBAR_COMMANDS.addToPrompt),
    revealInTree: commands.has(TOOLBAR_COMMANDS.revealInTree),
    openPrompt: review.run.prompts.correction !== undefined,
  };
}

/** The run's few-shot prompt: its file when it is still there, else the text the run used, read-only. */
export async function openRunPrompt(review: Review): Promise<void> {
  const prompt = review.run.prompts.correction;
  if (prompt === undefined) throw new Error(`run ${review.run.id} has no correction prompt in its run.json.`);
  if (prompt.file !== undefined) {
    const file = isAbsolute(prompt.file) ? prompt.file : join(review.workspaceDir, prompt.file);
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
