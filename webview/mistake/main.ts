/**
 * The mistake view's page: shows what the extension sends, sends back what the researcher does.
 * Every text comes from a dataset or a model, so it only ever enters the page as text (see richText).
 */
import {
  isHostToMistakeView,
  type CorrectionView,
  type HostToMistakeView,
  type MistakeViewState,
  type MistakeViewToHost,
  type ReviewProgress,
} from '../../src/shared/protocol';
import { dropdown, isTyping } from '../ui/toolkit';
import { mistakeHeader, showProgress } from './header';
import { HELP_KEY, keyHelpLine, keyListDialog, NAVIGATION_KEYS, RATING_KEYS } from './keys';
import { startPage } from './richText';
import { ratingPanel, type RatingPanel } from './rating';
import { ratersPanel, type RatersPanel } from './raters';
import { stepColumns } from './steps';
import { toolbar } from './toolbar';
import { variantsSideBySide } from './variantsSideBySide';
// Step-level truth: the researcher's first wrong step and the error type.
import { ERROR_TYPE_KEYS, errorTypePanel } from './errorType';
import { labelsSteps, makeStepsChoosable, stepTruthBar } from './stepTruth';

declare function acquireVsCodeApi(): {
  postMessage(message: MistakeViewToHost): void;
  setState(state: MistakeViewState): void;
};

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
const keyList = keyListDialog();
document.body.append(keyList);

type Shown = Extract<HostToMistakeView, { type: 'show' }>;
let shown: Shown | undefined;
let rating: RatingPanel | undefined;
/** Several raters (issue 18): the others' ratings and Adjudicate, under the rating panel. */
let raters: RatersPanel | undefined;

function send(message: MistakeViewToHost): void {
  vscode.postMessage(message);
}

function selected(s: Shown): CorrectionView | undefined {
  return s.mistake.corrections.find((c) => c.id === s.correctionId) ?? s.mistake.corrections[0];
}

function show(s: Shown): void {
  if (!root) return;
  shown = s;
  const correction = selected(s);
  const { mistake } = s;
  vscode.setState({ runId: mistake.runId, pathId: mistake.pathId, ...(correction === undefined ? {} : { correctionId: correction.id }) });
  startPage();
  const main = document.createElement('main');
  main.className = 'mistake';
  main.setAttribute('aria-label', `Mistake ${mistake.position} of ${mistake.total}`);
  main.append(
    mistakeHeader(mistake, correction),
    toolbar(s.toolbar, mistake.position, mistake.total, correction !== undefined, {
      navigate: (direction) => send({ type: 'navigate', direction }),
      act: (action) => send({ type: 'toolbar', action, ...(correction === undefined ? {} : { correctionId: correction.id }) }),
    }),
    keyHelpLine(() => keyList.showModal()),
  );
  if (mistake.corrections.length > 1 && correction !== undefined) main.append(switcher(mistake.corrections, correction.id));
  rating = correction === undefined ? undefined : ratingPanel(correction, (value, note) => send({ type: 'rate', correctionId: correction.id, rating: value, note }));
  // Step-level truth: the first wrong step (corrector and researcher) above the steps, the error type below.
  const label = (step: number | null): void => send({ type: 'labelStep', pathId: mistake.pathId, step, ...(correction === undefined ? {} : { correctionId: correction.id }) });
  const columns = stepColumns(mistake, correction);
  if (labelsSteps(mistake)) {
    makeStepsChoosable(columns, mistake, { label });
    main.append(stepTruthBar(mistake, correction, { label }));
  }
  main.append(columns);
  const typed = correction === undefined ? undefined : errorTypePanel(correction, (errorType) => send({ type: 'setErrorType', correctionId: correction.id, errorType }));
  if (typed !== undefined) main.append(typed);
  if (rating !== undefined) main.append(rating.element);
  raters = correction === undefined ? undefined : ratersPanel(correction, (value, note) => send({ type: 'adjudicate', correctionId: correction.id, rating: value, note }));
  if (raters !== undefined) main.append(raters.element);
  // Correction variants: two variants' corrections of this mistake side by side, with a word diff.
  const variants = variantsSideBySide(mistake.corrections);
  if (variants !== undefined) main.append(variants);
  root.replaceChildren(main);
  // Reported after the browser has painted, so the extension can time command → first paint.
  requestAnimationFrame(() => setTimeout(() => send({ type: 'painted', pathId: mistake.pathId }), 0));
}

