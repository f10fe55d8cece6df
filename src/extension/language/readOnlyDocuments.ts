/**
 * Read-only text documents the extension makes: trial results ("Try on selected mistake") and
 * questions shown from the Datasets tree. Kept by the key in their URI for the window's lifetime.
 */
import * as vscode from 'vscode';
import { sha256Hex } from '../../core/ids';

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
    // Keyed by what it shows: clicking the same question again reuses its document instead of keeping another copy.
    const key = sha256Hex(`${title}\n${text}`).slice(0, 16);
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
