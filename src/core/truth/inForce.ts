/** Which first wrong step and which error type count for a correction, as every reader decides it. */
import type { CorrectionSummary, RunCorrection } from '../runs/runIndex';
import type { ErrorType, ErrorTypeSource } from './errorTypes';
import type { ErrorTypeLabel } from './labels';

/** The step the corrector named: a number, null when it said no step is wrong, undefined when its reply could not be read. */
export function correctorStep(c: Pick<CorrectionSummary, 'outcome' | 'incorrectStep' | 'noIncorrectStep'>): number | null | undefined {
  if (c.outcome === 'parsed' && c.incorrectStep !== undefined) return c.incorrectStep;
  return c.noIncorrectStep === true ? null : undefined;
}

/** The error type in force: by hand, else the model's classification, else the rules'; none for a correction that names no step. */
export function errorTypeInForce(ruleType: ErrorType | undefined, label: ErrorTypeLabel | undefined): { type: ErrorType; source: ErrorTypeSource } | undefined {
  if (label !== undefined) return { type: label.errorType, source: label.source };
  return ruleType === undefined ? undefined : { type: ruleType, source: 'rules' };
}

export function errorTypeOf(c: RunCorrection): { type: ErrorType; source: ErrorTypeSource } | undefined {
  return errorTypeInForce(c.record.ruleErrorType, c.errorTypeLabel);
}

/** A readable correction that names another first wrong step than the researcher did (or names one where they said none). */
export function disagreesWith(humanStep: number | null, c: Pick<CorrectionSummary, 'outcome' | 'incorrectStep' | 'noIncorrectStep'>): boolean {
  const step = correctorStep(c);
  return step !== undefined && step !== humanStep;
}
