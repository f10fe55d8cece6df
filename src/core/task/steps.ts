/**
 * Reasoning steps: LEMA shows the corrector a wrong path as "Step k: …" lines, and the mistake
 * view aligns the original and corrected solutions step by step. This module turns free text
 * into steps and back.
 */

/** "Step 3:" at a step boundary, optionally in markdown bold or after a heading mark. */
const STEP_LABEL = /(?:^|(?<=\s))(?:#{1,6}[ \t]*)?(?:\*\*)?Step[ \t]+(\d+)[ \t]*(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*/g;

/** The final "#### 18" line of a GSM8K solution: the answer, not a step. */
const GSM8K_ANSWER_LINE = /\n?[ \t]*####(?!#)(?![ \t]*Step\b)[^\n]*\s*$/;

/** Words whose trailing period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'cf', 'approx', 'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'no', 'fig', 'eq', 'resp', 'ca', 'al',
]);

/**
 * The steps of a solution, without their labels. "Step k:" labels win when present; otherwise
 * each non-empty line is a step; a one-line solution is cut into sentences. Math spans
 * ($…$, $$…$$, \[…\], \(…\), \begin…\end) are never cut.
 */
export function splitSteps(solution: string): string[] {
  const text = solution.replace(/\r\n?/g, '\n').replace(GSM8K_ANSWER_LINE, '');
  const math = mathMask(text);
  const labelled = splitAtLabels(text, math);
  if (labelled) return labelled;
  const lines = splitOutside(text, math, /\n/g);
  if (lines.length > 1) return lines;
  return splitSentences(text, math);
}

/** The LEMA layout: "Step 1: …\nStep 2: …". */
export function numberSteps(steps: string[]): string {
  return steps.map((step, i) => `Step ${i + 1}: ${step}`).join('\n');
}

/**
 * Cuts at labels numbered in sequence (k, k+1, …), so a later "see Step 2:" inside a step does not
 * start a new one. Text before the first label is kept as a step rather than lost.
 */
function splitAtLabels(text: string, math: Uint8Array): string[] | null {
  const cuts: Array<{ start: number; end: number }> = [];
  let expected = -1;
  for (const m of text.matchAll(STEP_LABEL)) {
    const start = m.index;
    if (math[start] === 1) continue;
    const k = Number(m[1]);
    if (expected !== -1 && k !== expected) continue;
    cuts.push({ start, end: start + m[0].length });
    expected = k + 1;
  }
  if (cuts.length === 0) return null;
  const steps: string[] = [];
  const preamble = text.slice(0, cuts[0]?.start).trim();
  if (preamble) steps.push(preamble);
  cuts.forEach((cut, i) => {
    const step = text.slice(cut.end, cuts[i + 1]?.start ?? text.length).trim();
    if (step) steps.push(step);
  });
  return steps;
}

/** Splits at every match of `separator` that is outside math; trims and drops empty pieces. */
function splitOutside(text: string, math: Uint8Array, separator: RegExp): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const m of text.matchAll(separator)) {
    if (math[m.index] === 1) continue;
    pieces.push(text.slice(from, m.index + m[0].length));
    from = m.index + m[0].length;
  }
  pieces.push(text.slice(from));
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}

/** A sentence ends at . ! ? (plus closing quotes or brackets) followed by space and a non-lowercase start. */
const SENTENCE_END = /[.!?]+["'”’)\]]*(?=\s+[^\sa-z])/g;

function splitSentences(text: string, math: Uint8Array): string[] {
  const sentences: string[] = [];
  let from = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    if (math[m.index] === 1 || endsWithAbbreviation(text, m.index)) continue;
    sentences.push(text.slice(from, m.index + m[0].length));
    from = m.index + m[0].length;
  }
  sentences.push(text.slice(from));
  return sentences.map((s) => s.trim()).filter((s) => s !== '');
}

/** Whether the word ending at `dot` is an abbreviation ("e.g.") or an initial ("J."). */
function endsWithAbbreviation(text: string, dot: number): boolean {
  if (text[dot] !== '.') return false;
  let start = dot;
  while (start > 0 && /[A-Za-z.]/.test(text[start - 1] ?? '')) start--;
  const word = text.slice(start, dot);
  return ABBREVIATIONS.has(word.toLowerCase()) || /^[A-Z]$/.test(word);
}

/**
 * 1 for every character inside a math span. `$` opens inline math only when followed by a
 * non-space and closes only after a non-space and before a non-digit, so GSM8K's currency
 * ("$5 and then $3") is not mistaken for math; `\$` is a literal dollar.
 */
function mathMask(text: string): Uint8Array {
  const mask = new Uint8Array(text.length);
  const mark = (start: number, end: number): void => {
    mask.fill(1, start, end);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      let end = -1;
      if (next === '[') end = closeAt(text, '\\]', i + 2);
      else if (next === '(') end = closeAt(text, '\\)', i + 2);
      else if (text.startsWith('begin{', i + 1)) {
        const name = /^\\begin\{([^}]*)\}/.exec(text.slice(i, i + 40))?.[1];
        if (name !== undefined) end = closeAt(text, `\\end{${name}}`, i + 1);
      }
      if (end !== -1) {
        mark(i, end);
        i = end;
      } else {
        i += 2;
      }
    } else if (c === '$') {
      if (text[i + 1] === '$') {
        const end = closeAt(text, '$$', i + 2);
        if (end !== -1) {
          mark(i, end);
          i = end;
        } else {
          i += 2;
        }
      } else {
        const end = closeInlineDollar(text, i);
        if (end !== -1) {
          mark(i, end);
          i = end;
        } else {
          i += 1;
        }
      }
    } else {
      i += 1;
    }
  }
  return mask;
}

/** Index just past `closer`, searching from `from`, or -1. */
function closeAt(text: string, closer: string, from: number): number {
  const at = text.indexOf(closer, from);
  return at === -1 ? -1 : at + closer.length;
}

/** Index just past the `$` closing the inline math opened at `open`, or -1 if it is not math. */
function closeInlineDollar(text: string, open: number): number {
  const first = text[open + 1];
  if (first === undefined || /\s/.test(first)) return -1;
  for (let j = open + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      j++;
    } else if (c === '\n' && text[j + 1] === '\n') {
      return -1;
    } else if (c === '$') {
      const before = text[j - 1] ?? '';
      const after = text[j + 1] ?? '';
      return /\s/.test(before) || /\d/.test(after) ? -1 : j + 1;
    }
  }
  return -1;
}
