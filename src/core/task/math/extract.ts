/**
 * Where a MATH solution states its final answer. Models of every family write it differently, so
 * the answer is looked for in a chain, most explicit first:
 *   1. the last \boxed{…} / \fbox{…} (several boxes joined only by "and", commas or spacing are
 *      several answers: `\boxed{1} \text{ and } \boxed{4}` is "1, 4");
 *   2. the text after an answer cue ("The answer is", "Final answer:", "**Answer:**");
 *   3. the whole output, when it is one short line of math (`-7`, `\frac25`, `x = 7`);
 *   4. the last math expression ($…$, $$…$$, \(…\), \[…\]), unless a number follows it in prose;
 *   5. the last number.
 *
 * Between 1 and 2 the one written last wins: it is the text's conclusion. A box inside or after
 * the answer sentence ("The answer is $\boxed{5}$") is taken over the sentence, and its braces
 * say exactly where the answer ends; an answer sentence after the last box (a model that boxed an
 * intermediate result, then concluded) is taken over the box.
 */
import { lastNumber } from '../numbers';

/** Which link of the chain found the answer; the verdict's explanation names it. */
export type MathExtractionRule = 'boxed' | 'several boxes' | 'answer cue' | 'whole output' | 'last math' | 'last number';

export interface FoundAnswer {
  answer: string;
  rule: MathExtractionRule;
}

const BOX = /\\(?:boxed|fbox)(?![a-zA-Z])/g;

/**
 * "The answer is", "the final answer is:", "Final answer:" anywhere, and "Answer:" /
 * "**Final Answer:**" at the start of a line (mid-sentence, "check the answer: 5 works" is not a
 * conclusion).
 */
const ANSWER_CUE =
  /\b(?:final[ \t]+)?answer[ \t]+(?:is|would be|will be|should be)\b[ \t]*:?|\bfinal[ \t]+answer[ \t*]*:[ \t*]*|^[ \t#*]*(?:final[ \t]+)?answer[ \t*]*:[ \t*]*/gim;

/** What may stand between two boxes that state several answers: spacing, punctuation, "and", "or", a label "x =". */
const BOX_JOINER = /^(?:\s|[$.,;]|\\[,;:! ]|\\q?quad(?![a-zA-Z])|\\\\|\\[()[\]]|\\text\s*\{\s*(?:and|or|,)?\s*\}|\b(?:and|or)\b|\b[a-zA-Z]\s*=)*$/;

/** The final answer a text gives, or null when it gives none. */
export function finalAnswer(text: string): string | null {
  return findFinalAnswer(text)?.answer ?? null;
}

/**
 * The answer an annotated solution states: a box or an answer cue only. A gold solution without
 * either is a dataset error to report, not a text to guess from.
 */
export function statedAnswer(text: string): string | null {
  return findFinalAnswer(text, false)?.answer ?? null;
}

/** The final answer a text gives and which rule found it, or null when it gives none. */
export function findFinalAnswer(text: string, bare = true): FoundAnswer | null {
  const boxes = lastBoxes(text);
  if (boxes === undefined) return null; // a box cut off by the end of the text: no conclusion
  const box = boxes[boxes.length - 1];
  const cue = lastCue(text);
  if (box && (cue === null || box.start >= cue)) return boxedAnswer(boxes);
  if (cue !== null) {
    const stated = answerSentence(text, cue);
    if (stated !== null) return { answer: stated, rule: 'answer cue' };
    if (box) return boxedAnswer(boxes);
  }
  return bare ? bareAnswer(text) : null;
}

function boxedAnswer(boxes: readonly Box[]): FoundAnswer {
  if (boxes.length === 1) return { answer: boxes[0]?.content ?? '', rule: 'boxed' };
  return { answer: boxes.map((b) => b.content).join(', '), rule: 'several boxes' };
}

/** Steps 3–5: an output with neither a box nor a cue. */
function bareAnswer(text: string): FoundAnswer | null {
  const whole = text.trim().replace(/^\*\*([^*]+)\*\*\.?$/, '$1'); // markdown bold around the whole answer
  if (whole !== '' && whole.length <= 80 && !whole.includes('\n') && !/\\(?:boxed|fbox)/.test(whole) && !hasWords(whole)) {
    return { answer: whole.replace(/[.;]+$/, ''), rule: 'whole output' };
  }
  const math = lastMathSpans(text);
  const after = math.length === 0 ? text : text.slice(math[math.length - 1]?.end ?? 0);
  const number = lastNumber(after.replace(NOT_AN_ANSWER, ' '));
  if (number !== null) return { answer: number.text, rule: 'last number' };
  if (math.length > 0) return { answer: math.map((m) => m.content).join(', '), rule: 'last math' };
  return null;
}

/** "Step 3" labels a step, "about 0.33" rounds the answer just given: neither number is the answer. */
const NOT_AN_ANSWER = /\bstep[ \t]*\d+|(?:\b(?:about|approximately|approx\.|roughly|around|nearly)|≈|~)[ \t]*[-−$]?[ \t]*\d[\d.,]*/gi;

/** Words of two letters or more outside LaTeX commands and math: "So, $x=3$" is a sentence, `x = 7` is not. */
function hasWords(text: string): boolean {
  return /[a-zA-Z]{2,}/.test(outsideMath(text));
}

/** Words of three letters or more outside LaTeX commands and math: a sentence, not an answer. */
function isProse(text: string, words = 2): boolean {
  return (outsideMath(text).match(/[a-zA-Z]{3,}/g)?.length ?? 0) >= words;
}

function outsideMath(text: string): string {
  return text.replace(/\$[^$]*\$|\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]|\\[a-zA-Z]+(?:\s*\{[^{}]*\})?/g, ' ');
}

