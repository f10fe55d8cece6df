/** The prompt commands: new, edit, treat as prompt, preview the corrector's request. */
import * as vscode from 'vscode';
import type { Context } from '../context';
import { FEWSHOT_LANGUAGE, isFewShot } from '../language/language';
import { chosenMistake, selectedMistake } from '../language/mistakeSource';
import { pickPromptFile } from '../language/pickPrompt';
import { NEW_PROMPT_TEMPLATE } from '../language/template';
import type { PromptNode } from '../views/promptsView';
import { record } from './args';

const PROMPT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Creates prompts/<name>.fewshot.txt in the first workspace folder from the template and opens it. */
export async function newFewShotPrompt(ctx: Context, name?: unknown): Promise<vscode.TextDocument | undefined> {
  const folder = ctx.workspaceDir === undefined ? undefined : { uri: vscode.Uri.file(ctx.workspaceDir) };
  if (!folder) {
    // No folder to put it in: an untitled prompt the user can save where they like.
    const untitled = await vscode.workspace.openTextDocument({ language: FEWSHOT_LANGUAGE, content: NEW_PROMPT_TEMPLATE });
    await vscode.window.showTextDocument(untitled);
    return untitled;
  }
  const given =
    (typeof name === 'string' ? name : undefined) ??
    (await vscode.window.showInputBox({
      title: 'New Few-shot Prompt',
      prompt: 'Name of the prompt; it is saved as prompts/<name>.fewshot.txt',
      value: 'corrector',
      validateInput: (v) => (PROMPT_NAME.test(v.replace(/\.fewshot\.txt$/, '')) ? undefined : 'Use letters, digits, ".", "_" or "-".'),
    }));
  if (given === undefined) return undefined;
  const base = given.replace(/\.fewshot\.txt$/, '');
  if (!PROMPT_NAME.test(base)) throw new Error(`"${given}" is not a usable prompt name: use letters, digits, ".", "_" or "-".`);
  const uri = vscode.Uri.joinPath(folder.uri, 'prompts', `${base}.fewshot.txt`);
  if (await exists(uri)) {
    void vscode.window.showWarningMessage(`prompts/${base}.fewshot.txt already exists; it is opened as it is.`);
  } else {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, 'prompts'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(NEW_PROMPT_TEMPLATE));
  }
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

export async function editFewShotPrompt(_ctx: Context, target?: unknown): Promise<vscode.TextEditor | undefined> {
  const node = record(target) as Partial<PromptNode>;
  const uri = target instanceof vscode.Uri ? target : (node.uri ?? (await pickPromptFile('Which few-shot prompt do you want to edit?')));
  return uri ? vscode.window.showTextDocument(uri) : undefined;
}

export async function treatAsFewShot(_ctx: Context): Promise<vscode.TextDocument | undefined> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showErrorMessage('Open the .txt file you want to treat as a few-shot prompt, then run this command again.');
    return undefined;
  }
  return vscode.languages.setTextDocumentLanguage(document, FEWSHOT_LANGUAGE);
}

/**
 * Preview Corrector Request. Called from a CodeLens or the Prompts view with the prompt (a URI,
 * `{ uri, exampleIndex }` or a tree node) and optionally a mistake; from the Datasets tree with a
 * wrong path's node, then the prompt is the one being edited or asked for.
 */
export async function previewCorrectionRequest(ctx: Context, target?: unknown, mistake?: unknown): Promise<vscode.TextDocument | undefined> {
  const prompt = promptTarget(target);
  // A preview of one example's own question (its CodeLens) holds that example out; otherwise the mistake in front of the researcher.
  const chosen = (await chosenMistake(ctx.workspaceDir, prompt ? mistake : target)) ?? (prompt?.exampleIndex === undefined ? await selectedMistake(ctx) : undefined);
  let uri = prompt?.uri;
  if (!uri) {
    const active = vscode.window.activeTextEditor?.document;
    uri = active && isFewShot(active) ? active.uri : await pickPromptFile('Preview the corrector request of which few-shot prompt?');
  }
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  const exampleIndex = prompt?.exampleIndex;
  return ctx.preview.show(document, { ...(chosen ? { mistake: chosen } : {}), ...(exampleIndex === undefined ? {} : { exampleIndex }) });
}

function promptTarget(value: unknown): { uri: vscode.Uri; exampleIndex?: number } | undefined {
  if (value instanceof vscode.Uri) return { uri: value };
  const v = record(value);
  if (!(v['uri'] instanceof vscode.Uri)) return undefined;
  const index = typeof v['exampleIndex'] === 'number' ? v['exampleIndex'] : record(v['example'])['index'];
  return { uri: v['uri'], ...(typeof index === 'number' ? { exampleIndex: index } : {}) };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
