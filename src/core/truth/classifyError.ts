/**
 * The rule-based error classifier: reads a correction's explanation and files it under one error
 * type (errorTypes.ts), with a confidence. Each type has cue phrases with a weight; the type with
 * the most weight wins, and the confidence says how clear the win was (its share of all weight,
 * lowered when the only evidence is one weak cue). No cue at all is `other` with confidence 0.
 * Cheap and pure: the RunIndex classifies every correction it reads with it.
 */
import type { ErrorType } from './errorTypes';

export interface ErrorClassification {
  type: ErrorType;
  /** 0–1: how clearly the explanation points at this type (0 when nothing did). */
  confidence: number;
  /** The cue phrases found, for a tooltip ("why calculation?"). */
  cues: string[];
}

/** [pattern, weight]: strong cues (3) name the error; weak ones (1) only lean towards it. */
type Cue = readonly [RegExp, number];

const CUES: Readonly<Record<Exclude<ErrorType, 'other'>, readonly Cue[]>> = {
  calculation: [
    [/\b(?:calculation|computation|arithmetic)(?:al)?\s+(?:error|mistake|slip)/, 3],
    [/\b(?:miscalculat\w*|computed incorrectly|calculated incorrectly|added incorrectly|multiplied incorrectly)/, 3],
    [/\b(?:is|equals|=)\s*(?:not|n't)\s+[-\d]/, 2],
    [/\b(?:is|are|equals|gives)\s+\$?-?\d[\d.,]*%?,?\s+not\s+\$?-?\d/, 2],
    [/\b(?:should be|should equal|is actually|actually equals|equals)\s+\$?[-\d]/, 1],
    [/\b(?:sum|product|difference|quotient|total)\s+(?:is|was)\s+(?:wrong|incorrect)/, 2],
    [/\b\d+\s*[-+*/×x]\s*\d+\s*(?:=|is)\s*\d+/, 1],
  ],
  misread: [
    [/\bmisread\w*|\bmisinterpret\w*|\bmisunderst\w*/, 3],
    [/\bthe question (?:says|states|asks|gives|tells)|\bthe problem (?:says|states|asks|gives)/, 2],
    [/\bnot what (?:the question|the problem|is) ask/, 3],
    [/\b(?:asks for|asked for)\b/, 1],
    [/\bwrong (?:number|value|quantity) (?:from|in) the (?:question|problem)/, 3],
  ],
  operation: [
    [/\bwrong (?:operation|formula|equation|operator)/, 3],
    [/\bincorrect (?:operation|formula|equation)/, 3],
    [/\bshould (?:have )?(?:been )?(?:added|subtracted|multiplied|divided)|\bshould (?:add|subtract|multiply|divide)/, 3],
    [/\binstead of (?:adding|subtracting|multiplying|dividing)|\b(?:added|subtracted|multiplied|divided) instead/, 3],
    [/\b(?:added|subtracted|multiplied|divided)\b[^.;]*\bnot (?:added|subtracted|multiplied|divided)\b/, 3],
    [/\bformula\b/, 1],
  ],
  skipped: [
    [/\b(?:forgot|forgets|forgetting|neglect\w*|omit\w*|overlook\w*|ignor\w+|left out|leaves out|skipp\w*|missed)\b/, 3],
    [/\b(?:did|does|do)(?: not|n't) (?:account|include|consider|take into account)\b|\bfail\w* to (?:account|include|consider)/, 3],
    [/\bmissing\b/, 2],
    [/\b(?:also|as well) need/, 1],
  ],
  unit: [
    [/\bunits?\b(?! price| cost)/, 2],
    [/\bconver(?:t|sion|ted|ting)\b/, 3],
    [/\b(?:minutes?|hours?|seconds?|days?|weeks?|cents?|dollars?|meters?|centimeters?|kilometers?|inches|feet|grams?|kilograms?|percent(?:age)?)\b.*\b(?:to|into|in)\b.*\b(?:minutes?|hours?|seconds?|days?|weeks?|cents?|dollars?|meters?|centimeters?|kilometers?|inches|feet|grams?|kilograms?|percent(?:age)?|fraction|decimal)\b/, 2],
  ],
  logic: [
    [/\b(?:does not|doesn't|do not) follow\b|\bnon sequitur|\binvalid (?:inference|reasoning|conclusion|assumption)/, 3],
    [/\b(?:incorrectly|wrongly|falsely) (?:assum|conclud|infer)\w*/, 3],
    [/\bassum\w*\b/, 1],
    [/\b(?:conclu\w+|infer\w*|implies|reasoning|contradict\w*|circular|case)\b/, 1],
  ],
};

const TYPES = Object.keys(CUES) as Array<Exclude<ErrorType, 'other'>>;

export function classifyExplanation(explanation: string | undefined): ErrorClassification {
  const text = (explanation ?? '').toLowerCase();
  const score = new Map<ErrorType, number>();
  const cues: string[] = [];
  let total = 0;
  for (const type of TYPES) {
    for (const [pattern, weight] of CUES[type]) {
      const found = pattern.exec(text);
      if (found === null) continue;
      score.set(type, (score.get(type) ?? 0) + weight);
      total += weight;
      cues.push(`${type}: “${found[0].trim().slice(0, 40)}”`);
    }
  }
  let best: ErrorType = 'other';
  let bestScore = 0;
  // Ties go to the type listed first (the more specific readings come first in ERROR_TYPES).
  for (const type of TYPES) {
    const s = score.get(type) ?? 0;
    if (s > bestScore) {
      best = type;
      bestScore = s;
    }
  }
  if (bestScore === 0) return { type: 'other', confidence: 0, cues: [] };
  // A share of the evidence, damped when the evidence is thin (one weak cue is a guess).
  const share = bestScore / total;
  const strength = Math.min(1, bestScore / 3);
  return { type: best, confidence: Math.round(share * strength * 100) / 100, cues };
}
