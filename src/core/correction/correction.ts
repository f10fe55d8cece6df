/** What the corrector M_c wrote for one mistake, once read (LEMA §2.2). */

export interface StepCorrection {
  format: 'steps';
  /** k of "Incorrect Step: Step k". */
  incorrectStep: number;
  explanation: string;
  /** The steps written after the "...", without their "Step k:" labels. */
  correctedSteps: string[];
  /**
   * Number of the first corrected step: the incorrect step, or an earlier one when the corrector
   * restated steps before it. Unnumbered steps count from the incorrect step.
   */
  correctedFrom: number;
}

export interface ChoiceCorrection {
  format: 'multiple-choice';
  mistakes: string;
  correctedAnswer: string;
}

export type Correction = StepCorrection | ChoiceCorrection;

/** Output we could not read is kept, with the reason, as a result in its own right. */
export type CorrectionOutcome<C extends Correction = Correction> =
  | { status: 'parsed'; correction: C }
  | { status: 'unparseable'; raw: string; reason: string };
