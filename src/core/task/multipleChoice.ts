/**
 * Multiple-choice sets (CommonsenseQA in LEMA): the final answer names one of the question's
 * candidates, by letter ("(B)") or by its text ("bank"). Two answers agree when they name the
 * same candidate.
 */
import type { Question } from '../dataset/question';
import { GOLD_AS_GIVEN, NO_ANSWER, type ExplainedVerdict, type Task, type Verdict } from './task';
import { DEFAULT_MC_SOLVE_TEMPLATE, cutFollowOn, renderSolvePrompt } from './solvePrompt';
import { splitSteps } from './steps';

type Candidates = Pick<Question, 'candidates'> | undefined;

/** "The answer is", "Answer:", "Corrected Answer: {…}", "the best answer would be". */
const ANSWER_CUE = /\banswer(?:[ \t]+choice)?(?:[ \t]+(?:is|would be|will be|should be)\b[ \t]*:?|[ \t]*:)/gi;

/** A letter naming a candidate: "(B)", "[B]", "B)", "B.", "B:", "option B", or a lone "B". */
const LETTER = /^(?:(?:[Oo]ption|[Cc]hoice)[ \t]+)?(?:[([]([A-Za-z])[)\]]|([A-Z])(?=[).:]|$)|([A-Za-z])$)/;
const LAST_PARENTHESISED_LETTER = /\(([A-Z])\)/g;

/** How alike a phrase must be to its nearest candidate (Dice coefficient of letter pairs). */
const MIN_SIMILARITY = 0.6;

/** The stated final answer, as written: the phrase after the last answer cue, or a short bare answer ("B"). */
function statedAnswer(text: string): string | null {
  let phrase: string | null = null;
  ANSWER_CUE.lastIndex = 0;
  for (let m = ANSWER_CUE.exec(text); m; m = ANSWER_CUE.exec(text)) {
    phrase = answerPhrase(text.slice(m.index + m[0].length, m.index + m[0].length + 300)) || phrase;
  }
  if (phrase !== null) return phrase;
  const short = text.trim();
  return short !== '' && !short.includes('\n') && short.length <= 60 ? answerPhrase(short) : null;
}

