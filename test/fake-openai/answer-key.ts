import { readFile } from 'node:fs/promises';

/** What the fake models "know" about one question: its gold answer and, optionally, a worked solution. */
export interface AnswerKeyEntry {
  question: string;
  goldAnswer: string;
  /** One step a line, GSM8K style (calculator annotations `<<…>>` allowed); without the `#### n` line. */
  goldSolution?: string;
}

/** Questions looked up by their text, insensitive to surrounding and repeated whitespace. */
export class AnswerKey {
  private readonly byText = new Map<string, AnswerKeyEntry>();

  constructor(entries: Iterable<AnswerKeyEntry> = []) {
    for (const e of entries) this.byText.set(normalize(e.question), e);
  }

  get size(): number {
    return this.byText.size;
  }

  entries(): IterableIterator<AnswerKeyEntry> {
    return this.byText.values();
  }

  /** The entry whose question is `text`, or failing that the longest known question that `text` contains. */
  lookup(text: string): AnswerKeyEntry | undefined {
    const wanted = normalize(text);
    const exact = this.byText.get(wanted);
    if (exact) return exact;
    let best: AnswerKeyEntry | undefined;
    for (const [q, e] of this.byText) {
      if (q.length > 0 && wanted.includes(q) && q.length > (best ? normalize(best.question).length : 0)) best = e;
    }
    return best;
  }
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/**
 * Reads JSONL with one question a line, in GSM8K form (`question`, `answer` ending `#### n`) or
 * explicit form (`question`, `goldAnswer` or `gold`, optional `goldSolution` or `solution`).
 */
export function parseAnswerKey(text: string, file: string): AnswerKey {
  const entries: AnswerKeyEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new Error(`${where}: not valid JSON; write one JSON object a line`);
    }
    const entry = toEntry(record);
    if (!entry) {
      throw new Error(`${where}: expected {"question", "answer": "…#### n"} or {"question", "goldAnswer", "goldSolution"?}`);
    }
    entries.push(entry);
  });
  return new AnswerKey(entries);
}

export async function loadAnswerKey(file: string): Promise<AnswerKey> {
  return parseAnswerKey(await readFile(file, 'utf8'), file);
}

/** One key knowing the questions of several files (a training set and its test set). */
export async function loadAnswerKeys(files: readonly string[]): Promise<AnswerKey> {
  const entries: AnswerKeyEntry[] = [];
  for (const file of files) for (const e of (await loadAnswerKey(file)).entries()) entries.push(e);
  return new AnswerKey(entries);
}

function toEntry(record: unknown): AnswerKeyEntry | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as Record<string, unknown>;
  const question = r['question'];
  if (typeof question !== 'string') return undefined;
  const gsm8k = r['answer'];
  if (typeof gsm8k === 'string') {
    const marker = gsm8k.lastIndexOf('####');
    if (marker < 0) return undefined;
    const goldAnswer = gsm8k.slice(marker + 4).trim().replace(/,/g, '');
    const goldSolution = gsm8k.slice(0, marker).trim();
    return goldSolution === '' ? { question, goldAnswer } : { question, goldAnswer, goldSolution };
  }
  const gold = r['goldAnswer'] ?? r['gold'];
  if (typeof gold !== 'string' && typeof gold !== 'number') return undefined;
  const solution = r['goldSolution'] ?? r['solution'];
  return typeof solution === 'string' && solution.trim() !== ''
    ? { question, goldAnswer: String(gold), goldSolution: solution }
    : { question, goldAnswer: String(gold) };
}
