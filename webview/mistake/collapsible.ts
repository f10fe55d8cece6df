/**
 * A long text shown collapsed: its beginning, an ellipsis and "Show more". The rest is built only when
 * asked for (a 33 KB step laid out at once made a page 22,000 px tall), and "Show less" folds it again.
 */
import { h, replaceAll } from '../ui/dom';

export interface CollapsedText {
  /** The nodes of the beginning. */
  preview(): Node[];
  /** The nodes of the whole text. */
  whole(): Node[];
  /** Characters the preview leaves out. */
  hidden: number;
}

export function collapsible(holder: HTMLElement, text: CollapsedText): void {
  let previewNodes: Node[] | undefined;
  let wholeNodes: Node[] | undefined;
  const more = toggle(`Show more (${text.hidden.toLocaleString('en')} more characters)`, false);
  const less = toggle('Show less', true);
  const fold = (): void => {
    previewNodes ??= text.preview();
    replaceAll(holder, [...previewNodes, h('span', { class: 'ellipsis', 'aria-hidden': 'true' }, '… '), more]);
    holder.dataset['collapsed'] = 'true';
  };
  more.addEventListener('click', () => {
    wholeNodes ??= text.whole();
    replaceAll(holder, [...wholeNodes, ' ', less]);
    holder.dataset['collapsed'] = 'false';
    less.focus({ preventScroll: true });
  });
  less.addEventListener('click', () => {
    fold();
    more.focus({ preventScroll: true });
    // Folding a long text can leave the reader far below it: bring its start back into view.
    if (holder.getBoundingClientRect().top < 0) holder.scrollIntoView({ block: 'start' });
  });
  fold();
}

function toggle(label: string, expanded: boolean): HTMLButtonElement {
  return h('button', { type: 'button', class: 'show-more', 'aria-expanded': String(expanded) }, label);
}
