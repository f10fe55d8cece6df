/** Reading, expanding, aligning and verifying the corrector's output. */
export type { ChoiceCorrection, Correction, CorrectionOutcome, StepCorrection } from './correction';
export { parseCorrection, parseChoiceCorrection, parseStepCorrection } from './parse';
export { expandCorrection } from './expand';
export { alignSteps } from './align';
export type { AlignedStep, AlignmentKind } from './align';
export { wordDiff } from './diff';
export type { WordChange } from './diff';
export { explainCorrection, verifyCorrection } from './verify';
