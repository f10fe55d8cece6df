/** A run's correction variants as every reader lists them: the original one (run.json), then variants.jsonl. */
import { correctorPlanOf } from '../pipeline/config';
import type { RunInfo } from '../store/runInfo';
import type { RunStore } from '../store/runStore';
import { originalVariant, variantList, type Variant, type VariantRecord } from './variant';

export async function readVariants(store: RunStore): Promise<Variant[]> {
  const stored: VariantRecord[] = [];
  for await (const v of store.read<VariantRecord>('variants')) stored.push(v);
  return variantList(originalOf(store.info), stored);
}

/** The original variant of a run.json (any age), or undefined when the run has no corrector or no P_c. */
export function originalOf(info: RunInfo): Variant | undefined {
  return originalVariant(correctorPlanOf(info), info.createdAt);
}
