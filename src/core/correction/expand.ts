/** The full corrected solution behind a correction that starts with "...". */
import type { StepCorrection } from './correction';

/** The original steps the "..." stands for, then the corrected steps. */
export function expandCorrection(originalSteps: readonly string[], correction: StepCorrection): string[] {
  return [...originalSteps.slice(0, correction.correctedFrom - 1), ...correction.correctedSteps];
}
