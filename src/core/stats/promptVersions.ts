/**
 * Correction prompt versions as a person tells them apart: by the file they were read from and a
 * short sha ("gsm8k.fewshot.txt · 98cc1a2b"), with their first lines for a tooltip. The text of a
 * version is the snapshot in the run.json of a run that used it.
 */
import { listRuns } from '../store/listRuns';
import type { PromptSnapshot } from '../store/runInfo';
import type { PromptVersionInfo } from './report';

const PREVIEW_LINES = 6;
const PREVIEW_WIDTH = 100;

export function shortSha(sha256: string): string {
  return sha256.slice(0, 8);
}

/** The last part of a path written on any system ("prompts\\a.txt" and "prompts/a.txt" both give "a.txt"). */
export function fileName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

/** The label, file and first lines of the version `sha256`; `snapshot` is its text when a run.json holds it. */
export function promptVersionInfo(sha256: string, snapshot: PromptSnapshot | undefined): PromptVersionInfo {
  if (snapshot === undefined) return { label: `prompt · ${shortSha(sha256)}`, lines: 0 };
  const lines = snapshot.text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const head = lines.slice(0, PREVIEW_LINES).map((l) => (l.length > PREVIEW_WIDTH ? `${l.slice(0, PREVIEW_WIDTH - 1)}…` : l));
  const preview = lines.length > PREVIEW_LINES ? [...head, '…'].join('\n') : head.join('\n');
  const name = snapshot.file === undefined ? 'prompt' : fileName(snapshot.file);
  return { label: `${name} · ${shortSha(sha256)}`, ...(snapshot.file === undefined ? {} : { file: snapshot.file }), preview, lines: lines.length };
}

/** A prompt version's whole text, for a read-only document: the first run (newest first) whose correction prompt it is. */
export interface PromptVersionText {
  label: string;
  sha256: string;
  file?: string;
  text: string;
  runId: string;
}

export async function findPromptVersion(workspaceDir: string, sha256: string): Promise<PromptVersionText | undefined> {
  for (const run of await listRuns(workspaceDir, { counts: false })) {
    const snapshot = run.info?.prompts.correction;
    if (snapshot?.sha256 !== sha256) continue;
    return { label: promptVersionInfo(sha256, snapshot).label, sha256, ...(snapshot.file === undefined ? {} : { file: snapshot.file }), text: snapshot.text, runId: run.id };
  }
  return undefined;
}
