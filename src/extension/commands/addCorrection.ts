/**
 * "Add Correction to Few-shot Prompt": a reviewed correction becomes the prompt's next example,
 * applied as an edit of the open document so that Undo takes it back.
 */
import * as vscode from 'vscode';
import { annotationOfCorrection, appendExample, type Annotation, type StepsAnnotation } from '../../core/fewshot';
import { findCorrection, parsedCorrections } from '../../core/runs/lookup';
import type { Context } from '../context';
import { displayName, headline } from '../language/language';
import { pickPromptFile } from '../language/pickPrompt';
import { mistakeIdsOf, record } from './args';

/** How many corrections the picker offers when the command is run from the palette. */
const PICK_LIMIT = 500;

/**
 * Adds `correction` (an annotation, or a run's correction by ids or tree node; asked for when absent)
 * to `prompt` (asked for when absent; from a tree's menu the second argument is the selection, not a
 * prompt). Resolves to the edited document, or undefined when the user cancelled.
 */
export async function addCorrectionToPrompt(ctx: Context, correction?: unknown, prompt?: unknown): Promise<vscode.TextDocument | undefined> {
  const annotation = correction === undefined ? await pickRunCorrection(ctx) : await annotationOf(ctx, correction);
  if (!annotation) return undefined;
  const uri = prompt instanceof vscode.Uri ? prompt : await pickPromptFile('Add the correction as a new example of which few-shot prompt?');
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  const before = document.getText();
  const after = appendExample(before, annotation, displayName(uri));
  // Replace only what changed (the blank end and the new example), so the edit and its undo stay small.
  let same = 0;
  while (same < before.length && before.charCodeAt(same) === after.charCodeAt(same)) same++;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(document.positionAt(same), document.positionAt(before.length)), after.slice(same));
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`${displayName(uri)}: the editor refused the edit; is the file read-only?`);
  const editor = await vscode.window.showTextDocument(document);
  const end = document.positionAt(document.getText().length);
  editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return document;
}

async function annotationOf(ctx: Context, value: unknown): Promise<Annotation> {
  const ids = mistakeIdsOf([value]);
  if (ids?.correctionId !== undefined) return readRunCorrection(ctx, ids.runId, ids.correctionId);
  const v = record(value);
  const text = (k: string): boolean => typeof v[k] === 'string';
  const texts = (k: string): boolean => Array.isArray(v[k]) && (v[k] as unknown[]).every((s) => typeof s === 'string');
  if (text('question') && texts('originalSteps') && typeof v['incorrectStep'] === 'number' && text('explanation') && texts('correctedSteps')) {
    return value as StepsAnnotation;
  }
  if (text('question') && texts('candidates') && text('originalAnswer') && text('mistakes') && text('correctedAnswer')) return value as Annotation;
  throw new Error(
    'Add Correction to Few-shot Prompt expects {question, originalSteps, incorrectStep, explanation, correctedSteps}, ' +
      '{question, candidates, originalAnswer, mistakes, correctedAnswer}, {runId, correctionId} or a correction of the Datasets tree.',
  );
}

async function readRunCorrection(ctx: Context, runId: string, correctionId: string): Promise<Annotation> {
  if (ctx.workspaceDir === undefined) throw new Error('Open the workspace folder that holds .mistakebook/runs to add a correction from a run.');
  const { correction, path } = await findCorrection(ctx.workspaceDir, runId, correctionId);
  return annotationOfCorrection(correction, path, `run ${runId}: correction ${correctionId}`);
}

/** From the palette: the parsed corrections of the newest runs, verified ones first. */
async function pickRunCorrection(ctx: Context): Promise<Annotation | undefined> {
  const found = ctx.workspaceDir === undefined ? [] : await parsedCorrections(ctx.workspaceDir, PICK_LIMIT);
  if (found.length === 0) {
    void vscode.window.showInformationMessage('No parsed correction in this workspace’s runs yet. Run Generate Corrections first, or pass a correction to the command.');
    return undefined;
  }
  const items = found
    .sort((a, b) => Number(b.correction.verified) - Number(a.correction.verified))
    .map(({ correction, path, runId }) => ({
      label: `${correction.verified ? '$(pass)' : '$(circle-slash)'} ${headline(path.question, 10)}`,
      description: `${correction.incorrectStep === undefined ? 'answer' : `Step ${correction.incorrectStep}`} wrong · ${correction.verified ? 'verified' : 'not verified'} · run ${runId}`,
      detail: headline(correction.explanation ?? '', 16),
      found: { correction, path, runId },
    }));
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: 'Which correction becomes a new example?', matchOnDescription: true, matchOnDetail: true });
  if (!chosen) return undefined;
  const { correction, path, runId } = chosen.found;
  return annotationOfCorrection(correction, path, `run ${runId}: correction ${correction.id}`);
}