interface Box {
  start: number;
  end: number;
  content: string;
}

/**
 * The last box with content, with the boxes just before it that are joined to it only by
 * spacing, punctuation or "and"/"or" (several answers). `\boxed{…}` may nest braces; `\boxed 5`
 * boxes one token. A box cut off before its closing brace (a truncated completion) gives
 * undefined: the box it replaced is not the model's conclusion.
 */
function lastBoxes(text: string): Box[] | undefined {
  if (!text.includes('box')) return [];
  const starts: number[] = [];
  BOX.lastIndex = 0;
  for (let m = BOX.exec(text); m; m = BOX.exec(text)) starts.push(m.index);
  const group: Box[] = [];
  for (let i = starts.length - 1; i >= 0; i--) {
    const start = starts[i] ?? 0;
    const box = boxAt(text, start);
    if (box === undefined) {
      if (group.length === 0) return undefined;
      break;
    }
    if (box === null) continue;
    const next = group[0];
    if (next !== undefined && (next.start - box.end > 60 || !BOX_JOINER.test(text.slice(box.end, next.start)))) break;
    group.unshift(box);
  }
  return group;
}

/** The box starting at `start`: null when empty, undefined when never closed. */
function boxAt(text: string, start: number): Box | null | undefined {
  let i = start + (text.startsWith('\\boxed', start) ? 6 : 5);
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '{') {
    const close = closingBrace(text, i);
    if (close === -1) return undefined;
    const content = text.slice(i + 1, close).trim();
    return content === '' ? null : { start, end: close + 1, content };
  }
  const token = /^[^\s$]+/.exec(text.slice(i, i + 200))?.[0] ?? '';
  const content = token.replace(/[.,;]+$/, '');
  return content === '' ? null : { start, end: i + token.length, content };
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
 * The answer an answer sentence states: its first math span ($…$, \(…\), \[…\]) when the span
 * opens the sentence or comes before any sentence end on its line, else the sentence up to its
 * end (a newline, or . ! ? before a space; not the dot of 3.5).
 */
function answerSentence(text: string, from: number): string | null {
  const rest = text.slice(from, from + 600).replace(/^[\s*]+/, '');
  const line = rest.slice(0, lineEnd(rest));
  const first = firstMathSpan(rest);
  const span = first !== null && (first.start === 0 || (first.start < line.length && /^[^.!?]*$/.test(line.slice(0, first.start)))) ? first : null;
  if (span) return span.content;
  const end = /[.!?](?=[\s*]|$)/.exec(line);
  const sentence = (end ? line.slice(0, end.index) : line).replace(/\*+$/, '').trim();
  return sentence === '' ? null : sentence;
}

function lineEnd(text: string): number {
  const end = text.indexOf('\n');
  return end === -1 ? text.length : end;
}

export interface MathSpan {
  start: number;
  end: number;
  content: string;
}

/**
 * Math spans in reading order: `$$…$$`, `$…$`, `\(…\)`, `\[…\]`. An escaped `\$` is a dollar sign
 * inside math (`$\$10$`), not a delimiter; an inline `$…$` does not cross a blank line, and one
 * that reads as prose ("costs $5 and then $6") is currency, not math.
 */
export function* mathSpans(text: string): Generator<MathSpan> {
  // Where each closing delimiter was last searched for in vain: it is not found from there on either,
  // so a text of many unclosed `\(` is read in linear time.
  const missing = new Map<string, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    let open: number;
    let close: string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== '(' && next !== '[') {
        i++;
        continue;
      }
      open = 2;
      close = next === '(' ? '\\)' : '\\]';
    } else if (c === '$') {
      open = text[i + 1] === '$' ? 2 : 1;
      close = open === 2 ? '$$' : '$';
    } else continue;
    const end = (missing.get(close) ?? Infinity) <= i + open ? -1 : closingDelimiter(text, i + open, close);
    if (end === -1) {
      missing.set(close, Math.min(missing.get(close) ?? Infinity, i + open));
      i += open - 1;
      continue;
    }
    const content = text.slice(i + open, end).trim();
    const inline = close === '$';
    if (content !== '' && !(inline && (isProse(content) || content.includes('\n\n')))) yield { start: i, end: end + close.length, content };
    else if (inline) {
      i += open - 1; // the `$` may open the next span instead (currency before math)
      continue;
    }
    i = end + close.length - 1;
  }
}

/** Where `close` ends the span whose content starts at `from`, skipping escaped characters. */
function closingDelimiter(text: string, from: number, close: string): number {
  for (let i = from; i < text.length; i++) {
    if (text.startsWith(close, i)) return i;
    if (text[i] === '\\') i++;
  }
  return -1;
}

function firstMathSpan(text: string): MathSpan | null {
  for (const span of mathSpans(text)) return span;
  return null;
}

/** Between math spans that state several answers: "$x=2$ and $x=-3$", "$1$, $2$" (not a full stop). */
const MATH_JOINER = /^(?:\s|[,;]|\b(?:and|or)\b)*$/;

/** The last math span, with the spans just before it joined to it by "and", "or" or commas (several answers). */
function lastMathSpans(text: string): MathSpan[] {
  let group: MathSpan[] = [];
  for (const span of mathSpans(text)) {
    const previous = group[group.length - 1];
    const joined = previous !== undefined && span.start - previous.end <= 60 && MATH_JOINER.test(text.slice(previous.end, span.start));
    group = joined ? [...group, span] : [span];
  }
  return group;
}
