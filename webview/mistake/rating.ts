/** Excellent / Good / Poor (keys 1, 2, 3) and a note; every choice is saved by the extension at once. */
import type { CorrectionView, RatingValue } from '../../src/shared/protocol';
import { radioGroup, selectRadio, textArea } from '../ui/toolkit';
const LABELS: Readonly<Record<RatingValue, string>> = { excellent: 'Excellent', good: 'Good', poor: 'Poor' };

export interface RatingPanel {
  element: HTMLElement;
  /** Rates as if the user picked `value` (the keyboard shortcut). */
  rate(value: RatingValue): void;
  /** Shows a rating the extension has saved. */
  saved(rating: NonNullable<CorrectionView['rating']>): void;
}

export function ratingPanel(correction: CorrectionView, send: (value: RatingValue, note: string) => void): RatingPanel {
  const element = document.createElement('section');
  element.className = 'rating';
  element.setAttribute('aria-label', 'Rate this correction');
  let current = correction.rating?.value;
  const choices = (Object.keys(LABELS) as RatingValue[]).map((value, i) => ({ value, label: `${LABELS[value]} (${i + 1})` }));
  const note = textArea('Note', 'Why this rating? (saved with it)', correction.rating?.note ?? '');
  note.id = 'rating-note';
  const status = document.createElement('p');
  status.className = 'rating-status';
  status.id = 'rating-status';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const showSaved = (r: NonNullable<CorrectionView['rating']>): void => {
    status.textContent = `Rated ${LABELS[r.value].toLowerCase()} · saved ${new Date(r.at).toLocaleTimeString()}`;
    status.dataset['rating'] = r.value;
  };
  if (correction.rating !== undefined) showSaved(correction.rating);
  else status.textContent = 'Not rated yet';

  const rate = (value: RatingValue): void => {
    current = value;
    selectRadio(group, value);
    status.textContent = `Saving ${LABELS[value].toLowerCase()}…`;
    send(value, note.value);
  };
  const group = radioGroup('Rating', choices, current, (v) => rate(v as RatingValue));
  group.id = 'rating-choice';
  // A changed note is saved with the rating in force; before any rating it waits for one.
  note.addEventListener('change', () => {
    if (current !== undefined && note.value !== (correction.rating?.note ?? '')) send(current, note.value);
  });
  element.append(group, note, status);
  return {
    element,
    rate,
    saved: (r) => {
      current = r.value;
      correction.rating = r;
      selectRadio(group, r.value);
      showSaved(r);
    },
  };
}