/** The answer phrase at the start of `rest`: up to the end of its line, sentence or braces. */
function answerPhrase(rest: string): string {
  const body = rest.replace(/^[\s*"'“{]+/, '');
  const end = /\n|\}|[.!?](?=\s|$)|\s+(?:because|since|as)\b/i.exec(body);
  const phrase = end ? body.slice(0, end.index) : body;
  return phrase.replace(/[\s*"'”.,;:]+$/, '');
}

/** Index of the candidate `answer` names, or -1. */
function candidateIndex(answer: string, candidates: readonly string[]): number {
  const letter = LETTER.exec(answer.trim());
  const named = letter?.[1] ?? letter?.[2] ?? letter?.[3];
  if (named !== undefined) {
    const index = named.toUpperCase().charCodeAt(0) - 65;
    if (index < candidates.length) return index;
  }
  const phrase = normalize(answer);
  if (phrase === '') return -1;
  const texts = candidates.map(normalize);
  const exact = texts.indexOf(phrase);
  if (exact !== -1) return exact;
  return mentionedCandidate(phrase, texts) ?? onlyCandidateContaining(phrase, texts) ?? nearestCandidate(phrase, texts);
}

/** The candidate the phrase mentions first ("bank, where money is kept"); the longer one on a tie. */
function mentionedCandidate(phrase: string, texts: readonly string[]): number | null {
  let best: number | null = null;
  let bestAt = Infinity;
  texts.forEach((t, i) => {
    if (t === '') return;
    const at = ` ${phrase} `.indexOf(` ${t} `);
    const bestLength = best === null ? -1 : (texts[best]?.length ?? -1);
    if (at !== -1 && (at < bestAt || (at === bestAt && t.length > bestLength))) {
      best = i;
      bestAt = at;
    }
  });
  return best;
}

/** "store" names "department store" when no other candidate contains it. */
function onlyCandidateContaining(phrase: string, texts: readonly string[]): number | null {
  const containing = texts.flatMap((t, i) => (` ${t} `.includes(` ${phrase} `) ? [i] : []));
  return containing.length === 1 ? (containing[0] ?? null) : null;
}

/** The most similar candidate, if it is similar enough and strictly nearer than the runner-up. */
function nearestCandidate(phrase: string, texts: readonly string[]): number {
  let best = -1;
  let bestScore = 0;
  let runnerUp = 0;
  texts.forEach((t, i) => {
    const score = similarity(phrase, t);
    if (score > bestScore) {
      runnerUp = bestScore;
      best = i;
      bestScore = score;
    } else if (score > runnerUp) {
      runnerUp = score;
    }
  });
  return bestScore >= MIN_SIMILARITY && bestScore > runnerUp ? best : -1;
}

/** Lower case, no punctuation, no articles: "The Bank." and "bank" are the same phrase. */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\b(?:a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Dice coefficient of the two strings' letter pairs: 1 for the same text, high for near spellings. */
function similarity(a: string, b: string): number {
  const pairs = (s: string): string[] => {
    const compact = s.replace(/ /g, '');
    const out: string[] = [];
    for (let i = 0; i + 1 < compact.length; i++) out.push(compact.slice(i, i + 2));
    return out;
  };
  const left = pairs(a);
  const right = pairs(b);
  if (left.length === 0 || right.length === 0) return a.replace(/ /g, '') === b.replace(/ /g, '') ? 1 : 0;
  const counts = new Map<string, number>();
  for (const p of left) counts.set(p, (counts.get(p) ?? 0) + 1);
  let shared = 0;
  for (const p of right) {
    const n = counts.get(p) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(p, n - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

function extractGold(solution: string): string | null {
  return statedAnswer(solution);
}

/**
 * With candidates, the answer is the candidate named (its text); without them, the phrase as
 * stated. Falls back to the last "(X)" the text mentions.
 */
function extractAnswer(completion: string, question?: Pick<Question, 'candidates'>): string | null {
  const text = cutFollowOn(completion);
  const candidates = question?.candidates;
  const stated = statedAnswer(text);
  if (candidates === undefined || candidates.length === 0) return stated;
  const index = stated === null ? -1 : candidateIndex(stated, candidates);
  if (index !== -1) return candidates[index] ?? null;
  let last = -1;
  for (const m of text.matchAll(LAST_PARENTHESISED_LETTER)) {
    const i = (m[1] ?? 'A').charCodeAt(0) - 65;
    if (i < candidates.length) last = i;
  }
  return last === -1 ? null : (candidates[last] ?? null);
}

function isEquivalent(predicted: string, gold: string, question?: Candidates): boolean {
  const candidates = question?.candidates;
  if (candidates === undefined || candidates.length === 0) {
    return letterOrPhrase(predicted) === letterOrPhrase(gold) && normalize(predicted) !== '';
  }
  const p = candidateIndex(predicted, candidates);
  return p !== -1 && p === candidateIndex(gold, candidates);
}

/** Without candidates, "(b)" and "B" agree, and so do "The bank." and "bank". */
function letterOrPhrase(answer: string): string {
  const letter = LETTER.exec(answer.trim());
  const named = letter?.[1] ?? letter?.[2] ?? letter?.[3];
  return named === undefined ? normalize(answer) : `(${named.toUpperCase()})`;
}

function explain(completion: string, gold: string, question?: Candidates): ExplainedVerdict {
  const text = cutFollowOn(completion);
  const candidates = question?.candidates;
  const stated = statedAnswer(text);
  const goldSide = { text: gold, rule: GOLD_AS_GIVEN };
  const answer = extractAnswer(completion, question);
  const rule = stated === null ? 'last (X) mentioned' : answer === stated || candidates === undefined ? 'answer cue or short answer' : 'answer cue, naming a candidate';
  if (answer === null) return { answer, correct: false, explanation: { predicted: { text: null, rule: NO_ANSWER }, gold: goldSide, rule: NO_ANSWER, correct: false } };
  const correct = isEquivalent(answer, gold, question);
  let decided: string;
  if (candidates === undefined || candidates.length === 0) decided = correct ? 'same letter or phrase' : 'different letter or phrase';
  else {
    const g = candidateIndex(gold, candidates);
    const p = candidateIndex(answer, candidates);
    const name = (i: number): string => `(${String.fromCharCode(65 + i)})`;
    decided = g === -1 ? 'the gold answer names no candidate' : correct ? `same candidate ${name(g)}` : p === -1 ? 'the answer names no candidate' : `different candidates ${name(p)} vs ${name(g)}`;
  }
  return { answer, correct, explanation: { predicted: { text: answer, rule }, gold: goldSide, rule: decided, correct } };
}

function judge(completion: string, gold: string, question?: Candidates): Verdict {
  const answer = extractAnswer(completion, question);
  return { answer, correct: answer !== null && isEquivalent(answer, gold, question) };
}

export const multipleChoiceTask: Task = {
  id: 'mc',
  extractGold,
  extractAnswer,
  isEquivalent,
  judge,
  explain,
  splitSteps,
  renderSolvePrompt: (question, template = DEFAULT_MC_SOLVE_TEMPLATE) => renderSolvePrompt(template, question),
};
