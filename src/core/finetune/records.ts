/**
 * Fine-tuning jobs kept in the workspace, one file each (`.mistakebook/finetunes/<job>.json`): the
 * training file's sha256 and the export manifest it came from, the job's states with their times and
 * the fine-tuned model, so a reload or a CLI in another terminal picks a job up. Uploads are kept by
 * endpoint and content (`finetunes/files/<key>.json`), so the same bytes are never uploaded twice.
 * Each file is written whole and atomically; a job file has one writer at a time (the one waiting).
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../ids';
import { writeFileAtomic } from '../store/atomicWrite';

export type JobStatus = 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);

export interface Hyperparameters {
  n_epochs?: number;
  batch_size?: number;
  learning_rate_multiplier?: number;
}

export interface TrainingFileRef {
  /** Where the file was, relative to the workspace when inside it. */
  path: string;
  sha256: string;
  fileId: string;
  examples: number;
  /** The export manifest the file came from, when there is one. */
  manifest?: string;
}

export interface FineTuneRecord {
  /** The job id the engine gave, e.g. ftjob-abc123. */
  jobId: string;
  /** What defines the job (endpoint, base model, files' sha256, suffix, seed, hyperparameters): the same key is the same job. */
  key: string;
  baseUrl: string;
  baseModel: string;
  suffix?: string;
  seed?: number;
  hyperparameters: Hyperparameters;
  trainingFile: TrainingFileRef;
  validationFile?: TrainingFileRef;
  /** The experiment that started it, if any. */
  experiment?: string;
  role?: string;
  /** Every state seen, in order, with when it was first seen. */
  states: Array<{ status: string; at: string }>;
  status: string;
  fineTunedModel?: string;
  trainedTokens?: number;
  error?: { code?: string; message: string };
  createdAt: string;
  updatedAt: string;
}

export interface UploadRecord {
  baseUrl: string;
  sha256: string;
  fileId: string;
  filename: string;
  uploadedAt: string;
}

export function finetunesDir(workspaceDir: string): string {
  return join(workspaceDir, '.mistakebook', 'finetunes');
}

function jobFile(workspaceDir: string, jobId: string): string {
  if (!/^[\w.-]+$/.test(jobId)) throw new Error(`unexpected fine-tuning job id ${JSON.stringify(jobId)}`);
  return join(finetunesDir(workspaceDir), `${jobId}.json`);
}

function uploadFile(workspaceDir: string, baseUrl: string, sha256: string): string {
  return join(finetunesDir(workspaceDir), 'files', `${sha256Hex(baseUrl).slice(0, 12)}-${sha256}.json`);
}

export async function saveJob(workspaceDir: string, record: FineTuneRecord): Promise<void> {
  await mkdir(finetunesDir(workspaceDir), { recursive: true });
  await writeFileAtomic(jobFile(workspaceDir, record.jobId), `${JSON.stringify(record, null, 2)}\n`);
}

/** Every job record of the workspace, newest first; unreadable files are reported and skipped. */
export async function listJobs(workspaceDir: string, onProblem: (file: string, message: string) => void = () => undefined): Promise<FineTuneRecord[]> {
  let names: string[];
  try {
    names = await readdir(finetunesDir(workspaceDir));
  } catch {
    return [];
  }
  const out: FineTuneRecord[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
    const file = join(finetunesDir(workspaceDir), name);
    try {
      const value = JSON.parse(await readFile(file, 'utf8')) as FineTuneRecord;
      if (typeof value.jobId !== 'string' || typeof value.key !== 'string') throw new Error('not a fine-tuning job record');
      out.push(value);
    } catch (e) {
      onProblem(file, (e as Error).message);
    }
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** States after which a job will never yield a model: a rerun starts a new job for the same key. */
export const DEAD_JOB_STATES: ReadonlySet<string> = new Set(['failed', 'cancelled']);

/** The live (or succeeded) job recorded under `key`, newest first; a failed or cancelled one is history. */
export async function findJobByKey(workspaceDir: string, key: string): Promise<FineTuneRecord | undefined> {
  return (await listJobs(workspaceDir)).find((r) => r.key === key && !DEAD_JOB_STATES.has(r.status));
}

export async function findUpload(workspaceDir: string, baseUrl: string, sha256: string): Promise<UploadRecord | undefined> {
  try {
    return JSON.parse(await readFile(uploadFile(workspaceDir, baseUrl, sha256), 'utf8')) as UploadRecord;
  } catch {
    return undefined;
  }
}

export async function saveUpload(workspaceDir: string, upload: UploadRecord): Promise<void> {
  const file = uploadFile(workspaceDir, upload.baseUrl, upload.sha256);
  await mkdir(join(finetunesDir(workspaceDir), 'files'), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(upload, null, 2)}\n`);
}
