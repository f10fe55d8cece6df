/** One mistake of a review, shaped for the mistake view: header facts and aligned step rows per correction. */
import { alignSteps } from '../correction/align';
import type { CorrectionRecord, PathRecord } from '../pipeline/records';
import { sha256Hex } from '../ids';
import { explainCorrectionVerdict, explainPathVerdict } from '../pipeline/verdicts';
import { formatExplanation, type ExplainedVerdict } from '../task';
import type { CorrectionView, MistakeData, StepRow } from './viewTypes';
import type { LoadedRun } from '../runs/loadRun';
import { runLabelOf } from '../runs/runIndex';
import { reviewProgress } from './navigate';
import { ownRating, ratersView, ratingViewOf, type ViewReviewer } from './raterView';
import { correctionVariantNamer } from '../variants/viewLabels';
import { classifyExplanation } from '../truth/classifyError';

/**
 * Past this length a step is not word-diffed: diffing a megabyte against its replacement takes
 * seconds, and a step that long is unreadable as a diff anyway.
 */
export const LONGEST_DIFFED_STEP = 4000;

/**
 * Past this length a text is cut before it travels to the view, with a note saying so: the view shows
 * long texts a screenful at a time, and megabytes through the webview channel take seconds.
 */
export const LONGEST_SENT_TEXT = 100_000;

function clip(text: string): string {
  if (text.length <= LONGEST_SENT_TEXT) return text;
  return `${text.slice(0, LONGEST_SENT_TEXT)}\n[… ${(text.length - LONGEST_SENT_TEXT).toLocaleString('en')} more characters not shown; the full text is in the run's JSONL files]`;
}

export function mistakeData(review: LoadedRun, index: number, reviewer?: ViewReviewer): MistakeData {
  const mistake = review.mistakes[index];
  if (mistake === undefined) throw new RangeError(`run ${review.run.id} has ${review.mistakes.length} mistakes; there is no mistake ${index + 1}.`);
  const { path } = mistake;
  // Correction variants: each correction names its variant, so the view can set two side by side.
  const variantOfView = correctionVariantNamer(review.run, review.workspaceDir);
  return {
    runId: review.run.id,
    runLabel: runLabelOf(review.run.id, review.run),
    pathId: path.id,
    position: index + 1,
    total: review.mistakes.length,
    task: path.task,
    question: clip(path.question),
    goldAnswer: clip(path.goldAnswer),
    pathAnswer: path.answer === null ? null : clip(path.answer),
    ...whyOf(() => explainPathVerdict(path, review.run.task), path.correct, 'pathVerdictWhy'),
    reasonerModel: clip(path.model),
    steps: path.steps.map(clip),
    corrections: mistake.corrections.map((c) => ({ ...correctionView(review, path, c, reviewer), ...variantOfView(c) })),
    progress: reviewProgress(review, reviewer),
    ...humanStepOf(review, path.id),
  };
}

/** Step-level truth: the researcher's label of the path, as the view shows it. */
function humanStepOf(review: LoadedRun, pathId: string): Pick<MistakeData, 'humanStep'> {
  const label = review.truth?.stepLabels.get(pathId);
  return label === undefined ? {} : { humanStep: { step: label.step, who: label.who, at: label.at } };
}

/** Step-level truth: a correction's error type in force: by hand, else the model's, else the rules' (with their confidence). */
function errorTypeOf(review: LoadedRun, c: CorrectionRecord): Pick<CorrectionView, 'errorType' | 'noIncorrectStep'> {
  if (c.noIncorrectStep === true) return { noIncorrectStep: true };
  if (c.outcome !== 'parsed' || c.incorrectStep === undefined) return {};
  const label = review.truth?.humanTypes.get(c.id) ?? review.truth?.modelTypes.get(c.id);
  if (label !== undefined) return { errorType: { type: label.errorType, source: label.source } };
  const rules = classifyExplanation(c.explanation);
  return { errorType: { type: rules.type, source: 'rules', confidence: rules.confidence } };
}

