/**
 * Problems of a prompt file as the researcher types: core/fewshot's diagnostics in the Problems
 * panel and as squiggles, refreshed a moment after the last keystroke rather than on each one.
 */
import * as vscode from 'vscode';
import type { Context } from '../context';
import type { Diagnostic } from '../../core/diagnostic';
import { isFewShot, parsedPrompt } from './language';

const DEBOUNCE_MS = 250;

export function registerDiagnostics(ctx: Pick<Context, 'track'>): void {
  const collection = vscode.languages.createDiagnosticCollection('mistakebook-fewshot');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const refresh = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.delete(key);
    if (!isFewShot(document) || document.isClosed) {
      collection.delete(document.uri);
      return;
    }
    collection.set(document.uri, parsedPrompt(document).diagnostics.map((d) => toVsCode(document, d)));
  };
  const later = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => refresh(document), DEBOUNCE_MS));
  };

  ctx.track(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(pending.get(d.uri.toString()));
      pending.delete(d.uri.toString());
      collection.delete(d.uri);
    }),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) },
  );
  // "Treat File as Few-shot Prompt" changes the language of a document that is already open.
  vscode.workspace.textDocuments.forEach(refresh);
}

/** From the reported column to the end of the line's text: the part the message is about. */
function toVsCode(document: vscode.TextDocument, d: Diagnostic): vscode.Diagnostic {
  const line = Math.min(Math.max(d.line - 1, 0), Math.max(document.lineCount - 1, 0));
  const text = document.lineAt(line).text;
  const start = d.column === undefined ? text.length - text.trimStart().length : Math.min(d.column - 1, text.length);
  const end = Math.max(text.trimEnd().length, start + 1);
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, start, line, end), d.message, severity);
  diagnostic.source = 'mistakebook';
  return diagnostic;
}