function switcher(corrections: readonly CorrectionView[], current: string): HTMLElement {
  const holder = document.createElement('div');
  holder.className = 'switcher';
  const label = document.createElement('span');
  label.textContent = `${corrections.length} corrections:`;
  const choices = corrections.map((c, i) => ({
    value: c.id,
    label: `Correction ${i + 1} · ${c.model} · ${c.outcome === 'unparseable' ? 'unreadable' : c.verified ? 'verified' : 'not verified'}${c.rating ? ` · ${c.rating.value}` : ''}`,
  }));
  holder.append(label, dropdown('Choose a correction', choices, current, (id) => selectCorrection(id)));
  return holder;
}

function selectCorrection(id: string): void {
  if (!shown || !shown.mistake.corrections.some((c) => c.id === id)) return;
  show({ ...shown, correctionId: id });
  send({ type: 'selectCorrection', correctionId: id });
}

function showEmpty(reason: string, isError = false): void {
  if (!root) return;
  shown = undefined;
  rating = undefined;
  raters = undefined;
  const p = document.createElement('p');
  p.className = isError ? 'empty error' : 'empty';
  p.id = 'empty-reason';
  p.setAttribute('role', isError ? 'alert' : 'status');
  p.textContent = reason;
  root.replaceChildren(p);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostToMistakeView(message)) return;
  switch (message.type) {
    case 'empty':
      return showEmpty(message.reason);
    case 'show':
      return show(message);
    case 'rated': {
      // The researcher may have moved on before the save came back: the progress counts all the same.
      const correction = shown?.mistake.corrections.find((c) => c.id === message.correctionId);
      if (correction !== undefined) correction.rating = message.rating;
      if (correction !== undefined && shown !== undefined && selected(shown)?.id === message.correctionId) rating?.saved(message.rating);
      return updateProgress(message.progress);
    }
    case 'progress':
      return updateProgress(message.progress);
    case 'raters': {
      const correction = shown?.mistake.corrections.find((c) => c.id === message.correctionId);
      if (correction !== undefined) correction.raters = message.raters;
      if (correction !== undefined && shown !== undefined && selected(shown)?.id === message.correctionId) raters?.update(message.raters);
      return;
    }
    case 'error':
      if (shown === undefined) return showEmpty(message.message, true);
      return flashError(message.message);
    case 'stepLabelled':
      if (shown?.mistake.pathId !== message.pathId) return;
      shown.mistake.humanStep = message.humanStep;
      return showAgain('truth-human');
    case 'errorTypeSet': {
      const c = shown?.mistake.corrections.find((x) => x.id === message.correctionId);
      if (c === undefined) return;
      c.errorType = message.errorType;
      return showAgain('error-type-source');
    }
  }
});

/** Step-level truth: the page drawn again with what was saved, the focus kept near the control used. */
function showAgain(focusId: string): void {
  if (shown === undefined) return;
  const scroll = window.scrollY;
  show(shown);
  window.scrollTo(0, scroll);
  document.getElementById(focusId)?.setAttribute('tabindex', '-1');
  document.getElementById(focusId)?.focus({ preventScroll: true });
}

function updateProgress(progress: ReviewProgress): void {
  if (shown === undefined) return;
  shown.mistake.progress = progress;
  const element = document.getElementById('review-progress');
  if (element) showProgress(element, progress);
}

function flashError(text: string): void {
  const status = document.getElementById('rating-status');
  if (status) status.textContent = text;
}

window.addEventListener('keydown', (event) => {
  // While the key list is open its dialog has the keys (Escape closes it); nothing moves behind it.
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event) || shown === undefined || keyList.open) return;
  const direction = NAVIGATION_KEYS[event.key];
  const value = RATING_KEYS[event.key];
  const errorType = ERROR_TYPE_KEYS[event.key];
  const current = selected(shown);
  if (direction !== undefined) send({ type: 'navigate', direction });
  else if (value !== undefined && rating !== undefined) rating.rate(value);
  else if (errorType !== undefined && current?.errorType !== undefined) send({ type: 'setErrorType', correctionId: current.id, errorType });
  else if (event.key === HELP_KEY) keyList.showModal();
  else return;
  event.preventDefault();
});

send({ type: 'ready' });
