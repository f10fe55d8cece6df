/**
 * The few-shot prompt language: which documents are prompts, and their parse, shared by every
 * feature (diagnostics, folding, outline, CodeLens) so a keystroke parses the file once.
 */
import * as vscode from 'vscode';
import { parsePrompt, type FewShotPrompt } from '../../core/fewshot';

export const FEWSHOT_LANGUAGE = 'mistakebook-fewshot';
export const FEWSHOT_GLOB = '**/*.fewshot.txt';
export const fewShotSelector: vscode.DocumentSelector = { language: FEWSHOT_LANGUAGE };

const parses = new WeakMap<vscode.TextDocument, { version: number; prompt: FewShotPrompt }>();

export function isFewShot(document: vscode.TextDocument): boolean {
  return document.languageId === FEWSHOT_LANGUAGE;
}

/** The document's prompt as of its current version; never throws (problems are diagnostics). */
export function parsedPrompt(document: vscode.TextDocument): FewShotPrompt {
  const cached = parses.get(document);
  if (cached?.version === document.version) return cached.prompt;
  const prompt = parsePrompt(document.getText(), displayName(document.uri));
  parses.set(document, { version: document.version, prompt });
  return prompt;
}

/** The path a researcher recognises: workspace-relative when the file is in the workspace. */
export function displayName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** The first words of a question, for tree labels and outline details. */
export function headline(question: string, words = 8): string {
  const all = question.split(/\s+/).filter((w) => w !== '');
  if (all.length === 0) return '(no question)';
  return all.length > words ? `${all.slice(0, words).join(' ')}…` : all.join(' ');
}

/** A 1-based line range of the core as a whole-line editor range. */
export function lineRange(document: vscode.TextDocument, range: { startLine: number; endLine: number }): vscode.Range {
  const last = Math.min(range.endLine, document.lineCount) - 1;
  return new vscode.Range(range.startLine - 1, 0, last, document.lineAt(Math.max(last, 0)).text.length);
}
