/**
 * Few-shot prompt files in VS Code (DESIGN.md §4): the language's editor features, the Prompts
 * view and the prompt commands, wired in one call from main.ts.
 */
import * as vscode from 'vscode';
import { addCorrectionToPrompt } from './addCorrection';
import { registerCodeLens, PREVIEW_COMMAND } from './codeLens';
import { editFewShotPrompt, newFewShotPrompt, previewCorrectionRequest, treatAsFewShot } from './commands';
import { registerDiagnostics } from './diagnostics';
import { registerOutline } from './outline';
import { CorrectionPreview } from './preview';
import { PromptsView } from './promptsView';

export function registerFewShot(context: vscode.ExtensionContext): { prompts: PromptsView } {
  registerDiagnostics(context);
  registerOutline(context);
  registerCodeLens(context);
  const preview = new CorrectionPreview(context);
  const prompts = new PromptsView(context);
  context.subscriptions.push(
    vscode.window.createTreeView('mistakebook.prompts', { treeDataProvider: prompts, showCollapseAll: true }),
    command('mistakebook.newFewShotPrompt', newFewShotPrompt),
    command('mistakebook.editFewShotPrompt', editFewShotPrompt),
    command('mistakebook.treatAsFewShot', treatAsFewShot),
    // From a tree's context menu the second argument is the selection, not a prompt file.
    command('mistakebook.addCorrectionToPrompt', (correction?: unknown, prompt?: unknown) =>
      addCorrectionToPrompt(correction, prompt instanceof vscode.Uri ? prompt : undefined),
    ),
    command(PREVIEW_COMMAND, (target?: unknown, mistake?: unknown) => previewCorrectionRequest(preview, target, mistake)),
  );
  return { prompts };
}

/** A command whose failure is shown to the user (and still rejects, for callers and tests). */
function command<A extends unknown[], R>(id: string, run: (...args: A) => Promise<R>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: A) => {
    try {
      return await run(...args);
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      throw e;
    }
  });
}
