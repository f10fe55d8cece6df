/**
 * GSM8K: grade-school word problems whose final answer is one number. Gold solutions end
 * "#### 18"; LEMA's reasoning paths end "The answer is 18." (eq. 1 and eq. 2 compare these).
 */
import { GOLD_AS_GIVEN, NO_ANSWER, type ExplainedVerdict, type Task, type Verdict } from './task';
import { firstNumber, lastNumber, numbersEqual, type FoundNumber } from './numbers';
import { DEFAULT_SOLVE_TEMPLATE, cutFollowOn, renderSolvePrompt } from './solvePrompt';
import { splitSteps } from './steps';

/** "The answer is", "the final answer is:", "Answer:", "answer = ". */
const ANSWER_CUE = /\banswer(?:[ \t]+(?:is|would be|will be|should be)\b[ \t]*:?|[ \t]*[:=])/gi;

const GSM8K_MARK = /####(?!#)/g;
const BOXED = /\\boxed\s*\{/g;
/** The calculator annotations of GSM8K ("<<2*3=6>>"): their operands are not the answer. */
const ANNOTATION = /<<[^<>\n]*>>/g;

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const NUMBER_WORD = /^(?:\*\*)?(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](one|two|three|four|five|six|seven|eight|nine))?(?:[- ](hundred|thousand|million))?\b/i;

function extractGold(solution: string): string | null {
  return answerAfterMark(solution) ?? answerAfterCue(solution);
}

/** Which link of the chain found a GSM8K answer; the verdict's explanation names it. */
type Gsm8kExtractionRule = 'answer cue' | 'gsm8k mark' | 'boxed' | 'last number';

/**
 * The order is the order of how explicit a model is: an "answer is" sentence, then a
 * GSM8K-style "#### n", then a \boxed{n}, then the last number it wrote.
 */
function findAnswer(completion: string): { answer: string; rule: Gsm8kExtractionRule } | null {
  const text = cutFollowOn(completion);
  const cue = answerAfterCue(text);
  if (cue !== null) return { answer: cue, rule: 'answer cue' };
  const mark = answerAfterMark(text);
  if (mark !== null) return { answer: mark, rule: 'gsm8k mark' };
  const box = answerInLastBox(text);
  if (box !== null) return { answer: box, rule: 'boxed' };
  const plain = text.replace(ANNOTATION, ' ');
  const last = lastNumber(plain);
  return last === null ? null : { answer: clockTime(plain, last) ?? last.text, rule: 'last number' };
}

function extractAnswer(completion: string): string | null {
  return findAnswer(completion)?.answer ?? null;
}

/**
 * "3:30" is a time of day, not the number 3 or 30: kept whole, and (see isEquivalent) equal only
 * to the same time, since whether it meant 3.5 hours or 210 minutes is not written.
 */
function clockTime(text: string, found: FoundNumber): string | null {
  const after = /^:(\d{2})(?!\d)/.exec(text.slice(found.end, found.end + 3));
  if (after && /^\d{1,2}$/.test(found.text)) return `${found.text}:${after[1] ?? ''}`;
  const before = /(?<![\d:])(\d{1,2}):$/.exec(text.slice(Math.max(0, found.start - 3), found.start));
  if (before && /^\d{2}$/.test(found.text)) return `${before[1] ?? ''}:${found.text}`;
  return null;
}

/** "5 and 7", "5 or 6", "3, 4": an answer sentence that hedges between numbers. */
const SEVERAL_NUMBERS = /^[\s*]*(?:,|\band\b|\bor\b)[\s*]*[-−$€£]?\d/;

/** "not 5, it is 6": a number the sentence rules out is not its answer. */
const RULED_OUT = /\bnot[ \t]+(?:exactly[ \t]+)?[-−$€£]?\d[\d,.]*(?:%|[ \t]+[a-z]+)?/gi;

