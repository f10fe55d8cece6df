/** `mistakebook correct --prompt FILE [--corrector-model M] [--corrector-base-url U]`: a new correction variant of a run. */
import { resolve } from 'node:path';
import { readPromptFile } from '../core/fewshot/readPromptFile';
import type { VariantRequest } from '../core/variants/variantPlan';
import { UsageError } from './command';

export const VARIANT_OPTIONS = { prompt: { type: 'string' }, 'corrector-model': { type: 'string' }, 'corrector-base-url': { type: 'string' } } as const;

export const VARIANT_HELP = `
Correction variants (correct only):
  --prompt FILE                 correct the run's mistakes again with this
                                few-shot prompt: a new variant beside the run's
                                own corrections (see 'mistakebook compare')
  --corrector-model M           the variant's corrector model (default: the run's)
  --corrector-base-url U        the variant's corrector endpoint (default: the run's)
`;

type VariantValues = { prompt?: string | undefined; 'corrector-model'?: string | undefined; 'corrector-base-url'?: string | undefined };

/** The variant the command line asks for, or undefined for the run's own correct stage. */
export async function variantRequest(values: VariantValues, stage: string, workspaceDir: string): Promise<VariantRequest | undefined> {
  const model = values['corrector-model'];
  const baseUrl = values['corrector-base-url'];
  if (values.prompt === undefined) {
    if (model !== undefined || baseUrl !== undefined) throw new UsageError('--corrector-model and --corrector-base-url make a variant: give its --prompt FILE too');
    return undefined;
  }
  if (stage !== 'correct') throw new UsageError(`--prompt makes a correction variant: it belongs to 'mistakebook correct', not '${stage}'`);
  if (baseUrl !== undefined && !/^https?:\/\//.test(baseUrl)) throw new UsageError(`--corrector-base-url must be an http(s) URL (got '${baseUrl}')`);
  const file = resolve(workspaceDir, values.prompt);
  return { prompt: { text: await readPromptFile(file), file }, ...(model === undefined ? {} : { model }), ...(baseUrl === undefined ? {} : { baseUrl }) };
}
