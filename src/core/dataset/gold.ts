/**
 * Gold answers, read strictly: only from the places each format documents — GSM8K's "#### n" line,
 * MATH's last \boxed{…}, a LEMA completion's closing "The answer is …" — never guessed from the
 * prose of a solution (the model-output reader would take "… so we get 6" as the gold). The text
 * found there is cut out first and only then read by the task's rules, so they normalise the answer
 * ("1,000" → "1000") without ever seeing the rest of the solution.
 */
import { taskById } from '../task';
import type { TaskId } from '../task/task';
import type { GoldReader } from './formats';

/** The places a gold answer may be stated. */
type Marker = 'hashes' | 'boxed' | 'answerIs';

/** The "#### n" lines, last first ("#### 7\n#### none" states 7). */
function hashesLines(text: string): string[] {
  const lines: string[] = [];
  for (let at = text.lastIndexOf('####'); at >= 0; at = at === 0 ? -1 : text.lastIndexOf('####', at - 1)) {
    const end = text.indexOf('\n', at);
    lines.push(text.slice(at, end < 0 ? text.length : end));
    while (at > 0 && text[at - 1] === '#') at--; // "#####" is one mark
  }
  return lines;
}

const BOX = /\\(?:boxed|fbox)\s*\{/g;

/** The last complete `\boxed{…}` (or `\fbox{…}`), braces balanced, or null. */
function lastBox(text: string): string | null {
  let found: string | null = null;
  BOX.lastIndex = 0;
  for (let m = BOX.exec(text); m; m = BOX.exec(text)) {
    let depth = 0;
    for (let i = m.index + m[0].length - 1; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        if (text.slice(m.index + m[0].length, i).trim() !== '') found = text.slice(m.index, i + 1);
        break;
      }
    }
  }
  return found;
}

const ANSWER_IS = /\b(?:the\s+)?(?:final\s+)?answer\s+is\b/gi;

/** The last "The answer is …" sentence, to the end of its line, or null. */
function answerIsSentence(text: string): string | null {
  let at = -1;
  ANSWER_IS.lastIndex = 0;
  for (let m = ANSWER_IS.exec(text); m; m = ANSWER_IS.exec(text)) at = m.index;
  if (at < 0) return null;
  const end = text.indexOf('\n', at);
  return text.slice(at, end < 0 ? text.length : end);
}

const one = (snippet: string | null): string[] => (snippet === null ? [] : [snippet]);

/** The snippets at a marker, most authoritative (last) first. */
const FIND: Readonly<Record<Marker, (text: string) => string[]>> = {
  hashes: hashesLines,
  boxed: (text) => one(lastBox(text)),
  answerIs: (text) => one(answerIsSentence(text)),
};

/** Where each task's annotated solutions state their answer (LEMA completions: see `fromCompletion`). */
const SOLUTION_MARKERS: Readonly<Record<TaskId, readonly Marker[]>> = {
  gsm8k: ['hashes'],
  math: ['boxed'],
  mc: [],
};

/** A gold reader that takes answers only from documented places (see the top of this file). */
export function strictGoldReader(taskId: TaskId): GoldReader {
  const task = taskById(taskId);
  /** The answer stated at the first of `markers` the text has, read from that snippet alone. */
  const at = (text: string, markers: readonly Marker[]): string | null => {
    for (const marker of markers) {
      for (const snippet of FIND[marker](text)) {
        const answer = task.extractGold(snippet) ?? task.extractAnswer(snippet);
        if (answer !== null) return answer;
      }
    }
    return null;
  };
  return {
    // Multiple-choice solutions state their answer explicitly ("The answer is (B)"): the task's own reader is strict.
    fromSolution: (solution) => (taskId === 'mc' ? task.extractGold(solution) : at(solution, SOLUTION_MARKERS[taskId])),
    fromCompletion: (completion) => (taskId === 'mc' ? task.extractGold(completion) : at(completion, ['answerIs', 'hashes', 'boxed'])),
  };
}
