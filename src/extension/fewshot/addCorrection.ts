/**
 * "Add Correction to Few-shot Prompt": a reviewed correction becomes the prompt's next example,
 * applied as an edit of the open document so that Undo takes it back.
 */
import * as vscode from 'vscode';
import { appendExample, type Annotation, type StepsAnnotation } from '../../core/fewshot';
import type { CorrectionRecord, PathRecord } from '../../core/pipeline/records';
import { runDir, tableFile } from '../../core/store/layout';
import { listRuns } from '../../core/store/listRuns';
import { checkRunId } from '../../core/store/runId';
import { readTable } from '../../core/store/tableReader';
import { displayName, headline } from './language';
import { workspaceDir } from './mistakeSource';
import { pickPromptFile } from './pickPrompt';

/** How many corrections the picker offers when the command is run from the palette. */
const PICK_LIMIT = 500;

/**
 * Adds `correction` (an annotation, or a run's correction by ids; asked for when absent) to
 * `promptUri` (asked for when absent). Resolves to the edited document, or undefined when the
 * user cancelled.
 */
export async function addCorrectionToPrompt(correction?: unknown, promptUri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const annotation = correction === undefined ? await pickRunCorrection() : await annotationOf(correction);
  if (!annotation) return undefined;
  const uri = promptUri ?? (await pickPromptFile('Add the correction as a new example of which few-shot prompt?'));
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

async function annotationOf(value: unknown): Promise<Annotation> {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof v['runId'] === 'string' && typeof v['correctionId'] === 'string') return readRunCorrection(v['runId'], v['correctionId']);
  // A correction node of the Datasets tree: { correction: { runId, record } }.
  const node = (typeof v['correction'] === 'object' && v['correction'] !== null ? v['correction'] : {}) as Record<string, unknown>;
  const id = (node['record'] as { id?: unknown } | undefined)?.id;
  if (typeof node['runId'] === 'string' && typeof id === 'string') return readRunCorrection(node['runId'], id);
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

async function readRunCorrection(runId: string, correctionId: string): Promise<Annotation> {
  const dir = workspaceDir();
  if (dir === undefined) throw new Error('Open the workspace folder that holds .mistakebook/runs to add a correction from a run.');
  checkRunId(runId);
  const run = runDir(dir, runId);
  const correction = await findRecord<CorrectionRecord>(tableFile(run, 'corrections'), (c) => c.id === correctionId);
  if (!correction) throw new Error(`${tableFile(run, 'corrections')}: no correction with id ${correctionId}.`);
  const path = await findRecord<PathRecord>(tableFile(run, 'paths'), (p) => p.id === correction.pathId);
  if (!path) throw new Error(`${tableFile(run, 'paths')}: no path with id ${correction.pathId} (the correction ${correctionId} is for it).`);
  return recordAnnotation(correction, path, `${tableFile(run, 'corrections')}: correction ${correctionId}`);
}

/** A multiple-choice correction keeps its "Mistakes:" text in `explanation`. */
function recordAnnotation(correction: CorrectionRecord, path: PathRecord, where: string): Annotation {
  const { incorrectStep, explanation, correctedSteps, correctedAnswer } = correction;
  const unusable = (): Error =>
    new Error(`${where} could not be parsed (${correction.reason ?? 'parts missing'}); only a parsed correction can become an example.`);
  if (correction.outcome !== 'parsed' || explanation === undefined) throw unusable();
  if (path.candidates !== undefined && path.candidates.length > 0) {
    if (correctedAnswer === undefined) throw unusable();
    return { question: path.question, candidates: path.candidates, originalAnswer: path.completion, mistakes: explanation, correctedAnswer };
  }
  if (incorrectStep === undefined || correctedSteps === undefined) throw unusable();
  return {
    question: path.question,
    originalSteps: path.steps,
    incorrectStep,
    explanation,
    correctedSteps,
    ...(correction.correctedFrom === undefined ? {} : { correctedFrom: correction.correctedFrom }),
  };
}

async function findRecord<R extends { id: string }>(file: string, wanted: (r: R) => boolean): Promise<R | undefined> {
  for await (const record of readTable<R>(file, () => undefined)) if (wanted(record)) return record;
  return undefined;
}

/** From the palette: the parsed corrections of the newest runs, verified ones first. */
async function pickRunCorrection(): Promise<Annotation | undefined> {
  const dir = workspaceDir();
  const runs = dir === undefined ? [] : (await listRuns(dir)).filter((r) => (r.counts.corrections ?? 0) > 0);
  const found: { correction: CorrectionRecord; run: string }[] = [];
  const read = new Set<(typeof runs)[number]>();
  for (const run of runs) {
    if (found.length >= PICK_LIMIT) break;
    read.add(run);
    for await (const c of readTable<CorrectionRecord>(tableFile(run.dir, 'corrections'), () => undefined)) {
      if (c.outcome === 'parsed' && found.length < PICK_LIMIT) found.push({ correction: c, run: run.id });
    }
  }
  if (found.length === 0) {
    void vscode.window.showInformationMessage('No parsed correction in this workspace’s runs yet. Run Generate Corrections first, or pass a correction to the command.');
    return undefined;
  }
  const paths = new Map<string, PathRecord>();
  const wanted = new Set(found.map((f) => f.correction.pathId));
  for (const run of read) {
    for await (const p of readTable<PathRecord>(tableFile(run.dir, 'paths'), () => undefined)) if (wanted.has(p.id)) paths.set(p.id, p);
  }
  const items = found
    .filter((f) => paths.has(f.correction.pathId))
    .sort((a, b) => Number(b.correction.verified) - Number(a.correction.verified))
    .map(({ correction, run }) => ({
      label: `${correction.verified ? '$(pass)' : '$(circle-slash)'} ${headline(paths.get(correction.pathId)?.question ?? '', 10)}`,
      description: `${correction.incorrectStep === undefined ? 'answer' : `Step ${correction.incorrectStep}`} wrong · ${correction.verified ? 'verified' : 'not verified'} · run ${run}`,
      detail: headline(correction.explanation ?? '', 16),
      correction,
      run,
    }));
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: 'Which correction becomes a new example?', matchOnDescription: true, matchOnDetail: true });
  if (!chosen) return undefined;
  const path = paths.get(chosen.correction.pathId);
  return path ? recordAnnotation(chosen.correction, path, `run ${chosen.run}: correction ${chosen.correction.id}`) : undefined;
}
