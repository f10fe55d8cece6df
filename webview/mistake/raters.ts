/**
 * Several raters (issue 18): beside the rating panel, the other raters' ratings side by side (hidden
 * under blind review until you have rated), the rating in force and where it came from, and
 * Adjudicate: a rating with a note that settles a disagreement. Every name and note is text.
 */
import type { CorrectionView, RatersView, RatingValue } from '../../src/shared/protocol';
import { appendAll, h } from '../ui/dom';
import { button, radioGroup, textArea } from '../ui/toolkit';

const LABELS: Readonly<Record<RatingValue, string>> = { excellent: 'Excellent', good: 'Good', poor: 'Poor' };
const SOURCES = { adjudicated: 'adjudicated', agreed: 'all raters agree', majority: 'majority of raters' } as const;

export interface RatersPanel {
  element: HTMLElement;
  /** Shows the raters the extension sent after a rating or an adjudication. */
  update(raters: RatersView): void;
}

export function ratersPanel(correction: CorrectionView, send: (value: RatingValue, note: string) => void): RatersPanel | undefined {
  if (correction.raters === undefined) return undefined;
  const element = h('section', { class: 'raters', id: 'raters', 'aria-label': 'Raters' });
  let formOpen = false;
  const render = (raters: RatersView): void => {
    const nodes: Node[] = [h('h3', {}, 'Raters')];
    if (raters.assigned === false) nodes.push(h('p', { class: 'raters-note' }, `Not in your share of the review (${raters.rater}); Next unrated skips it.`));
    if (raters.blind) {
      const hidden = raters.othersCount === 0 ? 'No one else has rated it yet.' : `${raters.othersCount} other rating${raters.othersCount === 1 ? '' : 's'} hidden until you rate (blind review).`;
      nodes.push(h('p', { class: 'raters-note', id: 'raters-hidden' }, hidden));
      replace(nodes);
      return;
    }
    const own = correction.rating;
    const cards = h('div', { class: 'rater-cards', id: 'rater-cards' });
    appendAll(cards, [card(`${raters.rater} (you)`, own?.value, own?.note), ...raters.others.map((o) => card(o.rater, o.value, o.note))]);
    nodes.push(cards);
    const inForce = h('p', { class: 'raters-in-force', id: 'rating-in-force' });
    inForce.textContent =
      raters.inForce !== undefined
        ? `In force: ${raters.inForce.value} (${SOURCES[raters.inForce.source]})`
        : raters.disagree
          ? 'No rating in force: the raters disagree. Adjudicate to settle it.'
          : 'No rating in force yet.';
    nodes.push(inForce);
    if (raters.adjudication !== undefined) {
      const a = raters.adjudication;
      nodes.push(h('p', { class: 'raters-adjudication', id: 'adjudication' }, `Adjudicated ${a.value} by ${a.adjudicator}${a.note === undefined ? '' : `: ${a.note}`}`));
    }
    if (raters.others.length > 0 || raters.adjudication !== undefined) nodes.push(adjudicateControl(raters));
    replace(nodes);
  };
  const replace = (nodes: Node[]): void => {
    element.replaceChildren();
    appendAll(element, nodes);
  };
  const adjudicateControl = (raters: RatersView): HTMLElement => {
    const holder = h('div', { class: 'adjudicate' });
    const open = button({
      label: raters.adjudication === undefined ? 'Adjudicate…' : 'Adjudicate again…',
      title: 'Settle this correction with a rating and a note, as adjudicator (stored apart from the ratings)',
      secondary: !raters.disagree,
      onClick: () => {
        formOpen = !formOpen;
        form.hidden = !formOpen;
      },
    });
    open.id = 'adjudicate';
    let chosen: RatingValue | undefined = raters.adjudication?.value;
    const choices = (Object.keys(LABELS) as RatingValue[]).map((value) => ({ value, label: LABELS[value] }));
    const group = radioGroup('Adjudicated rating', choices, chosen, (v) => (chosen = v as RatingValue));
    group.id = 'adjudication-rating';
    const note = textArea('Adjudication note', 'Why this rating settles it (saved with it)', raters.adjudication?.note ?? '');
    note.id = 'adjudication-note';
    const status = h('p', { class: 'raters-note', id: 'adjudication-status', role: 'status' });
    const save = button({
      label: 'Save adjudication',
      title: 'Save the adjudicated rating and note',
      onClick: () => {
        if (chosen === undefined) {
          status.textContent = 'Choose a rating first.';
          return;
        }
        status.textContent = `Saving ${chosen}…`;
        formOpen = false;
        send(chosen, note.value);
      },
    });
    save.id = 'adjudication-save';
    const form = h('div', { class: 'adjudication-form', id: 'adjudication-form' });
    form.hidden = !formOpen;
    appendAll(form, [group, note, save, status]);
    appendAll(holder, [open, form]);
    return holder;
  };
  render(correction.raters);
  return {
    element,
    update: (raters) => {
      correction.raters = raters;
      render(raters);
    },
  };
}

function card(who: string, value: RatingValue | undefined, note: string | undefined): HTMLElement {
  const c = h('div', { class: `rater-card${value === undefined ? '' : ` rated-${value}`}` });
  c.dataset['rater'] = who;
  appendAll(c, [h('strong', {}, who), h('span', { class: 'rater-value' }, value === undefined ? 'not rated' : LABELS[value])]);
  if (note !== undefined && note !== '') c.append(h('span', { class: 'rater-note' }, note));
  return c;
}
