import { isHostToMistakeView, type MistakeViewToHost } from '../../src/shared/protocol';

declare function acquireVsCodeApi(): { postMessage(message: MistakeViewToHost): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostToMistakeView(message) || !root) return;
  // Text only: everything shown here may come from a dataset or a model.
  const empty = document.createElement('p');
  empty.className = 'empty';
  empty.id = 'empty-reason';
  empty.textContent = message.reason;
  root.replaceChildren(empty);
});

vscode.postMessage({ type: 'ready' });
