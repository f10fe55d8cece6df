/**
 * The variant of each correction as the mistake view names it, from the run's run.json alone (the
 * view reads no other table for it): the variant id the row carries (or the original one's), and
 * "model · prompt file or short sha · id".
 */
import type { CorrectionRecord } from '../pipeline/records';
import type { RunInfo } from '../store/runInfo';
import { originalOf } from './readVariants';
import { variantLabel, variantOf } from './variant';

export function correctionVariantNamer(info: Readonly<RunInfo>): (c: CorrectionRecord) => { variant?: string; variantLabel?: string } {
  let original: ReturnType<typeof originalOf>;
  try {
    original = originalOf(info, 'run.json');
  } catch {
    original = undefined; // a run.json the stages cannot use still shows its corrections
  }
  const originalId = original?.id ?? '';
  return (c) => {
    const variant = variantOf(c, originalId);
    if (variant === '') return {};
    const file = original !== undefined && c.promptSha256 === original.prompt.sha256 ? original.prompt.file : undefined;
    return { variant, variantLabel: variantLabel({ id: variant, model: { model: c.model }, prompt: { sha256: c.promptSha256, ...(file === undefined ? {} : { file }) } }) };
  };
}
