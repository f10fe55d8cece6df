/**
 * Exact duplicates in a training set: two examples whose prompt and completion are the same text
 * once normalised (a temperature-0 correction regenerated, the same wrong path sampled twice and
 * corrected alike, one path in two runs). Training on both only weights that example twice.
 *
 * "Normalised" is the same for every file format: Unicode NFC, every run of white space one space,
 * trimmed. The prompt is the example's whole prompt (instruction and input), which is the chat
 * formats' user turn; their system message is one setting for the whole file, so it cannot tell
 * two rows apart. So an export finds the same duplicates whichever format it writes.
 *
 * Only a 128-bit hash of each kept example is held, never its text: 200,000 examples cost a few MB.
 */
import { createHash } from 'node:crypto';

/** Why an example was left out as a repeat; the manifest counts each. */
export type DuplicateReason =
  /** The same record read twice (e.g. one question in two dataset files). */
  | 'repeated record'
  /** Another record whose normalised prompt and completion are the same. */
  | 'exact duplicate';

export const DUPLICATE_REASONS: readonly DuplicateReason[] = ['repeated record', 'exact duplicate'];

/**
 * Every maximal run of white space → one space. The same as `replace(/\s+/g, ' ')`, but a lone
 * space (most of a text's white space) is not a match, which makes it about 4× faster on examples.
 */
const WHITE_SPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/** The form two texts are compared in. */
export function normaliseExampleText(text: string): string {
  return text.normalize('NFC').replace(WHITE_SPACE_TO_COLLAPSE, ' ').trim();
}

/** The identity of an example's text: a hash of its normalised prompt and completion, kept apart so "ab"+"c" ≠ "a"+"bc". */
export function exampleTextKey(prompt: string, completion: string): string {
  const p = normaliseExampleText(prompt);
  return createHash('sha256').update(`${p.length}:`).update(p).update(normaliseExampleText(completion)).digest('base64').slice(0, 22);
}

/** Remembers the texts kept so far, by hash; `isNew` is false for a text seen before. */
export class SeenTexts {
  private readonly keys = new Set<string>();

  isNew(prompt: string, completion: string): boolean {
    const key = exampleTextKey(prompt, completion);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    return true;
  }
}
