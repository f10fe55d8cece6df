/**
 * The mistake view's step-level truth, host side: saves "this is the first wrong step" (or "no step
 * is wrong") and an error type chosen by hand, and answers the page with what is now in force.
 */
import type { Diagnostic } from '../../../core/diagnostic';
import type { LoadedRun } from '../../../core/runs/loadRun';
import { defaultLabeller, saveErrorType, saveStepLabel } from '../../../core/truth/save';
import { answer } from '../../../shared/messages';
import type { HostToMistakeView, MistakeViewToHost } from '../../../shared/protocol';
import { raterName } from '../../raters';

export type TruthMessage = Extract<MistakeViewToHost, { type: 'labelStep' | 'setErrorType' }>;

export function isTruthMessage(m: MistakeViewToHost): m is TruthMessage {
  return m.type === 'labelStep' || m.type === 'setErrorType';
}

export async function saveTruth(run: LoadedRun, message: TruthMessage, onDiagnostic: (d: Diagnostic) => void): Promise<HostToMistakeView> {
  // Who labels: the rater's name (mistakebook.raterName, asked on first use as for ratings); the account's user if that is declined.
  const who = (await raterName()) ?? defaultLabeller();
  if (message.type === 'labelStep') {
    const label = await saveStepLabel(run, { pathId: message.pathId, step: message.step, who, ...(message.correctionId === undefined ? {} : { correctionId: message.correctionId }) }, onDiagnostic);
    return answer(message, { type: 'stepLabelled' as const, pathId: label.pathId, humanStep: { step: label.step, who: label.who, at: label.at } });
  }
  const label = await saveErrorType(run, message.correctionId, message.errorType, onDiagnostic, who);
  return answer(message, { type: 'errorTypeSet' as const, correctionId: label.correctionId, errorType: { type: label.errorType, source: 'human' as const } });
}
