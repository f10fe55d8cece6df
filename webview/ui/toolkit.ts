/**
 * The only place that uses @vscode/webview-ui-toolkit (deprecated upstream): the mistake view builds its
 * controls through these functions, so moving to @vscode-elements/elements means rewriting this file only.
 * Every label is set as text; nothing here parses HTML.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeRadio,
  vsCodeRadioGroup,
  vsCodeTextArea,
} from '@vscode/webview-ui-toolkit';

// No vscode-badge: its template carries an inline `style` attribute, which our CSP refuses (a console
// error on every open of the mistake view); dom.ts makes badges as plain elements.
provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDropdown(), vsCodeOption(), vsCodeRadio(), vsCodeRadioGroup(), vsCodeTextArea());

/** A control whose current value the caller reads and sets. */
export interface ValueControl extends HTMLElement {
  value: string;
}

export interface ButtonOptions {
  label: string;
  /** Says what the button does, with its key if it has one. */
  title: string;
  onClick: () => void;
  secondary?: boolean;
  disabled?: boolean;
}

export function button(options: ButtonOptions): HTMLElement {
  const b = document.createElement('vscode-button');
  b.textContent = options.label;
  b.title = options.title;
  b.setAttribute('aria-label', options.title);
  b.setAttribute('appearance', options.secondary ? 'secondary' : 'primary');
  if (options.disabled) b.setAttribute('disabled', '');
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) options.onClick();
  });
  return b;
}

export interface Choice {
  value: string;
  label: string;
}

/** Radio buttons in a group; `onChange` gets the chosen value when the user picks one. */
export function radioGroup(label: string, choices: readonly Choice[], selected: string | undefined, onChange: (value: string) => void): ValueControl {
  const group = document.createElement('vscode-radio-group') as ValueControl;
  group.setAttribute('aria-label', label);
  const legend = document.createElement('label');
  legend.slot = 'label';
  legend.textContent = label;
  group.append(legend);
  appendChoices(group, 'vscode-radio', choices, selected, 'checked');
  // The group fires change for programmatic selection too; only a new value is the user's choice.
  group.dataset['selected'] = selected ?? '';
  group.addEventListener('change', () => {
    if (group.value !== '' && group.value !== group.dataset['selected']) {
      group.dataset['selected'] = group.value;
      onChange(group.value);
    }
  });
  return group;
}

/** Marks `value` as chosen in a group made by `radioGroup`, without firing its onChange. */
export function selectRadio(group: HTMLElement, value: string): void {
  group.dataset['selected'] = value;
  for (const radio of group.querySelectorAll('vscode-radio')) {
    const checked = radio.getAttribute('value') === value;
    (radio as HTMLElement & { checked: boolean }).checked = checked;
  }
}

export function textArea(label: string, placeholder: string, value: string): ValueControl {
  const area = document.createElement('vscode-text-area') as ValueControl;
  area.setAttribute('aria-label', label);
  area.setAttribute('placeholder', placeholder);
  area.setAttribute('resize', 'vertical');
  area.setAttribute('rows', '2');
  area.value = value;
  const caption = document.createElement('span');
  caption.textContent = label;
  area.append(caption);
  return area;
}

export function dropdown(label: string, choices: readonly Choice[], selected: string, onChange: (value: string) => void): ValueControl {
  const select = document.createElement('vscode-dropdown') as ValueControl;
  select.setAttribute('aria-label', label);
  appendChoices(select, 'vscode-option', choices, selected, 'selected');
  select.addEventListener('change', () => onChange(select.value));
  return select;
}

/** True when keys typed now go into a text control (so single-letter shortcuts must not fire). */
export function isTyping(event: Event): boolean {
  return event.composedPath().some((t) => t instanceof HTMLElement && /^(VSCODE-TEXT-AREA|VSCODE-TEXT-FIELD|VSCODE-DROPDOWN|TEXTAREA|INPUT|SELECT)$/.test(t.tagName));
}

/** One element per choice, the selected one marked with `flag` (radios are `checked`, options `selected`). */
function appendChoices(parent: HTMLElement, tag: string, choices: readonly Choice[], selected: string | undefined, flag: 'checked' | 'selected'): void {
  for (const choice of choices) {
    const item = document.createElement(tag);
    item.setAttribute('value', choice.value);
    item.textContent = choice.label;
    if (choice.value === selected) item.setAttribute(flag, '');
    parent.append(item);
  }
}
