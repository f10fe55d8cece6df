/**
 * "Try on selected mistake": the corrector of the settings corrects one mistake with the prompt as it
 * is in the editor, unsaved edits included, and the reply is shown parsed and verified (eq. 2) in a
 * read-only document. The trial is not stored in any run: a run's corrections all come from the one
 * P_c recorded in its run.json, and a trial of a half-edited prompt beside them would blur what the
 * run measures. Trying the same text again is answered from the response cache.
 */
import * as vscode from 'vscode';
import { correctMistake, type CorrectionRecord, type PathRecord } from '../../core/pipeline';
import { makeClient } from '../../core/pipeline/models';
import { sha256Hex } from '../../core/ids';
import { cacheDir } from '../../core/store/layout';
import { modelConfig } from '../config';
import type { Context } from '../context';
import { displayName, isFewShot, parsedPrompt } from '../language/language';
import { chosenMistake, latestRunMistake, selectedMistake, type MistakeSource } from '../language/mistakeSource';
import { pickPromptFile } from '../language/pickPrompt';
import { uriOf } from './args';
import { keyFor } from './keys';
import { verdictOf } from './regenerate';

/**
 * The prompt comes as the CodeLens gives it (its URI), `{ uri }`, or is the active prompt editor; the
 * mistake as the preview takes it (`{ runId, pathId }`, a wrong path of the Datasets tree), else the
 * preview's own choice: the first wrong path of the newest runs that fits the prompt.
 */
export async function tryPrompt(ctx: Context, target?: unknown, given?: unknown): Promise<vscode.TextDocument | undefined> {
  const promptUri = uriOf(target);
  const document = await promptDocument(promptUri);
  if (document === undefined) return undefined;
  const prompt = parsedPrompt(document);
  // From the Datasets tree the first argument is the wrong path, and the prompt the one being edited.
  // The mistake given, else the one the mistake view shows, else a wrong path selected in the tree, else the newest run's first.
  const chosen: MistakeSource | null | undefined =
    (await chosenMistake(ctx.workspaceDir, promptUri === undefined ? target : given)) ?? (await selectedMistake(ctx)) ?? (await latestRunMistake(ctx.workspaceDir, prompt));
  const path = chosen?.path;
  if (chosen === null || chosen === undefined || path === undefined) {
    throw new Error(`no mistake of a run to try ${displayName(document.uri)} on (a trial needs a wrong path with its gold answer); run Sample Reasoning Paths first, or pick a wrong path in the Datasets tree.`);
  }
  const dir = ctx.workspaceDir;
  if (dir === undefined) throw new Error('open the workspace folder that holds .mistakebook/runs first.');
  const model = modelConfig(ctx.settings().corrector);
  const apiKey = await keyFor(ctx, model.baseUrl, 'corrector');
  if (apiKey === null) return undefined;
  const text = document.getText();
  const client = makeClient(model, apiKey, cacheDir(dir), (line) => ctx.output.log(`try prompt: ${line}`), undefined);
  const record = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Mistakebook: trying ${displayName(document.uri)} with ${model.model}`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return correctMistake({ path, prompt: { text, file: displayName(document.uri) }, model, client, correctionIndex: 0, signal: controller.signal });
    },
  );
  ctx.output.log(`try prompt: ${displayName(document.uri)} (sha256 ${record.promptSha256.slice(0, 12)}) on ${chosen.source}: ${verdictOf(record)}`);
  const name = document.uri.path.split('/').pop() ?? 'prompt';
  const uri = ctx.trials.add(`${name} · trial on ${chosen.source}`, trialText({ file: displayName(document.uri), dirty: document.isDirty, text, source: chosen.source, path, model: `${model.model} at ${model.baseUrl}`, record }));
  const result = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(result, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return result;
}

async function promptDocument(given: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (given !== undefined) return vscode.workspace.openTextDocument(given);
  const active = vscode.window.activeTextEditor?.document;
  if (active !== undefined && isFewShot(active)) return active;
  const picked = await pickPromptFile('Try which few-shot prompt on the selected mistake?');
  return picked === undefined ? undefined : vscode.workspace.openTextDocument(picked);
}

interface Trial {
  file: string;
  dirty: boolean;
  text: string;
  source: string;
  path: PathRecord;
  model: string;
  record: CorrectionRecord;
}

/** The trial as a researcher reads it: what was tried on what, the verdict, the parsed parts, the raw reply. */
function trialText(t: Trial): string {
  const { record: r, path } = t;
  const section = (title: string, body: string): string => `── ${title} ──\n${body}`;
  const numbered = (steps: readonly string[], from = 1): string => steps.map((s, i) => `Step ${from + i}: ${s}`).join('\n');
  const parts = [
    `Trial of ${t.file}${t.dirty ? ' (unsaved edits included)' : ''} — not stored in any run`,
    `Prompt sha256 ${sha256Hex(t.text)} · corrector ${t.model}${r.cached === true ? ' · answered from the response cache' : ''}`,
    `Mistake: ${t.source}`,
    '',
    section('Question', path.question),
    section(`Original solution (answer ${path.answer ?? 'none'}, gold ${path.goldAnswer})`, path.candidates === undefined ? numbered(path.steps) : path.completion.trim()),
    section('Verdict', r.outcome === 'unparseable' ? `? unparseable: ${r.reason ?? 'no reason given'}` : r.verified ? `✓ verified: the corrected solution reaches the gold answer ${path.goldAnswer} (eq. 2)` : `✗ not verified: the corrected solution answers ${r.answer ?? 'nothing'}; the gold answer is ${path.goldAnswer}`),
  ];
  if (r.incorrectStep !== undefined) parts.push(section('Incorrect step', `Step ${r.incorrectStep}: ${path.steps[r.incorrectStep - 1] ?? '(not in the original solution)'}`));
  if (r.explanation !== undefined) parts.push(section(r.correctedAnswer === undefined ? 'Explanation' : 'Mistakes', r.explanation));
  if (r.correctedAnswer !== undefined) parts.push(section('Corrected answer', r.correctedAnswer));
  if (r.expandedSteps !== undefined) parts.push(section('Corrected solution (original steps before the incorrect one, then the correction)', numbered(r.expandedSteps)));
  parts.push(section('Raw reply', r.raw));
  return `${parts.join('\n\n')}\n`;
}
