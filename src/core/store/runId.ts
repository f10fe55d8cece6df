import { canonicalJson, sha256Hex } from '../ids';
import type { RunInfo } from './runInfo';

const VALID_RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Throws unless `id` is safe as a directory name on every OS and cannot climb out of runs/. */
export function checkRunId(id: string): void {
  if (!VALID_RUN_ID.test(id) || id.includes('..')) {
    throw new Error(`"${id}" is not a usable run id: use 1–128 letters, digits, '.', '_' or '-', starting with a letter or digit.`);
  }
}

/**
 * A run id that sorts by creation time and says what the run is, e.g.
 * `2026-11-25T14-33-05-gsm8k-llama-2-7b-hf-3f9a1c`: UTC time (so runs from machines in different
 * time zones sort together), task, reasoner model, and 6 hex digits of the configuration's hash —
 * two runs with the same suffix were configured the same.
 */
export function makeRunId(info: Pick<RunInfo, 'task' | 'dataset' | 'models' | 'prompts' | 'settings'>, at: Date): string {
  const time = at.toISOString().slice(0, 19).replace(/:/g, '-');
  const model = info.models.reasoner?.model ?? info.models.corrector?.model;
  const config = canonicalJson({
    task: info.task,
    dataset: info.dataset.sha256,
    models: info.models,
    prompts: Object.fromEntries(Object.entries(info.prompts).map(([role, p]) => [role, p.sha256])),
    settings: info.settings,
  });
  return [time, info.task, ...(model === undefined ? [] : [slug(model)]), sha256Hex(config).slice(0, 6)].filter((s) => s !== '').join('-');
}

/** "meta-llama/Llama-2-7b-hf" → "llama-2-7b-hf": the last path segment, lower case, at most 32 characters. */
function slug(model: string): string {
  const last = model.split('/').filter((s) => s !== '').pop() ?? model;
  return last
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 32)
    .replace(/[-.]+$/, '');
}
