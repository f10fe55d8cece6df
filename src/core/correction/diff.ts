/** Word-level differences between a wrong step and its replacement, as plain data for the webview. */
import { diffWords } from 'diff';

export interface WordChange {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export function wordDiff(before: string, after: string): WordChange[] {
  return diffWords(before, after).map((c) => ({
    value: c.value,
    ...(c.added ? { added: true } : {}),
    ...(c.removed ? { removed: true } : {}),
  }));
}
