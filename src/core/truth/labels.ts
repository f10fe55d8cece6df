/**
 * The researcher's step-level truth, as stored rows: `steplabels.jsonl` (the first wrong step of a
 * path, or none) and `errortypes.jsonl` (an error type given to a correction by hand, or by the
 * corrector model's classification). Both tables are append-only; the last row of a path (or of a
 * correction and source) is the one in force, as with ratings.
 */
import { recordId } from '../ids';
import type { ErrorType } from './errorTypes';

/** One line of steplabels.jsonl. */
export interface StepLabel {
  id: string;
  pathId: string;
  /** The correction shown when the label was given, when there was one. */
  correctionId?: string;
  /** 1-based number of the first wrong step of the path; null: no step is wrong. */
  step: number | null;
  /** Who labelled: the OS user, or a name the researcher gave. */
  who: string;
  /** ISO time. */
  at: string;
}

/** One line of errortypes.jsonl. */
export interface ErrorTypeLabel {
  id: string;
  correctionId: string;
  errorType: ErrorType;
  /** `human`: chosen in the mistake view; `model`: the corrector's answer to the classification prompt. */
  source: 'human' | 'model';
  who: string;
  at: string;
}

export function newStepLabel(pathId: string, step: number | null, who: string, correctionId?: string, at: Date = new Date()): StepLabel {
  const time = at.toISOString();
  return { id: recordId('steplabel', { pathId, step, who, at: time }), pathId, ...(correctionId === undefined ? {} : { correctionId }), step, who, at: time };
}

export function newErrorTypeLabel(correctionId: string, errorType: ErrorType, source: ErrorTypeLabel['source'], who: string, at: Date = new Date()): ErrorTypeLabel {
  const time = at.toISOString();
  return { id: recordId('errortype', { correctionId, errorType, source, who, at: time }), correctionId, errorType, source, who, at: time };
}

/**
 * The error types in force per correction: the last human row, else the last model row. Kept as
 * two maps so a later model classification never hides a researcher's choice.
 */
export class ErrorTypeLabels {
  readonly human = new Map<string, ErrorTypeLabel>();
  readonly model = new Map<string, ErrorTypeLabel>();

  add(label: ErrorTypeLabel): void {
    (label.source === 'human' ? this.human : this.model).set(label.correctionId, label);
  }

  get(correctionId: string): ErrorTypeLabel | undefined {
    return this.human.get(correctionId) ?? this.model.get(correctionId);
  }
}
