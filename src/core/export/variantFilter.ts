/**
 * Export's correction-variant filter (issue 16): once a run has corrections from several variants,
 * a fine-tuning set for an ablation must come from the one the researcher chose, not from all of
 * them mixed. Names are resolved per run like `compare --variants`: an id, a unique start of one,
 * or "original" (each run's own corrector and prompt). A name no chosen run knows is an error.
 */
import type { CorrectionRecord } from '../pipeline/records';
import type { RunStore } from '../store/runStore';
import { readVariants } from '../variants/readVariants';
import { AmbiguousVariantError, findVariant, variantOf } from '../variants/variant';

export class VariantChoice {
  private readonly matched = new Set<string>();

  /** `wanted` empty or absent: every variant is exported. */
  constructor(private readonly wanted: readonly string[] | undefined) {}

  get active(): boolean {
    return this.wanted !== undefined && this.wanted.length > 0;
  }

  /** Which corrections of this run are of a chosen variant. */
  async forRun(store: RunStore): Promise<(c: Pick<CorrectionRecord, 'variant'>) => boolean> {
    if (!this.active) return () => true;
    const variants = await readVariants(store);
    const ids = new Set<string>();
    for (const name of this.wanted ?? []) {
      try {
        ids.add(findVariant(variants, name).id);
        this.matched.add(name);
      } catch (e) {
        // A name that is ambiguous is the user's to fix; one this run lacks may belong to another run.
        if (e instanceof AmbiguousVariantError) throw new Error(`run ${store.id}: ${e.message}`, { cause: e });
      }
    }
    const originalId = variants.find((v) => v.original)?.id ?? '';
    return (c) => ids.has(variantOf(c, originalId));
  }

  /** After every run was read: a name that matched in none of them. */
  checkAllMatched(runs: readonly string[]): void {
    const unmatched = (this.wanted ?? []).filter((name) => !this.matched.has(name));
    if (unmatched.length > 0) throw new Error(`no correction variant ${unmatched.map((n) => `'${n}'`).join(', ')} in runs ${runs.join(', ') || '(none)'}; see mistakebook compare --run ID for each run's variants.`);
  }
}
