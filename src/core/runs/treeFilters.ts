/**
 * Which questions, paths and corrections the Datasets tree lists: the view's toggles, its text search
 * and the statistics bar last clicked. All set filters must hold. Pure predicates over a RunIndex, so
 * the CLI and unit tests can ask the same questions the tree does.
 */
import type { Question } from '../dataset/question';
import type { BarFilter, RatingBucket } from '../stats/report';
import type { RunCorrection, RunIndex, RunPath } from './runIndex';
// Step-level truth: the disagreement toggle and the error-type bars.
import { disagreesWith, errorTypeOf } from '../truth/inForce';

export type { BarFilter };

export interface TreeFilters {
  /** Questions and paths with a wrong answer. */
  onlyMistakes: boolean;
  /** Mistakes that have no verified correction yet. */
  onlyUnverified: boolean;
  /** Corrections (and their paths and questions) that no one has rated. */
  onlyUnrated: boolean;
  /** Corrections whose raters disagree, not adjudicated yet (issue 18). */
  onlyDisagreements: boolean;
  /** Paths the researcher gave a first wrong step that a correction of theirs names differently (step-level truth). */
  onlyStepDisagreement: boolean;
  /** Case-insensitive text the question must contain; '' = any. */
  text: string;
  /** The statistics bar last clicked: its runs, model, task, questions, rating or prompt. */
  chart: BarFilter | undefined;
}

export const NO_FILTERS: TreeFilters = { onlyMistakes: false, onlyUnverified: false, onlyUnrated: false, onlyDisagreements: false, onlyStepDisagreement: false, text: '', chart: undefined };

export type FilterToggle = 'onlyMistakes' | 'onlyUnverified' | 'onlyUnrated' | 'onlyDisagreements' | 'onlyStepDisagreement';

/** The toggles in the order the view's description names them. */
export const FILTER_TOGGLES: readonly { filter: FilterToggle; words: string }[] = [
  { filter: 'onlyMistakes', words: 'mistakes' },
  { filter: 'onlyUnverified', words: 'unverified' },
  { filter: 'onlyUnrated', words: 'unrated' },
  { filter: 'onlyDisagreements', words: 'raters disagree' },
  { filter: 'onlyStepDisagreement', words: 'corrector and human disagree on the step' },
];

/** Filters that decide from the runs (not the dataset alone) whether a question is listed. */
export function looksAtRuns(f: TreeFilters): boolean {
  return f.onlyMistakes || f.onlyUnverified || f.onlyUnrated || f.onlyDisagreements || f.onlyStepDisagreement || f.chart !== undefined;
}

/** A bar about corrections (a prompt version, a rating) keeps only paths with such a correction. */
function aboutCorrections(chart: BarFilter | undefined): boolean {
  return chart !== undefined && (chart.promptSha256 !== undefined || chart.rating !== undefined || chart.errorType !== undefined);
}

/** The rating chart's bucket of a correction, as core/stats counts it: unrated means verified and not rated. */
function ratingBucket(c: RunCorrection): RatingBucket | undefined {
  return c.rating?.rating ?? (c.record.verified ? 'unrated' : undefined);
}

export function questionPasses(f: TreeFilters, index: RunIndex, datasetFile: string, question: Question): boolean {
  if (f.text !== '' && !question.question.toLowerCase().includes(f.text.toLowerCase())) return false;
  if (!looksAtRuns(f)) return true;
  if (f.chart?.questionIds !== undefined && !f.chart.questionIds.includes(question.id)) return false;
  return index.paths(datasetFile, question.id).some((p) => pathPasses(f, index, p));
}

export function pathPasses(f: TreeFilters, index: RunIndex, path: RunPath): boolean {
  const { record, runId } = path;
  if ((f.onlyMistakes || f.onlyUnverified) && record.correct) return false;
  const corrections = index.corrections(runId, record.id);
  if (f.onlyUnverified && corrections.some((c) => c.record.verified)) return false;
  if (f.onlyStepDisagreement) {
    const label = index.stepLabel(runId, record.id);
    if (label === undefined || !corrections.some((c) => disagreesWith(label.step, c.record))) return false;
  }
  const chart = f.chart;
  if (chart !== undefined) {
    if (chart.runs.length > 0 && !chart.runs.includes(runId)) return false;
    if (chart.task !== undefined && record.task !== chart.task) return false;
    if (chart.questionIds !== undefined && !chart.questionIds.includes(record.questionId)) return false;
    // Correction variants: a comparison cell stands for exactly its mistakes.
    if (chart.pathIds !== undefined && !idSet(chart.pathIds).has(record.id)) return false;
    // A model bar (accuracy, evaluation, tokens) stands for the model that wrote the path or corrected it.
    if (!aboutCorrections(chart) && chart.model !== undefined && record.model !== chart.model && !corrections.some((c) => c.record.model === chart.model)) {
      return false;
    }
  }
  // One correction must pass every correction filter at once, so they are checked together.
  return f.onlyUnrated || f.onlyDisagreements || aboutCorrections(chart) ? corrections.some((c) => correctionPasses(f, c)) : true;
}

export function correctionPasses(f: TreeFilters, c: RunCorrection): boolean {
  // Raters who disagree have rated it, though no rating is in force.
  if (f.onlyUnrated && (c.rating !== undefined || c.ratersDisagree === true)) return false;
  if (f.onlyDisagreements && c.ratersDisagree !== true) return false;
  const chart = f.chart;
  if (chart === undefined || !aboutCorrections(chart)) return true;
  // With a prompt version or a rating, the bar's model is the corrector.
  if (chart.model !== undefined && c.record.model !== chart.model) return false;
  if (chart.promptSha256 !== undefined && c.record.promptSha256 !== chart.promptSha256) return false;
  if (chart.errorType !== undefined && errorTypeOf(c)?.type !== chart.errorType) return false;
  if (chart.incorrectStep !== undefined && c.record.incorrectStep !== chart.incorrectStep) return false;
  return chart.rating === undefined || ratingBucket(c) === chart.rating;
}

/** A cell may list tens of thousands of paths, asked about for every path of the tree: a set, made once per list. */
const idSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function idSet(ids: readonly string[]): ReadonlySet<string> {
  let set = idSets.get(ids);
  if (set === undefined) idSets.set(ids, (set = new Set(ids)));
  return set;
}

/** Datasets with a path that passes (a bar stands for some runs: datasets none of them sampled are left out). */
export function datasetPasses(f: TreeFilters, index: RunIndex, datasetFile: string): boolean {
  for (const paths of index.questions(datasetFile).values()) if (paths.some((p) => pathPasses(f, index, p))) return true;
  return false;
}

/** The view's description: "only mistakes, “apples” · filter: llama-2-7b · gsm8k". */
export function describeFilters(f: TreeFilters): string {
  const toggles = FILTER_TOGGLES.filter((t) => f[t.filter]).map((t) => t.words);
  const only = [...toggles, ...(f.text === '' ? [] : [`“${f.text}”`])];
  return [...(only.length === 0 ? [] : [`only ${only.join(', ')}`]), ...(f.chart === undefined ? [] : [`filter: ${f.chart.label}`])].join(' · ');
}
