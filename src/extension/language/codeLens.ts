/** CodeLens in a prompt file: preview the corrector's request (whole prompt and per example), and try the prompt on a mistake. */
import * as vscode from 'vscode';
import { Commands } from '../commands/ids';
import { fewShotSelector, parsedPrompt } from './language';

export function registerCodeLens(): vscode.Disposable {
  // VS Code asks again after every edit, so no change event is needed.
  return vscode.languages.registerCodeLensProvider(fewShotSelector, { provideCodeLenses });
}

function provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
  const prompt = parsedPrompt(document);
  const top = new vscode.Range(0, 0, 0, 0);
  const lenses = [
    new vscode.CodeLens(top, {
      title: 'Preview corrector request',
      tooltip: 'The request the corrector gets for the selected mistake (else the latest run’s first mistake, else the last example held out)',
      command: Commands.previewCorrectionRequest,
      arguments: [document.uri],
    }),
  ];
  // Trying calls the corrector, which an untrusted workspace may not do.
  if (vscode.workspace.isTrusted) {
    lenses.push(
      new vscode.CodeLens(top, {
        title: 'Try on selected mistake',
        tooltip: 'The corrector corrects the mistake the preview uses, with this prompt as it is now (unsaved edits included); the result opens beside, verified, and is not stored in a run',
        command: Commands.tryPromptOnMistake,
        arguments: [document.uri],
      }),
      // Correction variants: this prompt, as it is now, on every mistake of a run (stored as a new variant).
      new vscode.CodeLens(top, {
        title: "Run on this run's mistakes",
        tooltip: 'The corrector corrects every mistake of a run again with this prompt as it is now (unsaved edits included): a new variant beside the run’s own corrections, for Compare Correction Variants',
        command: Commands.correctWithAnotherPrompt,
        arguments: [document.uri],
      }),
    );
  }
  for (const example of prompt.examples) {
    const line = new vscode.Range(example.range.startLine - 1, 0, example.range.startLine - 1, 0);
    lenses.push(
      new vscode.CodeLens(line, {
        title: "Preview request with this example's question",
        tooltip: 'Renders the request for this example’s question and original solution, with the example itself left out of the prompt',
        command: Commands.previewCorrectionRequest,
        arguments: [{ uri: document.uri, exampleIndex: example.index }],
      }),
    );
  }
  return lenses;
}
