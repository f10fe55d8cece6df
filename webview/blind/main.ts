/**
 * Blind pairwise review: one mistake's two corrections, by two variants, in the order the host drew
 * and with nothing that says which wrote which. Keys 1 and 2 pick the better one, = a tie, S skips.
 * Every text is set as textContent.
 */
import { isHostToBlindView, type BlindItem, type BlindProgress, type BlindViewToHost, type PreferenceChoice } from '../../src/shared/compareProtocol';
import { appendAll, h, replaceAll } from '../ui/dom';

declare function acquireVsCodeApi(): { postMessage(message: BlindViewToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

/** The item on screen; cleared once voted, so a second key press cannot vote twice. */
let shown: BlindItem | undefined;

const KEYS: Record<string, PreferenceChoice> = { '1': 'first', '2': 'second', '=': 'tie' };

function progressText(p: BlindProgress): string {
  return `${p.voted} of ${p.total} voted`;
}

function steps(list: readonly string[], className: string): HTMLOListElement {
  const ol = h('ol', { class: className });
  appendAll(ol, list.map((s) => h('li', {}, s)));
  return ol;
}

function column(c: BlindItem['corrections'][number], side: 1 | 2): HTMLElement {
  const article = h('article', { class: 'correction', 'data-side': String(side), 'aria-label': `Correction ${side}` });
  article.append(h('h2', {}, `Correction ${side}`));
  if (c.raw !== undefined) {
    article.append(h('p', { class: 'note' }, 'The corrector’s reply could not be read as a correction:'), h('pre', { class: 'raw' }, c.raw));
    return article;
  }
  article.append(h('p', { class: 'incorrect-step' }, c.incorrectStep === undefined ? 'Incorrect step: not named' : `Incorrect step: Step ${c.incorrectStep}`));
  if (c.explanation !== undefined) article.append(h('p', { class: 'explanation' }, c.explanation));
  article.append(h('h3', {}, 'Corrected solution'), steps(c.solution, 'solution'));
  return article;
}

function vote(choice: PreferenceChoice): void {
  if (shown === undefined) return;
  vscode.postMessage({ type: 'vote', token: shown.token, choice });
  shown = undefined;
  for (const b of root.querySelectorAll('button.vote')) b.setAttribute('disabled', '');
  const status = document.getElementById('status');
  if (status) status.textContent = 'Saving the vote…';
}

function skip(): void {
  if (shown === undefined) return;
  vscode.postMessage({ type: 'skip', token: shown.token });
  shown = undefined;
}

function header(progress: BlindProgress): HTMLElement {
  const head = h('header');
  head.append(h('h1', {}, 'Blind review'), h('span', { id: 'progress' }, progressText(progress)), h('span', { id: 'status', role: 'status' }));
  return head;
}

function showItem(item: BlindItem, progress: BlindProgress): void {
  shown = item;
  const note = h('p', { class: 'note' }, 'Two corrections of the same wrong path, in random order; nothing says which variant wrote which. Press 1 or 2 for the better one, = for a tie, S to skip for now.');
  const question = h('section', { class: 'question' });
  question.append(h('h2', {}, 'Question'), h('p', { class: 'question-text' }, item.question), h('p', { class: 'gold' }, `Gold answer: ${item.goldAnswer}`), h('h3', {}, 'Wrong solution'), steps(item.steps, 'original'));
  const columns = h('div', { class: 'columns' });
  columns.append(column(item.corrections[0], 1), column(item.corrections[1], 2));
  const buttons = h('div', { class: 'votes' });
  const button = (label: string, title: string, act: () => void, cls: string): HTMLButtonElement => {
    const b = h('button', { type: 'button', class: cls, title }, label);
    b.addEventListener('click', act);
    return b;
  };
  appendAll(buttons, [
    button('1 is better', 'Correction 1 is better (key 1)', () => vote('first'), 'vote first'),
    button('Tie', 'Neither is better (key =)', () => vote('tie'), 'vote tie'),
    button('2 is better', 'Correction 2 is better (key 2)', () => vote('second'), 'vote second'),
    button('Skip', 'Decide later (key S)', skip, 'skip secondary'),
  ]);
  replaceAll(root, [header(progress), note, question, buttons, columns]);
}

function showDone(progress: BlindProgress, message: string): void {
  shown = undefined;
  replaceAll(root, [header(progress), h('p', { id: 'done', class: 'done' }, message)]);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostToBlindView(message)) return;
  if (message.type === 'item') showItem(message.item, message.progress);
  else if (message.type === 'done') showDone(message.progress, message.message);
  else replaceAll(root, [h('p', { id: 'error', class: 'error', role: 'alert' }, message.message)]);
});

window.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const choice = KEYS[event.key];
  if (choice !== undefined) vote(choice);
  else if (event.key === 's' || event.key === 'S') skip();
  else return;
  event.preventDefault();
});

vscode.postMessage({ type: 'ready' });
