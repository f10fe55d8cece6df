/**
 * Whether two runs were set up the same: task, dataset (file and bytes), models (endpoint, model,
 * API, sampling), prompts and settings. The corrector's seed is left out: a new run draws its own, and
 * two runs that differ only in it would ask the same questions again. Starting such a twin of a
 * finished run is what the researcher is warned about.
 */
import { canonicalJson } from '../ids';
import type { RunInfo } from '../store/runInfo';

function setupOf(info: Pick<RunInfo, 'task' | 'dataset' | 'models' | 'prompts' | 'settings'>): string {
  const models = Object.fromEntries(
    Object.entries(info.models).map(([role, spec]) => {
      const { seed: _seed, ...sampling } = spec.sampling;
      return [role, { ...spec, sampling: role === 'corrector' ? sampling : spec.sampling }];
    }),
  );
  const prompts = Object.fromEntries(Object.entries(info.prompts).map(([role, p]) => [role, p.sha256]));
  return canonicalJson({ task: info.task, dataset: info.dataset, models, prompts, settings: info.settings });
}

export function sameSetup(a: Pick<RunInfo, 'task' | 'dataset' | 'models' | 'prompts' | 'settings'>, b: Pick<RunInfo, 'task' | 'dataset' | 'models' | 'prompts' | 'settings'>): boolean {
  return setupOf(a) === setupOf(b);
}
