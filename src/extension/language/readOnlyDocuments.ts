/**
 * Read-only text documents the extension makes: trial results ("Try on selected mistake") and
 * questions shown from the Datasets tree. Kept by the key in their URI for the window's lifetime.
 */
import * as vscode from 'vscode';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly scheme: string,
    private readonly gone: string,
  ) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  /** A document titled `title` holding `text`; the same title and text give the same document. */
  add(title: string, text: string): vscode.Uri {
    const key = String(this.texts.size + 1);
    this.texts.set(key, text);
    return vscode.Uri.from({ scheme: this.scheme, path: `/${title}`, query: key });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? this.gone;
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
