/**
 * Saving the researcher's step-level truth from the mistake view: the first wrong step of a path (or
 * none) and an error type by hand, each checked against the run, appended to its own table, and made
 * the one in force in the loaded run. The table is opened and closed around the append, as ratings are.
 */
import { userInfo } from 'node:os';
import type { Diagnostic } from '../diagnostic';
import { correctionIdsOf, indexOfPath, mistakeOfCorrection, type LoadedRun, type RunTruth } from '../runs/loadRun';
import type { TableName } from '../store/layout';
import { RunStore } from '../store/runStore';
import type { StoredRecord } from '../store/tableReader';
import type { ErrorType } from './errorTypes';
import { newErrorTypeLabel, newStepLabel, type ErrorTypeLabel, type StepLabel } from './labels';

/** Who labels when no name is given: the account's user name. */
export function defaultLabeller(): string {
  try {
    return userInfo().username || 'researcher';
  } catch {
    return 'researcher';
  }
}

function truthOf(run: LoadedRun): RunTruth {
  run.truth ??= { stepLabels: new Map(), humanTypes: new Map(), modelTypes: new Map() };
  return run.truth;
}

/** "Step k is the first wrong step" (or, with null, "no step is wrong") for a mistake of the run. */
export async function saveStepLabel(
  run: LoadedRun,
  label: { pathId: string; step: number | null; correctionId?: string; who?: string },
  onDiagnostic: (d: Diagnostic) => void,
  at: Date = new Date(),
): Promise<StepLabel> {
  const mistake = run.mistakes[indexOfPath(run, label.pathId)];
  if (mistake === undefined) throw new Error(`run ${run.run.id} has no mistake with path ${label.pathId}; reload the mistake view and label again.`);
  const steps = mistake.path.steps.length;
  if (label.step !== null && (!Number.isInteger(label.step) || label.step < 1 || label.step > steps)) {
    throw new RangeError(`Step ${label.step} is not a step of path ${label.pathId} (it has Steps 1–${steps}).`);
  }
  if (label.correctionId !== undefined && !correctionIdsOf(mistake).includes(label.correctionId)) {
    throw new Error(`path ${label.pathId} has no correction ${label.correctionId}; reload the mistake view and label again.`);
  }
  const row = newStepLabel(label.pathId, label.step, label.who ?? defaultLabeller(), label.correctionId, at);
  await append(run, 'steplabels', row, onDiagnostic);
  truthOf(run).stepLabels.set(label.pathId, row);
  return row;
}

/** The error type of a correction, chosen by hand: it is in force from now on, whatever the rules or the model said. */
export async function saveErrorType(
  run: LoadedRun,
  correctionId: string,
  errorType: ErrorType,
  onDiagnostic: (d: Diagnostic) => void,
  who: string = defaultLabeller(),
  at: Date = new Date(),
): Promise<ErrorTypeLabel> {
  if (mistakeOfCorrection(run, correctionId) === undefined) throw new Error(`run ${run.run.id} has no correction ${correctionId}; reload the mistake view and choose again.`);
  const row = newErrorTypeLabel(correctionId, errorType, 'human', who, at);
  await append(run, 'errortypes', row, onDiagnostic);
  truthOf(run).humanTypes.set(correctionId, row);
  return row;
}

async function append(run: LoadedRun, table: TableName, row: StoredRecord, onDiagnostic: (d: Diagnostic) => void): Promise<void> {
  const store = await RunStore.open(run.workspaceDir, run.run.id, { onDiagnostic });
  try {
    await (await store.table(table)).append(row);
  } finally {
    await store.close();
  }
}
