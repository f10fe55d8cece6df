/**
 * The original path and the corrected solution side by side, step by step, as the mistake view
 * shows them: steps before the incorrect one are shared, the incorrect step is replaced (with a
 * word diff), the original steps after it are invalidated and the corrected ones are new.
 */
import type { StepCorrection } from './correction';
import { wordDiff, type WordChange } from './diff';
import { expandCorrection } from './expand';

export type AlignmentKind = 'shared' | 'replaced' | 'invalidated-original' | 'new-corrected';

export interface AlignedStep {
  kind: AlignmentKind;
  /** The step number both sides use. */
  number: number;
  original?: string;
  corrected?: string;
  /** For a replaced step: from the original text to the corrected one. */
  diff?: WordChange[];
}

/** Rows in step order; after the incorrect step, each number gives its invalidated original, then its new step. */
export function alignSteps(originalSteps: readonly string[], correction: StepCorrection): AlignedStep[] {
  const corrected = expandCorrection(originalSteps, correction);
  const k = correction.incorrectStep;
  const rows: AlignedStep[] = [];
  const last = Math.max(originalSteps.length, corrected.length);
  for (let n = 1; n <= last; n++) {
    const original = originalSteps[n - 1];
    const fixed = corrected[n - 1];
    if (original !== undefined && fixed !== undefined && (n === k || (n < k && !sameText(original, fixed)))) {
      rows.push({ kind: 'replaced', number: n, original, corrected: fixed, diff: wordDiff(original, fixed) });
    } else if (original !== undefined && fixed !== undefined && n < k) {
      rows.push({ kind: 'shared', number: n, original, corrected: fixed });
    } else {
      if (original !== undefined) rows.push({ kind: 'invalidated-original', number: n, original });
      if (fixed !== undefined) rows.push({ kind: 'new-corrected', number: n, corrected: fixed });
    }
  }
  return rows;
}

/** Restating a step with different spacing does not change it. */
function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}
