/**
 * A chat fine-tuning file checked before it is uploaded: every line a JSON object with a `messages`
 * array of system/user/assistant texts and at least one assistant message. The first bad line is
 * named (`file:line`) and nothing is sent; a good file is counted (examples, corrective ones, an
 * estimate of its tokens) and hashed, so the same content is never uploaded twice.
 */
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { userFileStream } from '../io/userFile';

/** About four characters a token, as the stage estimates count. */
const CHARS_PER_TOKEN = 4;

export interface TrainingFileSummary {
  path: string;
  sha256: string;
  bytes: number;
  examples: number;
  /** Examples whose answer is a correction (LEMA's "Incorrect Step:" layout). */
  corrective: number;
  /** Estimated tokens of one pass over the file (training bills tokens × epochs). */
  tokens: number;
}

export class TrainingFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}; fix this line (every line a {"messages": [...]} object with an assistant answer) before uploading`);
  }
}

/** What is wrong with one line of a chat training file, or its assistant text. */
export function checkChatLine(line: string): { assistant: string } | { problem: string } {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (e) {
    return { problem: `not valid JSON (${(e as Error).message})` };
  }
  const messages = (row as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return { problem: 'expected an object with a non-empty "messages" array' };
  let assistant = '';
  for (const [i, m] of (messages as unknown[]).entries()) {
    const { role, content } = (m ?? {}) as { role?: unknown; content?: unknown };
    if (role !== 'system' && role !== 'user' && role !== 'assistant') return { problem: `message ${i + 1} has role ${JSON.stringify(role)}; use system, user or assistant` };
    if (typeof content !== 'string') return { problem: `message ${i + 1} has no text "content"` };
    if (role === 'assistant') assistant += content;
  }
  if (assistant === '') return { problem: 'no assistant message to learn from' };
  return { assistant };
}

/** Reads the file once: checks every line, counts and hashes it. Throws TrainingFileError at the first bad line. */
export async function checkTrainingFile(path: string): Promise<TrainingFileSummary> {
  const hash = createHash('sha256');
  const decoder = new StringDecoder('utf8');
  const counts = { bytes: 0, examples: 0, corrective: 0, chars: 0, line: 0 };
  const take = (line: string): void => {
    counts.line++;
    if (line.trim() === '') return;
    const checked = checkChatLine(line);
    if ('problem' in checked) throw new TrainingFileError(path, counts.line, checked.problem);
    counts.examples++;
    counts.chars += line.length;
    if (/Incorrect Step:/.test(checked.assistant)) counts.corrective++;
  };
  const stream = await userFileStream(path, 1 << 20);
  let rest = '';
  try {
    for await (const chunk of stream) {
      hash.update(chunk);
      counts.bytes += chunk.length;
      const lines = (rest + decoder.write(chunk)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) take(line.replace(/\r$/, ''));
    }
    take(rest + decoder.end());
  } finally {
    stream.destroy();
  }
  if (counts.examples === 0) throw new TrainingFileError(path, 1, 'the file has no examples');
  return { path, sha256: hash.digest('hex'), bytes: counts.bytes, examples: counts.examples, corrective: counts.corrective, tokens: Math.ceil(counts.chars / CHARS_PER_TOKEN) };
}
