/** The prompt commands: new, edit, treat as prompt, preview the corrector's request. */
import * as vscode from 'vscode';
import type { Mistake } from '../../core/fewshot';
import { FEWSHOT_LANGUAGE, isFewShot } from './language';
import { runPathMistake, type RunMistake } from './mistakeSource';
import { pickPromptFile } from './pickPrompt';
import type { CorrectionPreview } from './preview';
import type { PromptNode } from './promptsView';
import { NEW_PROMPT_TEMPLATE } from './template';

const PROMPT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Creates prompts/<name>.fewshot.txt in the first workspace folder from the template and opens it. */
export async function newFewShotPrompt(name?: string): Promise<vscode.TextDocument | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    // No folder to put it in: an untitled prompt the user can save where they like.
    const untitled = await vscode.workspace.openTextDocument({ language: FEWSHOT_LANGUAGE, content: NEW_PROMPT_TEMPLATE });
    await vscode.window.showTextDocument(untitled);
    return untitled;
  }
  const given =
    name ??
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

export async function editFewShotPrompt(target?: vscode.Uri | PromptNode): Promise<vscode.TextEditor | undefined> {
  const uri = target instanceof vscode.Uri ? target : (target?.uri ?? (await pickPromptFile('Which few-shot prompt do you want to edit?')));
  return uri ? vscode.window.showTextDocument(uri) : undefined;
}

export async function treatAsFewShot(): Promise<vscode.TextDocument | undefined> {
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
export async function previewCorrectionRequest(preview: CorrectionPreview, target?: unknown, mistake?: unknown): Promise<vscode.TextDocument | undefined> {
  const prompt = promptTarget(target);
  const chosen = await chosenMistake(prompt ? mistake : target);
  let uri = prompt?.uri;
  if (!uri) {
    const active = vscode.window.activeTextEditor?.document;
    uri = active && isFewShot(active) ? active.uri : await pickPromptFile('Preview the corrector request of which few-shot prompt?');
  }
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  const exampleIndex = prompt?.exampleIndex;
  return preview.show(document, { ...(chosen ? { mistake: chosen } : {}), ...(exampleIndex === undefined ? {} : { exampleIndex }) });
}

function promptTarget(value: unknown): { uri: vscode.Uri; exampleIndex?: number } | undefined {
  if (value instanceof vscode.Uri) return { uri: value };
  const v = record(value);
  if (!(v['uri'] instanceof vscode.Uri)) return undefined;
  const index = typeof v['exampleIndex'] === 'number' ? v['exampleIndex'] : record(v['example'])['index'];
  return { uri: v['uri'], ...(typeof index === 'number' ? { exampleIndex: index } : {}) };
}

/** A mistake as given: a Mistake, `{ runId, pathId }`, or a Datasets tree path node (`{ path: { runId, record } }`). */
export async function chosenMistake(value: unknown): Promise<RunMistake | undefined> {
  const v = record(value);
  if (typeof v['runId'] === 'string' && typeof v['pathId'] === 'string') return runPathMistake(v['runId'], v['pathId']);
  const path = record(v['path']);
  const pathId = record(path['record'])['id'];
  if (typeof path['runId'] === 'string' && typeof pathId === 'string') return runPathMistake(path['runId'], pathId);
  if (typeof v['question'] === 'string' && (Array.isArray(v['originalSteps']) || Array.isArray(v['candidates']))) {
    return { mistake: value as Mistake, source: 'selected mistake' };
  }
  return undefined;
}

/** Command arguments come from menus, CodeLens and other extensions: read them field by field. */
function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
