/**
 * Step-level truth in the mistake view: a correction's error type, from a fixed set, with where it
 * came from (the rules with their confidence, the model, or you), and a dropdown or a key to change it.
 */
import { ERROR_TYPE_INFO, ERROR_TYPES, type CorrectionView, type ErrorType } from '../../src/shared/protocol';
import { h } from '../ui/dom';
import { dropdown } from '../ui/toolkit';

/** One key per type (c, q, f, s, n, l, o), as the key list says. */
export const ERROR_TYPE_KEYS: Readonly<Record<string, ErrorType>> = Object.fromEntries(ERROR_TYPES.map((t) => [ERROR_TYPE_INFO[t].key, t]));

/** The key list's line for these keys. */
export const ERROR_TYPE_KEY_HELP = {
  keys: ERROR_TYPES.map((t) => ERROR_TYPE_INFO[t].key),
  what: `Set the error type: ${ERROR_TYPES.map((t) => `${ERROR_TYPE_INFO[t].key} ${ERROR_TYPE_INFO[t].label.toLowerCase()}`).join(', ')}`,
};

function sourceText(c: CorrectionView): string {
  const e = c.errorType;
  if (e === undefined) return '';
  if (e.source === 'human') return 'set by you';
  if (e.source === 'model') return 'classified by the corrector model';
  return `by the rules${e.confidence === undefined ? '' : `, confidence ${Math.round(e.confidence * 100)}%`}`;
}

/** The error type row of a parsed correction; undefined for one that names no step. */
export function errorTypePanel(c: CorrectionView, choose: (type: ErrorType) => void): HTMLElement | undefined {
  if (c.errorType === undefined) return undefined;
  const row = h('section', { class: 'error-type', id: 'error-type', 'aria-label': 'Error type of this mistake' });
  const label = h('span', { class: 'error-type-label' }, 'Error type');
  const choices = ERROR_TYPES.map((t) => ({ value: t, label: `${ERROR_TYPE_INFO[t].label} (${ERROR_TYPE_INFO[t].key})` }));
  const select = dropdown('Error type', choices, c.errorType.type, (value) => {
    if ((ERROR_TYPES as readonly string[]).includes(value) && value !== c.errorType?.type) choose(value as ErrorType);
  });
  select.id = 'error-type-choice';
  const source = h('span', { class: 'error-type-source', id: 'error-type-source', role: 'status', 'aria-live': 'polite' }, sourceText(c));
  source.dataset['type'] = c.errorType.type;
  source.dataset['source'] = c.errorType.source;
  source.title = ERROR_TYPE_INFO[c.errorType.type].means;
  row.append(label, select, source);
  return row;
}
