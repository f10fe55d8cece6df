import { hash } from 'node:crypto';
import type { QuestionDraft } from './formats';

export interface AssignedId {
  id: string;
  /** The file line of the first question with the same content (or own id), when this one repeats it. */
  repeats?: number;
}

/**
 * The content id of a question: the first 16 hex digits of SHA-256 over question, gold answer
 * and candidates joined by NUL (candidates by U+0001), so other tools can recompute it.
 */
export function contentId(draft: Pick<QuestionDraft, 'question' | 'goldAnswer' | 'candidates'>): string {
  return contentDigest(draft).slice(0, 16);
}

/** All 64 hex digits behind `contentId`. */
function contentDigest(draft: Pick<QuestionDraft, 'question' | 'goldAnswer' | 'candidates'>): string {
  const text = draft.candidates
    ? `${draft.question}\u0000${draft.goldAnswer}\u0000${draft.candidates.join('\u0001')}`
    : `${draft.question}\u0000${draft.goldAnswer}`;
  return hash('sha256', text, 'hex');
}

/**
 * Gives each question of one file its stable id, so a rerun on the same file finds the same
 * ids. Identical questions are told apart by their order of appearance ("-2", "-3"), which
 * survives edits elsewhere in the file.
 */
export class QuestionIds {
  private readonly seen = new SeenKeys();
  /** Only for keys seen more than once (rare), how often so far. */
  private readonly repeatCount = new Map<string, number>();

  assign(draft: QuestionDraft, line: number): AssignedId {
    // Own ids can be any text; the table wants 64 bits of a hash. Its words are read off the whole
    // digest, not off the id cut from it: a cut-out string is slower to read char by char.
    const digest = draft.ownId === undefined ? contentDigest(draft) : hash('sha256', draft.ownId, 'hex');
    const key = draft.ownId ?? digest.slice(0, 16);
    const first = this.seen.firstLine(hexWord(digest, 0), hexWord(digest, 8), line);
    if (first === 0) return { id: key };
    const n = (this.repeatCount.get(key) ?? 1) + 1;
    this.repeatCount.set(key, n);
    return { id: `${key}-${n}`, repeats: first };
  }
}

/** The 32-bit number written by 8 lowercase hex digits of `hex` from `from` (faster than slice + parseInt here). */
function hexWord(hex: string, from: number): number {
  let word = 0;
  for (let i = from; i < from + 8; i++) {
    const c = hex.charCodeAt(i);
    word = (word << 4) | (c <= 0x39 ? c - 0x30 : c - 0x57);
  }
  return word >>> 0;
}

/**
 * A set of 64-bit keys with the line each was first seen on, in typed arrays: a 1M-question
 * file costs a few MB and nothing for the garbage collector to trace, unlike a Map of strings.
 */
class SeenKeys {
  /** Slots of [high, low, line]; line 0 marks an empty slot (lines start at 1). */
  private slots = new Uint32Array(3 << 12);
  private count = 0;

  /** The line where the key was first seen; or 0, after recording it as first seen on `line`. */
  firstLine(high: number, low: number, line: number): number {
    const { slots } = this;
    const mask = slots.length / 3 - 1;
    let at = 3 * ((low ^ Math.imul(high, 0x9e3779b1)) & mask);
    for (;;) {
      const seen = slots[at + 2] as number;
      if (seen === 0) break;
      if (slots[at] === high && slots[at + 1] === low) return seen;
      at = at + 3 === slots.length ? 0 : at + 3;
    }
    slots[at] = high;
    slots[at + 1] = low;
    slots[at + 2] = line;
    if (++this.count * 2 > mask) this.grow();
    return 0;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.count = 0;
    for (let at = 0; at < old.length; at += 3) {
      const line = old[at + 2] as number;
      if (line !== 0) this.firstLine(old[at] as number, old[at + 1] as number, line);
    }
  }
}
