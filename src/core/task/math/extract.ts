/**
 * Where a MATH solution states its final answer: the last \boxed{…} (or \fbox{…}), or an
 * "The answer is …" sentence (LEMA's own format, and Minerva's "Final Answer: The final answer
 * is $…$").
 *
 * When a text has both, the one written last wins: it is the text's conclusion. A box inside or
 * after the answer sentence ("The answer is $\boxed{5}$") is therefore taken over the sentence,
 * and its braces say exactly where the answer ends; an answer sentence after the last box (a model
 * that boxed an intermediate result, then concluded) is taken over the box.
 */

const BOX = /\\(?:boxed|fbox)(?![a-zA-Z])/g;

/**
 * "The answer is", "the final answer is:", and "Answer:" / "**Final Answer:**" at the start of a
 * line (mid-sentence, "check the answer: 5 works" is not a conclusion).
 */
const ANSWER_CUE = /\b(?:final[ \t]+)?answer[ \t]+(?:is|would be|will be|should be)\b[ \t]*:?|^[ \t#*]*(?:final[ \t]+)?answer[ \t*]*:[ \t*]*/gim;

/** The final answer a text gives, or null when it gives none. */
export function finalAnswer(text: string): string | null {
  const box = lastBox(text);
  const cue = lastCue(text);
  if (box && (cue === null || box.start >= cue)) return box.content;
  if (cue !== null) return answerSentence(text, cue) ?? box?.content ?? null;
  return null;
}

interface Box {
  start: number;
  content: string;
}

/**
 * The last box with content. `\boxed{…}` may nest braces; `\boxed 5` boxes one token. A box cut
 * off before its closing brace (a truncated completion) gives no answer: the box it replaced is
 * not the model's conclusion.
 */
function lastBox(text: string): Box | null {
  const starts: number[] = [];
  BOX.lastIndex = 0;
  for (let m = BOX.exec(text); m; m = BOX.exec(text)) starts.push(m.index);
  for (let i = starts.length - 1; i >= 0; i--) {
    const start = starts[i] ?? 0;
    const content = boxContent(text, start + (text.startsWith('\\boxed', start) ? 6 : 5));
    if (content === undefined) return null;
    if (content !== null) return { start, content };
  }
  return null;
}

/** Content after the command name at `from`: null when empty, undefined when never closed. */
function boxContent(text: string, from: number): string | null | undefined {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '{') {
    const close = closingBrace(text, i);
    if (close === -1) return undefined;
    const content = text.slice(i + 1, close).trim();
    return content === '' ? null : content;
  }
  const token = /^[^\s$]+/.exec(text.slice(i))?.[0] ?? '';
  const content = token.replace(/[.,;]+$/, '');
  return content === '' ? null : content;
}

/** Index of the brace that closes the group opened at `open`; `\{` and `\}` are literal braces. */
export function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Where the answer after the last "answer is" cue starts, or null. */
function lastCue(text: string): number | null {
  let at: number | null = null;
  ANSWER_CUE.lastIndex = 0;
  for (let m = ANSWER_CUE.exec(text); m; m = ANSWER_CUE.exec(text)) at = m.index + m[0].length;
  return at;
}

/**
 * The answer an answer sentence states: its first math span ($…$, \(…\), \[…\]) when it has one,
 * else the sentence up to its end (a newline, or . ! ? before a space; not the dot of 3.5).
 */
function answerSentence(text: string, from: number): string | null {
  const rest = text.slice(from, from + 600).replace(/^[\s*]+/, '');
  const line = rest.slice(0, lineEnd(rest));
  const math = /^\$\$([^$]+)\$\$|^\$([^$]+)\$|^\\\(([\s\S]+?)\\\)|^\\\[([\s\S]+?)\\\]/.exec(rest);
  const inLine = /\$([^$]+)\$|\\\((.+?)\\\)/.exec(line);
  const span = math ?? (inLine && /^[^.!?]*$/.test(line.slice(0, inLine.index)) ? inLine : null);
  if (span) {
    const content = span.slice(1).find((g) => g !== undefined)?.trim() ?? '';
    return content === '' ? null : content;
  }
  const end = /[.!?](?=[\s*]|$)/.exec(line);
  const sentence = (end ? line.slice(0, end.index) : line).replace(/\*+$/, '').trim();
  return sentence === '' ? null : sentence;
}

function lineEnd(text: string): number {
  const end = text.indexOf('\n');
  return end === -1 ? text.length : end;
}