function correctionView(review: LoadedRun, path: PathRecord, c: CorrectionRecord, reviewer: ViewReviewer | undefined): CorrectionView {
  const steps = path.steps;
  // Several raters (issue 18): a named reviewer sees their own rating, the others beside it.
  const inForce = review.ratings.get(c.id);
  const rating = reviewer === undefined ? (inForce === undefined ? undefined : ratingViewOf(inForce)) : ownRating(review, c.id, reviewer);
  const parsed = c.outcome === 'parsed' && c.incorrectStep !== undefined && c.correctedSteps !== undefined;
  return {
    id: c.id,
    model: clip(c.model),
    index: c.correctionIndex,
    outcome: c.outcome,
    ...(c.reason === undefined ? {} : { reason: c.reason }),
    ...(c.outcome === 'unparseable' ? { raw: clip(c.raw) } : {}),
    ...(c.incorrectStep === undefined ? {} : { incorrectStep: c.incorrectStep }),
    ...(c.explanation === undefined ? {} : { explanation: clip(c.explanation) }),
    answer: c.answer === null ? null : clip(c.answer),
    verified: c.verified,
    ...whyOf(() => explainCorrectionVerdict(c, path, review.run.task), c.verified, 'verdictWhy'),
    rows: parsed ? stepRows(steps, c) : steps.map((original, i) => ({ kind: 'shared', number: i + 1, original: clip(original) })),
    ...(rating === undefined ? {} : { rating }),
    ...(reviewer === undefined ? {} : { raters: ratersView(review, c.id, reviewer) }),
    ...errorTypeOf(review, c),
  };
}

/**
 * The aligned rows, with overlong steps standing in as short tokens while aligning (equal texts get
 * equal tokens, so shared steps stay shared) and put back afterwards without a diff.
 */
function stepRows(steps: readonly string[], c: CorrectionRecord): StepRow[] {
  const long = new Map<string, string>();
  const shorten = (text: string): string => {
    if (text.length <= LONGEST_DIFFED_STEP) return text;
    const token = `\u0000long:${sha256Hex(text)}`;
    long.set(token, text);
    return token;
  };
  const rows = alignSteps(steps.map(shorten), {
    format: 'steps',
    incorrectStep: c.incorrectStep ?? 1,
    explanation: c.explanation ?? '',
    correctedSteps: (c.correctedSteps ?? []).map(shorten),
    correctedFrom: c.correctedFrom ?? c.incorrectStep ?? 1,
  });
  return rows.map((row): StepRow => {
    const original = row.original === undefined ? undefined : (long.get(row.original) ?? row.original);
    const corrected = row.corrected === undefined ? undefined : (long.get(row.corrected) ?? row.corrected);
    const tooLong = (row.original !== undefined && long.has(row.original)) || (row.corrected !== undefined && long.has(row.corrected));
    return {
      kind: row.kind,
      number: row.number,
      ...(original === undefined ? {} : { original: clip(original) }),
      ...(corrected === undefined ? {} : { corrected: clip(corrected) }),
      ...(row.diff === undefined || tooLong ? {} : { diff: row.diff }),
    };
  });
}

/**
 * The verdict explained by the current checker, as one line for a tooltip; where it disagrees with the
 * stored verdict, it says so (the run predates this checker: `run regrade` applies it).
 */
function whyOf<K extends string>(explain: () => ExplainedVerdict | null, stored: boolean, key: K): Partial<Record<K, string>> {
  let explained: ExplainedVerdict | null;
  try {
    explained = explain();
  } catch {
    return {};
  }
  if (explained === null) return {};
  const stale = explained.correct === stored ? '' : ' (the stored verdict was made by an older checker; Regrade Run applies this one)';
  return { [key]: clip(`${formatExplanation(explained.explanation)}${stale}`) } as Partial<Record<K, string>>;
}
