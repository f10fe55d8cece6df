/**
 * Step-level truth in the mistake view: the corrector's first wrong step beside the researcher's, and
 * the way to give one. Each step of the original path is a button: a click (or Enter) opens a small
 * menu with "This is the first wrong step" and "No step is wrong"; the choice is saved at once.
 */
import type { CorrectionView, HumanStepView, MistakeData } from '../../src/shared/protocol';
import { h } from '../ui/dom';

export interface StepChoice {
  /** Step k (null: no step is wrong) is the researcher's first wrong step of the path. */
  label(step: number | null): void;
}

/** A multiple-choice mistake has an answer, not steps: there is no first wrong step to name. */
export function labelsSteps(mistake: MistakeData): boolean {
  return mistake.task !== 'mc';
}

const stepName = (step: number | null): string => (step === null ? 'no step is wrong' : `Step ${step}`);

/** What the corrector said of the first wrong step: a number, null (no step is wrong), or undefined (nothing readable). */
function correctorStep(c: CorrectionView | undefined): number | null | undefined {
  if (c === undefined) return undefined;
  if (c.noIncorrectStep === true) return null;
  return c.outcome === 'parsed' ? c.incorrectStep : undefined;
}

/** "First wrong step — corrector: Step 3 · you: Step 2 (they disagree)" and the "No step is wrong" button. */
export function stepTruthBar(mistake: MistakeData, correction: CorrectionView | undefined, choice: StepChoice): HTMLElement {
  const bar = h('section', { class: 'step-truth', id: 'step-truth', 'aria-label': 'First wrong step: the corrector and you' });
  const corrector = correctorStep(correction);
  const human = mistake.humanStep;
  bar.append(h('strong', {}, 'First wrong step'));
  const theirs = h('span', { class: 'truth-corrector', id: 'truth-corrector' }, `corrector: ${corrector === undefined ? '—' : stepName(corrector)}`);
  const yours = h('span', { class: 'truth-human', id: 'truth-human', role: 'status', 'aria-live': 'polite' }, humanText(human));
  if (human !== undefined) yours.dataset['step'] = human.step === null ? 'none' : String(human.step);
  bar.append(theirs, yours);
  if (human !== undefined && corrector !== undefined && human.step !== corrector) bar.append(h('span', { class: 'truth-disagree', id: 'truth-disagree' }, 'you and the corrector disagree'));
  const none = h('button', { type: 'button', class: 'truth-none', id: 'truth-none', title: 'Say that every step of the original path is right (saved at once)' }, 'No step is wrong');
  none.addEventListener('click', () => choice.label(null));
  bar.append(none, h('span', { class: 'truth-hint' }, 'Click a step of the original path (or Tab to it and press Enter) to mark it.'));
  return bar;
}

function humanText(human: HumanStepView | undefined): string {
  if (human === undefined) return 'you: not labelled';
  return `you: ${stepName(human.step)} (${human.who}, ${new Date(human.at).toLocaleTimeString()})`;
}

/**
 * Makes each step of the original path (shared and original cells) a button that opens the menu.
 * The researcher's step is outlined; Escape or a click elsewhere closes the menu.
 */
export function makeStepsChoosable(section: HTMLElement, mistake: MistakeData, choice: StepChoice): void {
  let open: HTMLElement | undefined;
  const close = (): void => {
    open?.remove();
    open = undefined;
  };
  for (const cell of section.querySelectorAll<HTMLElement>('.step.original[data-step], .step.both[data-step]')) {
    const n = Number(cell.dataset['step']);
    if (!Number.isInteger(n) || n < 1) continue;
    cell.classList.add('choosable');
    cell.tabIndex = 0;
    cell.setAttribute('aria-haspopup', 'menu');
    cell.title = `Step ${n}: click to mark it as the first wrong step`;
    if (mistake.humanStep?.step === n) cell.classList.add('human-wrong');
    const openMenu = (): void => {
      close();
      open = stepMenu(n, (step) => {
        close();
        choice.label(step);
      }, () => {
        close();
        cell.focus();
      });
      (cell.querySelector('.step-body') ?? cell).append(open);
      open.querySelector('button')?.focus();
    };
    cell.addEventListener('click', (event) => {
      if ((event.target as HTMLElement).closest('.step-menu, button, a, .show-all, .show-more') !== null) return;
      openMenu();
    });
    cell.addEventListener('keydown', (event) => {
      if (event.target !== cell || (event.key !== 'Enter' && event.key !== ' ')) return;
      event.preventDefault();
      openMenu();
    });
  }
}

function stepMenu(n: number, chosen: (step: number | null) => void, dismiss: () => void): HTMLElement {
  const menu = h('div', { class: 'step-menu', role: 'menu', 'aria-label': `Step ${n}` });
  const item = (text: string, step: number | null, id: string): HTMLButtonElement => {
    const b = h('button', { type: 'button', role: 'menuitem', class: 'step-menu-item', id }, text);
    b.addEventListener('click', (event) => {
      event.stopPropagation();
      chosen(step);
    });
    return b;
  };
  const first = item('This is the first wrong step', n, 'step-menu-first');
  const none = item('No step is wrong', null, 'step-menu-none');
  menu.append(first, none);
  menu.addEventListener('keydown', (event) => {
    event.stopPropagation();
    if (event.key === 'Escape') dismiss();
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') (document.activeElement === first ? none : first).focus();
    else return;
    event.preventDefault();
  });
  return menu;
}