/** The number of the last "answer is" sentence that has one. */
function answerAfterCue(text: string): string | null {
  const cues: number[] = [];
  ANSWER_CUE.lastIndex = 0;
  for (let m = ANSWER_CUE.exec(text); m; m = ANSWER_CUE.exec(text)) cues.push(m.index + m[0].length);
  for (let i = cues.length - 1; i >= 0; i--) {
    const found = numberOfAnswerSentence(text, cues[i] ?? 0);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The number an answer sentence states. "The answer is 12 * 3 = 36." states 36: the result
 * after the last "=" of its first sentence. The number may sit on a later line only when the
 * sentence itself is bare markup ("Answer:\n\n18", "\[\n\boxed{18}"), so an echoed
 * "Answer: Let's think step by step." does not take the first number of the reasoning.
 */
function numberOfAnswerSentence(text: string, from: number): string | null {
  const start = from + (/^[\s*:{]*/.exec(text.slice(from, from + 40))?.[0].length ?? 0);
  const rest = text.slice(start, start + 400).replace(ANNOTATION, ' ');
  const sentence = rest.slice(0, sentenceEnd(rest));
  const lastEquals = sentence.lastIndexOf('=');
  if (lastEquals !== -1) {
    const result = firstNumber(sentence, lastEquals + 1);
    if (result) return result.text;
  }
  const word = NUMBER_WORD.exec(sentence);
  const searched = (/[A-Za-z]{2}/.test(sentence) ? sentence : rest.slice(0, paragraphEnd(rest))).replace(RULED_OUT, (m) => ' '.repeat(m.length));
  const number = firstNumber(searched);
  if (word && (number === null || number.start > 0)) return wordValue(word);
  if (number === null) return null;
  const time = clockTime(searched, number);
  if (time !== null) return time;
  // A hedge ("5 and 7") is kept whole, so that it matches no single gold answer.
  const hedge = SEVERAL_NUMBERS.exec(searched.slice(number.end));
  const next = hedge ? firstNumber(searched, number.end) : null;
  if (next) return searched.slice(number.start, next.end).trim();
  return number.text;
}

/** End of the first sentence: a newline, or . ! ? before a space (not the dot of 3.5). */
function sentenceEnd(text: string): number {
  const end = /\n|[.!?](?=\s|$)/.exec(text);
  return end ? end.index : text.length;
}

function paragraphEnd(text: string): number {
  const end = text.indexOf('\n\n');
  return end === -1 ? text.length : end;
}

function wordValue(word: RegExpExecArray): string {
  const tens = NUMBER_WORDS[(word[1] ?? '').toLowerCase()] ?? 0;
  const ones = word[2] === undefined ? 0 : (NUMBER_WORDS[word[2].toLowerCase()] ?? 0);
  const scale = { hundred: 100, thousand: 1000, million: 1_000_000 }[word[3]?.toLowerCase() ?? ''] ?? 1;
  return String((tens + ones) * scale);
}

/** The number after the last "####" that has one. */
function answerAfterMark(text: string): string | null {
  return integerAfterLastMark(text) ?? numberAfterAnyMark(text);
}

/**
 * The usual GSM8K ending, "#### 18": the text ends in a mark and one plain integer on its line.
 * Read backwards from the end without regular expressions, since loading a dataset asks this of
 * every question; null sends anything else (commas, decimals, currency, words) to the general reading.
 */
function integerAfterLastMark(text: string): string | null {
  let i = text.length;
  while (i > 0 && isBlank(text.charCodeAt(i - 1), true)) i--;
  const end = i;
  while (i > 0 && isDigit(text.charCodeAt(i - 1))) i--;
  // Past 15 digits a double may not hold the integer; the general reading decides then.
  if (i === end || end - i > 15) return null;
  if (text.charCodeAt(i - 1) === 0x2d) i--; // '-'
  const start = i;
  while (i > 0 && isBlank(text.charCodeAt(i - 1), false)) i--;
  return i >= 4 && text.startsWith('####', i - 4) ? text.slice(start, end) : null;
}

/** Space, tab, CR (of a CRLF line end), and a newline where the line may end. */
function isBlank(code: number, newline: boolean): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || (newline && code === 0x0a);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function numberAfterAnyMark(text: string): string | null {
  let found: FoundNumber | null = null;
  GSM8K_MARK.lastIndex = 0;
  for (let m = GSM8K_MARK.exec(text); m; m = GSM8K_MARK.exec(text)) {
    const end = text.indexOf('\n', m.index);
    found = firstNumber(text.slice(m.index + 4, end === -1 ? text.length : end)) ?? found;
  }
  return found?.text ?? null;
}

/** The number inside the last \boxed{…}. */
function answerInLastBox(text: string): string | null {
  let found: FoundNumber | null = null;
  BOXED.lastIndex = 0;
  for (let m = BOXED.exec(text); m; m = BOXED.exec(text)) {
    const open = m.index + m[0].length;
    found = firstNumber(text.slice(open, closingBrace(text, open))) ?? found;
  }
  return found?.text ?? null;
}

/** A box holding more than this is not a final answer; the cap keeps texts of many unclosed boxes linear. */
const MAX_BOX = 1000;

/** Index of the brace closing the group that starts at `open` (nested braces allowed), at most MAX_BOX on. */
function closingBrace(text: string, open: number): number {
  let depth = 1;
  const end = Math.min(text.length, open + MAX_BOX);
  for (let i = open; i < end; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return end;
}

function isEquivalent(predicted: string, gold: string): boolean {
  return compare(predicted, gold).equal;
}

const CLOCK_TIME = /^\d{1,2}:\d{2}$/;

/** Whether two GSM8K answers are the same number, and the rule that decided. */
function compare(predicted: string, gold: string): { equal: boolean; rule: string } {
  const p = predicted.trim();
  const g = gold.trim();
  if (CLOCK_TIME.test(p) || CLOCK_TIME.test(g)) {
    const equal = p === g;
    return { equal, rule: equal ? 'same time of day' : 'a time of day is equal only to the same time' };
  }
  const pn = firstNumber(p);
  const gn = firstNumber(g);
  if (isHedge(p, pn) || isHedge(g, gn)) return { equal: false, rule: 'several numbers given (a hedge matches no single answer)' };
  if (pn === null || gn === null) {
    const equal = pn === gn && p.toLowerCase() === g.toLowerCase() && p !== '';
    return { equal, rule: equal ? 'same text' : 'no number to compare' };
  }
  const equal = numbersEqual(pn.value, gn.value);
  return { equal, rule: equal ? 'same number' : 'different numbers' };
}

/** "5 and 7": a second number joined to the first. */
function isHedge(answer: string, first: FoundNumber | null): boolean {
  return first !== null && first.end < answer.length && SEVERAL_NUMBERS.test(answer.slice(first.end));
}

function explain(completion: string, gold: string): ExplainedVerdict {
  const found = findAnswer(completion);
  const goldSide = { text: gold, rule: GOLD_AS_GIVEN };
  if (found === null) return { answer: null, correct: false, explanation: { predicted: { text: null, rule: NO_ANSWER }, gold: goldSide, rule: NO_ANSWER, correct: false } };
  const { equal, rule } = compare(found.answer, gold);
  return { answer: found.answer, correct: equal, explanation: { predicted: { text: found.answer, rule: found.rule }, gold: goldSide, rule, correct: equal } };
}

function judge(completion: string, gold: string): Verdict {
  const answer = extractAnswer(completion);
  return { answer, correct: answer !== null && isEquivalent(answer, gold) };
}

export const gsm8kTask: Task = {
  id: 'gsm8k',
  extractGold,
  extractAnswer,
  isEquivalent,
  judge,
  explain,
  splitSteps,
  renderSolvePrompt: (question, template = DEFAULT_SOLVE_TEMPLATE) => renderSolvePrompt(template, question),
};
