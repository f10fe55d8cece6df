/** The top of the mistake view: where we are, the question and the answers that tell the story. */
import type { CorrectionView, MistakeData, ReviewProgress } from '../../src/shared/protocol';
import { badge } from '../ui/dom';
import { answerText, richText } from './richText';
import { textOptions } from './textOptions';

export function mistakeHeader(mistake: MistakeData, correction: CorrectionView | undefined): HTMLElement {
  const options = textOptions(mistake);
  const header = document.createElement('header');
  header.className = 'mistake-header';

  const title = document.createElement('div');
  title.className = 'title';
  const h1 = document.createElement('h1');
  h1.id = 'position';
  h1.textContent = `Mistake ${mistake.position} of ${mistake.total}`;
  const run = document.createElement('span');
  run.className = 'run';
  run.textContent = `run ${mistake.runLabel ?? mistake.runId} · ${mistake.task}`;
  run.title = `run ${mistake.runId}`;
  const progress = document.createElement('span');
  progress.className = 'review-progress';
  progress.id = 'review-progress';
  progress.setAttribute('role', 'status');
  progress.title = "Corrections of this run with a rating, out of all its corrections (u goes to the next mistake with an unrated one)";
  showProgress(progress, mistake.progress);
  title.append(h1, progress, run);

  const question = document.createElement('section');
  question.className = 'question';
  question.setAttribute('aria-label', 'Question');
  question.append(richText(mistake.question, options, 'div'));

  const facts = document.createElement('dl');
  facts.className = 'facts';
  const fact = (label: string, value: Node, className = '', why?: string): void => {
    const row = document.createElement('div');
    row.className = `fact ${className}`.trim();
    // Why the checker judged it so: what it read from each side and which rule decided (issue 12).
    if (why !== undefined) row.title = why;
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.append(value);
    row.append(dt, dd);
    facts.append(row);
  };
  fact('Gold answer', answerText(mistake.goldAnswer, options), 'gold');
  fact('Path answer', answerWithMark(mistake.pathAnswer, false, options), 'path-answer', mistake.pathVerdictWhy);
  if (correction !== undefined) {
    const corrected = answerWithMark(correction.answer, correction.verified, options);
    corrected.append(
      ' ',
      badge(correction.verified ? 'verified' : 'not verified', correction.verified ? 'Verified: the corrected solution reaches the gold answer (eq. 2)' : 'Not verified: the corrected solution misses the gold answer (eq. 2)'),
    );
    fact('Corrected answer', corrected, correction.verified ? 'corrected verified' : 'corrected unverified', correction.verdictWhy);
  }
  fact('Reasoner', document.createTextNode(mistake.reasonerModel));
  if (correction !== undefined) fact('Corrector', document.createTextNode(correction.model));

  header.append(title, question, facts);
  return header;
}

/** "37 / 120 corrections rated", set again when a rating is saved (the page is not rebuilt for it). */
export function showProgress(element: HTMLElement, progress: ReviewProgress): void {
  const { rated, total } = progress;
  // Several raters (issue 18): a named rater's own progress, over their share when the review is assigned.
  const whose = progress.rater === undefined ? '' : progress.share === true ? ` by you (your share)` : ' by you';
  element.textContent = total === 0 ? 'no corrections to rate yet' : `${rated.toLocaleString('en')} / ${total.toLocaleString('en')} corrections rated${whose}${rated === total ? ' ✓' : ''}`;
  element.dataset['rated'] = String(rated);
  element.dataset['total'] = String(total);
}

function answerWithMark(answer: string | null, right: boolean, options: ReturnType<typeof textOptions>): HTMLElement {
  const span = document.createElement('span');
  span.className = 'answer';
  if (answer === null) {
    const none = document.createElement('em');
    none.textContent = 'no final answer';
    span.append(none);
  } else {
    span.append(answerText(answer, options));
  }
  const mark = document.createElement('span');
  mark.className = right ? 'mark right' : 'mark wrong';
  mark.textContent = right ? ' ✓' : ' ✗';
  mark.setAttribute('aria-label', right ? 'right' : 'wrong');
  span.append(mark);
  return span;
}
