/** A run's parsed correction read as a few-shot example (the annotation `appendExample` writes). */
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import type { Annotation } from './append';

/** A multiple-choice correction keeps its "Mistakes:" text in `explanation`. `where` names the correction in errors. */
export function annotationOfCorrection(correction: CorrectionRecord, path: PathRecord, where: string): Annotation {
  const { incorrectStep, explanation, correctedSteps, correctedAnswer } = correction;
  const unusable = (): Error =>
    new Error(`${where} could not be parsed (${correction.reason ?? 'parts missing'}); only a parsed correction can become an example.`);
  if (correction.outcome !== 'parsed' || explanation === undefined) throw unusable();
  if (path.candidates !== undefined && path.candidates.length > 0) {
    if (correctedAnswer === undefined) throw unusable();
    return { question: path.question, candidates: path.candidates, originalAnswer: path.completion, mistakes: explanation, correctedAnswer };
  }
  if (incorrectStep === undefined || correctedSteps === undefined) throw unusable();
  return {
    question: path.question,
    originalSteps: path.steps,
    incorrectStep,
    explanation,
    correctedSteps,
    ...(correction.correctedFrom === undefined ? {} : { correctedFrom: correction.correctedFrom }),
  };
}
