/**
 * Who rated: a rater's name and the file their ratings go to. Each rater appends to their own
 * `ratings/<file>.jsonl` under the run, so two people's ratings merge in git without a conflict.
 * The name is kept as typed inside each rating; the file name is made safe: characters other than
 * ASCII letters, digits, `.`, `_` and `-` become `-`, and a name that had to change gets a short
 * hash of the original, so "Zoë" and "Zoé" never share a file.
 */
import { join } from 'node:path';
import { sha256Hex } from '../ids';

/** Where the per-rater files live, inside a run folder. */
export const RATINGS_DIR = 'ratings';

/** The rater of the ratings in the old single `ratings.jsonl` (written before raters were recorded). */
export const UNNAMED_RATER = '(unnamed)';

const LONGEST_NAME = 100;
const LONGEST_FILE_STEM = 60;
/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** The name as stored, or an error saying what is wrong with it. */
export function checkRaterName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new Error('the rater name is empty; set mistakebook.raterName (or pass --rater NAME).');
  if (trimmed.length > LONGEST_NAME) throw new Error(`the rater name is ${trimmed.length} characters long; at most ${LONGEST_NAME} are allowed.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new Error('the rater name holds a control character; use letters, digits and spaces.');
  if (trimmed === UNNAMED_RATER) throw new Error(`"${UNNAMED_RATER}" stands for the ratings of the old ratings.jsonl; choose another rater name.`);
  return trimmed;
}

/** The file stem for a rater: the name itself when it is already safe, else a safe form with a hash of the name. */
export function raterFileStem(name: string): string {
  const checked = checkRaterName(name);
  let stem = checked
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, LONGEST_FILE_STEM);
  if (stem === checked && !RESERVED.test(stem)) return stem;
  stem = stem.replace(/[.-]+$/, '');
  return `${stem === '' ? 'rater' : stem}-${sha256Hex(checked).slice(0, 8)}`;
}

export function raterRatingsFile(runDir: string, name: string): string {
  return join(runDir, RATINGS_DIR, `${raterFileStem(name)}.jsonl`);
}

/** Said once where a name had to change to become a file name. */
export function describeRaterFile(name: string): string | undefined {
  const stem = raterFileStem(name);
  return stem === name.trim() ? undefined : `ratings of "${name.trim()}" are stored in ${RATINGS_DIR}/${stem}.jsonl (the name made safe for a file name).`;
}
