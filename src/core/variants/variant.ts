/**
 * Correction variants: a variant is one way of correcting a run's mistakes — a corrector model (its
 * endpoint, API and sampling) and a few-shot prompt P_c (by sha256). A run's own corrector and prompt
 * in run.json are its original variant; `correct --prompt FILE` adds others on the same mistakes,
 * each described by a row of variants.jsonl. Each correction row names its variant; rows written
 * before variants existed name none and belong to the original variant.
 */
import { recordId } from '../ids';
import type { ModelConfig, RunPlan } from '../pipeline/config';
import type { CorrectionRecord } from '../pipeline/records';

/** One row of variants.jsonl: everything needed to repeat the variant (never a key). */
export interface VariantRecord {
  /** variantId(model, prompt.sha256) */
  id: string;
  model: Pick<ModelConfig, 'baseUrl' | 'model' | 'api' | 'sampling'>;
  prompt: { text: string; file?: string; sha256: string };
  createdAt: string;
}

/** A variant as readers see it: the original one (from run.json) is first, then the added ones in the order they were made. */
export interface Variant extends VariantRecord {
  original: boolean;
}

/**
 * 8 hex digits of the hash of what defines the variant, so the same model and prompt text always
 * make the same variant (a rerun finds it) and a user can type it after --variants.
 */
export function variantId(model: Pick<ModelConfig, 'baseUrl' | 'model' | 'api' | 'sampling'>, promptSha256: string): string {
  return recordId('variant', { endpoint: model.baseUrl, model: model.model, api: model.api, sampling: model.sampling, promptSha256 }).slice(0, 8);
}

/** The run's original variant (its run.json corrector and prompt), or undefined when the run has no corrector or no P_c. */
export function originalVariant(plan: Pick<RunPlan, 'models' | 'correctionPrompt'>, createdAt: string): Variant | undefined {
  const model = plan.models.corrector;
  const prompt = plan.correctionPrompt;
  if (model === undefined || prompt === undefined) return undefined;
  const { baseUrl, model: name, api, sampling } = model;
  const promptFile = prompt.file === 'run.json prompts.correction' ? {} : { file: prompt.file };
  return { id: variantId(model, prompt.sha256), model: { baseUrl, model: name, api, sampling }, prompt: { text: prompt.text, sha256: prompt.sha256, ...promptFile }, createdAt, original: true };
}

/** The original variant first, then each stored one once (the first row of an id stands). */
export function variantList(original: Variant | undefined, stored: Iterable<VariantRecord>): Variant[] {
  const out: Variant[] = original === undefined ? [] : [original];
  const seen = new Set(out.map((v) => v.id));
  for (const v of stored) {
    if (seen.has(v.id)) continue;
    seen.add(v.id);
    out.push({ ...v, original: false });
  }
  return out;
}

/** The variant a correction belongs to: the one it names, else the run's original one. */
export function variantOf(correction: Pick<CorrectionRecord, 'variant'>, originalId: string): string {
  return correction.variant ?? originalId;
}

/** A name that starts several variants' ids: the user must give more of it, wherever it is used. */
export class AmbiguousVariantError extends Error {}

/**
 * The variant `wanted` names among `variants`: an id or a unique start of one ("3fa2"), or "original".
 * Throws with the ids there are when it names none or several.
 */
export function findVariant(variants: readonly Variant[], wanted: string): Variant {
  const known = variants.map((v) => v.id).join(', ') || 'none';
  if (wanted === 'original') {
    const original = variants.find((v) => v.original);
    if (original === undefined) throw new Error(`the run has no original variant (no corrector or no few-shot prompt); its variants: ${known}`);
    return original;
  }
  const matches = variants.filter((v) => v.id.startsWith(wanted.toLowerCase()));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length === 0) throw new Error(`the run has no variant '${wanted}'; its variants: ${known}`);
  throw new AmbiguousVariantError(`'${wanted}' names several variants (${matches.map((v) => v.id).join(', ')}); give more of the id.`);
}

/** How views name a variant: "gpt-4 · gsm8k.fewshot.txt · 3fa2b1c0". */
export function variantLabel(v: { id: string; model: { model: string }; prompt: { sha256: string; file?: string } }): string {
  const file = v.prompt.file?.split(/[\\/]/).pop();
  return [v.model.model, file ?? `prompt ${v.prompt.sha256.slice(0, 8)}`, v.id].join(' · ');
}
