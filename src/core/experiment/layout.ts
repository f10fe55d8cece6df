/** Where an experiment lives: `.mistakebook/experiments/<id>/` with its two sets, its state and its report. */
import { join } from 'node:path';
import { recordId } from '../ids';

export function experimentsDir(workspaceDir: string): string {
  return join(workspaceDir, '.mistakebook', 'experiments');
}

export function experimentDir(workspaceDir: string, id: string): string {
  return join(experimentsDir(workspaceDir), id);
}

/** The id: what defines the experiment, hashed, so the same command finds the same folder and resumes. */
export function experimentId(parts: { runId: string; testSetSha256: string; baseModel: string; baseUrl: string; sizes: string; seed: number; samplesPerQuestion: number; temperature: number; maxTokens: number; epochs: number | null; testLimit: number | null }): string {
  return `exp-${recordId('experiment', parts).slice(0, 12)}`;
}

export const REPORT_JSON = 'report.json';
export const REPORT_MD = 'report.md';
export const SET_FILES = { cot: 'cot.jsonl', lema: 'lema.jsonl' } as const;
