/** Reading a few-shot prompt file (P_c) from disk, guarded: CLI and extension alike. */
import { readUserText } from '../io/userFile';

/**
 * A prompt of 8 MiB is already some 2 million tokens sent with every correction; anything larger
 * is the wrong file (or a runaway generator), and reading it whole would cost memory for nothing.
 */
export const MAX_PROMPT_BYTES = 8 * 1024 * 1024;
/** No prompt line is a megabyte long; a file that has one is not a prompt. */
export const MAX_PROMPT_LINE_BYTES = 1024 * 1024;

/**
 * The text of a few-shot prompt file: a regular file (not a folder, FIFO or device) of at most
 * MAX_PROMPT_BYTES. Bytes that are not UTF-8 come through as U+FFFD, and an empty file as '', so
 * that `parsePrompt` reports them at their line and column. Throws a UserFileError otherwise.
 */
export function readPromptFile(file: string): Promise<string> {
  return readUserText(file, { maxBytes: MAX_PROMPT_BYTES, maxLineBytes: MAX_PROMPT_LINE_BYTES, what: 'few-shot prompt', allowEmpty: true, invalidUtf8: 'replace' });
}
