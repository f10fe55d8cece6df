/**
 * Which mistake a preview shows: the one the researcher selected, else the first wrong path of
 * the latest run, else the prompt's own last example held out of the prompt (so the corrector
 * cannot copy the answer from it).
 */
import * as vscode from 'vscode';
import { parsePrompt, type FewShotExample, type FewShotPrompt, type Mistake } from '../../core/fewshot';
import { joinLines } from '../../core/fewshot/lines';
import type { PathRecord } from '../../core/pipeline/records';
import { runDir, tableFile } from '../../core/store/layout';
import { checkRunId } from '../../core/store/runId';
import { listRuns } from '../../core/store/listRuns';
import { readTable } from '../../core/store/tableReader';

/** How many of the newest runs are searched for a wrong path before falling back to the prompt. */
const RUNS_SEARCHED = 3;

export interface RunMistake {
  mistake: Mistake;
  /** Shown in the preview's title: where the mistake comes from. */
  source: string;
  /** The wrong path it was read from, when it comes from a run (its gold answer verifies a trial correction). */
  path?: PathRecord;
}

export function workspaceDir(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

/** The first wrong path of the newest runs that fits the prompt's layout, or null. */
export async function latestRunMistake(prompt: FewShotPrompt): Promise<RunMistake | null> {
  const dir = workspaceDir();
  if (dir === undefined) return null;
  const runs = (await listRuns(dir)).filter((r) => (r.counts.paths ?? 0) > 0).slice(0, RUNS_SEARCHED);
  for (const run of runs) {
    // A damaged line was already reported by the run's own views; here it is only skipped.
    for await (const path of readTable<PathRecord>(tableFile(run.dir, 'paths'), () => undefined)) {
      if (path.correct) continue;
      const mistake = mistakeOfPath(path);
      if (('candidates' in mistake) !== (prompt.format === 'multiple-choice')) continue;
      return { mistake, source: `run ${run.id}, first mistake`, path };
    }
  }
  return null;
}

/** A path of a run by its ids, as the Datasets tree and the mistake view name it. */
export async function runPathMistake(runId: string, pathId: string): Promise<RunMistake> {
  const dir = workspaceDir();
  if (dir === undefined) throw new Error('Open the workspace folder that holds .mistakebook/runs to preview a mistake of a run.');
  checkRunId(runId);
  const file = tableFile(runDir(dir, runId), 'paths');
  for await (const path of readTable<PathRecord>(file, () => undefined)) {
    if (path.id === pathId) return { mistake: mistakeOfPath(path), source: `run ${runId}, path ${pathId}`, path };
  }
  throw new Error(`${file}: no path with id ${pathId}.`);
}

/** What the corrector is shown of a sampled path, as the correct stage shows it. */
function mistakeOfPath(path: PathRecord): Mistake {
  if (path.candidates !== undefined && path.candidates.length > 0) {
    return { question: path.question, candidates: path.candidates, originalAnswer: path.completion.trim() };
  }
  return { question: path.question, originalSteps: path.steps };
}

/** An example of the prompt read back as the mistake it annotates. */
export function mistakeOfExample(example: FewShotExample): Mistake {
  if (example.format === 'steps') return { question: example.question, originalSteps: example.originalSteps };
  return { question: example.question, candidates: splitCandidates(example.candidateAnswers), originalAnswer: example.originalAnswer };
}

/** "(A) bank (B) library" → ["bank", "library"], the inverse of the task's formatCandidates. */
function splitCandidates(text: string): string[] {
  const parts = text.split(/\(([A-Z])\)\s*/).slice(1);
  const candidates: string[] = [];
  for (let i = 1; i < parts.length; i += 2) candidates.push((parts[i] ?? '').trim());
  return candidates.length > 0 ? candidates : [text];
}

/** The prompt without one of its examples (and the blank lines that separated it). */
export function withoutExample(prompt: FewShotPrompt, example: FewShotExample): FewShotPrompt {
  const lines = [...prompt.lines];
  let from = example.range.startLine - 1;
  let to = example.range.endLine; // exclusive
  const blank = (i: number): boolean => (lines[i]?.text.trim() ?? 'x') === '';
  while (to < lines.length && blank(to)) to++;
  // The last example takes the gap before it instead, so the file does not end in blank lines.
  if (to === lines.length) while (from > 0 && blank(from - 1)) from--;
  lines.splice(from, to - from);
  return parsePrompt(joinLines(lines), prompt.file);
}
