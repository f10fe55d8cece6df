/** Trial results ("Try on selected mistake") as read-only documents, by the key in their URI; they live as long as the window. */
import * as vscode from 'vscode';

const TRIAL_SCHEME = 'mistakebook-trial';

export class TrialDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(TRIAL_SCHEME, this);

  add(title: string, text: string): vscode.Uri {
    const key = String(this.texts.size + 1);
    this.texts.set(key, text);
    return vscode.Uri.from({ scheme: TRIAL_SCHEME, path: `/${title}`, query: key });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? 'This trial was run in an earlier session; run "Try on selected mistake" again from the prompt file.';
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
