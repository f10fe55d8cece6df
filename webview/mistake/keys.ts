/**
 * The view's keys, said where they are used: one line of help under the toolbar, and `?` (or a click on
 * it) for a list of every key in a dialog that Escape closes.
 */
import type { NavigationDirection, RatingValue } from '../../src/shared/protocol';
import { appendAll, h } from '../ui/dom';
import { ERROR_TYPE_KEY_HELP } from './errorType';

export const NAVIGATION_KEYS: Readonly<Record<string, NavigationDirection>> = { j: 'next', k: 'previous', u: 'nextUnrated', U: 'previousUnrated' };
export const RATING_KEYS: Readonly<Record<string, RatingValue>> = { '1': 'excellent', '2': 'good', '3': 'poor' };
export const HELP_KEY = '?';

/** Every key, as the list shows it. */
const ALL_KEYS: readonly { keys: readonly string[]; what: string }[] = [
  { keys: ['1', '2', '3'], what: 'Rate the correction shown excellent, good or poor (saved at once)' },
  { keys: ['j'], what: 'Next mistake' },
  { keys: ['k'], what: 'Previous mistake' },
  { keys: ['u'], what: 'Next mistake with an unrated correction (wraps around)' },
  { keys: ['Shift+U'], what: 'Previous mistake with an unrated correction (wraps around)' },
  // Step-level truth
  ERROR_TYPE_KEY_HELP,
  { keys: ['Enter'], what: 'On a step of the original path: mark it as the first wrong step, or say no step is wrong' },
  { keys: ['?'], what: 'This list of keys' },
  { keys: ['Escape'], what: 'Close this list' },
  { keys: ['Tab'], what: 'Move to the buttons, the rating and the note (keys do nothing while you type a note)' },
];

/** "1/2/3 rate · j/k next/previous · u/U next/previous unrated · ? all keys", the `?` a button for the list. */
export function keyHelpLine(openList: () => void): HTMLElement {
  const line = h('p', { class: 'key-help', id: 'key-help' });
  const part = (keys: string, what: string): Node[] => [h('kbd', {}, keys), document.createTextNode(` ${what}`)];
  const all = h('button', { type: 'button', class: 'key-list-button', title: 'Show all keys (?)' });
  appendAll(all, part('?', 'all keys'));
  all.addEventListener('click', openList);
  appendAll(line, [...part('1/2/3', 'rate'), ' · ', ...part('j/k', 'next/previous'), ' · ', ...part('u/U', 'next/previous unrated'), ' · ', all]);
  return line;
}

/** The dialog with every key; made once, outside the part of the page each mistake rebuilds. */
export function keyListDialog(): HTMLDialogElement {
  const dialog = h('dialog', { class: 'key-list', id: 'key-list', 'aria-labelledby': 'key-list-title' });
  const table = h('table');
  for (const { keys, what } of ALL_KEYS) {
    const row = h('tr');
    const cell = h('th', { scope: 'row' });
    keys.forEach((k, i) => appendAll(cell, i > 0 ? [' ', h('kbd', {}, k)] : [h('kbd', {}, k)]));
    row.append(cell, h('td', {}, what));
    table.append(row);
  }
  const close = h('button', { type: 'button', class: 'key-list-close' }, 'Close (Escape)');
  close.addEventListener('click', () => dialog.close());
  dialog.append(h('h2', { id: 'key-list-title' }, 'Keys of the mistake view'), table, close);
  return dialog;
}
