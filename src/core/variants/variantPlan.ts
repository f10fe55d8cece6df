/**
 * A new correction variant of a stored run: the run's plan with another P_c (and optionally another
 * corrector model or endpoint), so the correct stage corrects the same mistakes again under it.
 * Everything else — the mistakes, corrections per mistake, sampling, limits — stays the run's.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { sha256Hex } from '../ids';
import type { RunPlan } from '../pipeline/config';
import type { RunStore } from '../store/runStore';
import { variantId, type VariantRecord } from './variant';

/** What a researcher asks for: a prompt text (from a file, or an editor's unsaved buffer), and maybe another model. */
export interface VariantRequest {
  prompt: { text: string; file?: string };
  /** Another corrector model name at the run's corrector endpoint (or `baseUrl`). */
  model?: string;
  /** Another OpenAI-compatible base URL for the corrector. */
  baseUrl?: string;
}

/** The run's plan with the variant's corrector and P_c. */
export function variantPlan(plan: RunPlan, request: VariantRequest, workspaceDir: string): RunPlan {
  const corrector = plan.models.corrector;
  if (corrector === undefined) throw new Error('the run has no corrector model; a variant changes the corrector of a run that has one (create the run with a corrector first).');
  const model = { ...corrector, ...(request.model === undefined ? {} : { model: request.model }), ...(request.baseUrl === undefined ? {} : { baseUrl: request.baseUrl }) };
  const file = request.prompt.file === undefined ? 'the prompt in the editor' : workspaceRelative(workspaceDir, request.prompt.file);
  return { ...plan, models: { ...plan.models, corrector: model }, correctionPrompt: { text: request.prompt.text, file, sha256: sha256Hex(request.prompt.text) } };
}

/** The variant a plan corrects with, as a row of variants.jsonl. */
export function variantRecordOf(plan: RunPlan, at: Date = new Date()): VariantRecord {
  const model = plan.models.corrector;
  const prompt = plan.correctionPrompt;
  if (model === undefined || prompt === undefined) throw new Error('a variant needs a corrector model and a few-shot prompt.');
  const { baseUrl, model: name, api, sampling } = model;
  return {
    id: variantId(model, prompt.sha256),
    model: { baseUrl, model: name, api, sampling },
    prompt: { text: prompt.text, sha256: prompt.sha256, ...(prompt.file === 'the prompt in the editor' ? {} : { file: prompt.file }) },
    createdAt: at.toISOString(),
  };
}

/** Notes the variant in variants.jsonl, unless it is the run's original one or already there. Returns its id. */
export async function recordVariant(store: RunStore, plan: RunPlan, originalId: string | undefined): Promise<string> {
  const row = variantRecordOf(plan);
  if (row.id !== originalId) await (await store.table<VariantRecord & { id: string }>('variants')).append(row);
  return row.id;
}

function workspaceRelative(workspaceDir: string, file: string): string {
  if (!isAbsolute(file)) return file.split(sep).join('/');
  const rel = relative(workspaceDir, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}
