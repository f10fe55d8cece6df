/** A workspace with a small GSM8K-style dataset and the sample few-shot prompt, and a fake endpoint that counts what it did. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnswerKeyEntry } from '../../fake-openai/answer-key';
import { corrector, type CorrectorOptions } from '../../fake-openai/corrector';
import { reasoner, type ReasonerOptions } from '../../fake-openai/reasoner';
import type { ScriptRequest } from '../../fake-openai/scripts';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import type { ModelConfig, RunConfig } from '../../../src/core/pipeline';

export const KEY = 'sk-pipeline-SECRET-7d1e2f3a4b5c6d7e8f';

/** `count` two-step word problems with worked solutions (the fake reasoner slips in one of the steps). */
export function questions(count: number): Array<AnswerKeyEntry & { goldSolution: string }> {
  return Array.from({ length: count }, (_, i) => {
    const a = 12 + i;
    const b = 3 + (i % 5);
    const c = 7 + 2 * i;
    return {
      question: `Crate ${i} holds ${a} boxes with ${b} pens each, and ${c} loose pens lie on top. How many pens are there?`,
      goldAnswer: String(a * b + c),
      goldSolution: `The boxes hold ${a}*${b} = <<${a}*${b}=${a * b}>>${a * b} pens.\nWith the loose pens there are ${a * b}+${c} = <<${a * b}+${c}=${a * b + c}>>${a * b + c} pens.`,
    };
  });
}

/** What the fake models answered, counted from their replies. */
export interface Tally {
  /** Reasoner replies whose final answer is not the gold one. */
  wrongPaths: number;
  reasonerReplies: number;
  /** Prompts the reasoner was asked (one entry per request choice). */
  reasonerPrompts: string[];
  correctorReplies: number;
  unparseableReplies: number;
  correctorBodies: Array<Readonly<Record<string, unknown>>>;
}

export interface Fixture {
  dir: string;
  dataset: string;
  prompt: string;
  fake: FakeOpenAI;
  tally: Tally;
  entries: ReturnType<typeof questions>;
  config(overrides?: Partial<RunConfig>): RunConfig;
  model(name: string, overrides?: Partial<ModelConfig>): ModelConfig;
  close(): Promise<void>;
}

export async function makeFixture(options: { questions?: number; reasoner?: ReasonerOptions; corrector?: CorrectorOptions; latencyMs?: number } = {}): Promise<Fixture> {
  const entries = questions(options.questions ?? 12);
  const dir = mkdtempSync(join(tmpdir(), 'mb-pipeline-'));
  mkdirSync(join(dir, 'data'));
  const dataset = join(dir, 'data', 'train.jsonl');
  writeFileSync(dataset, entries.map((e) => JSON.stringify({ question: e.question, answer: `${e.goldSolution}\n#### ${e.goldAnswer}` })).join('\n') + '\n');
  const prompt = join(dir, 'gsm8k.fewshot.txt');
  writeFileSync(prompt, readFileSync(join(__dirname, '../../../samples/prompts/gsm8k.fewshot.txt')));
  const tally: Tally = { wrongPaths: 0, reasonerReplies: 0, reasonerPrompts: [], correctorReplies: 0, unparseableReplies: 0, correctorBodies: [] };
  const solve = reasoner(options.reasoner);
  const correct = corrector(options.corrector);
  const fake = await startFakeOpenAI({
    apiKey: KEY,
    answerKey: entries,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
    scripts: {
      reasoner: (request: ScriptRequest, context) => {
        const reply = solve(request, context);
        const text = typeof reply === 'string' ? reply : 'text' in reply ? reply.text : '';
        const gold = context.answerKey.lookup(request.prompt.slice(request.prompt.lastIndexOf('Question:') + 9, request.prompt.lastIndexOf('\nAnswer:')))?.goldAnswer;
        tally.reasonerReplies++;
        tally.reasonerPrompts.push(request.prompt);
        if (!text.endsWith(`The answer is ${gold ?? '?'}.`)) tally.wrongPaths++;
        return reply;
      },
      corrector: (request: ScriptRequest, context) => {
        const reply = correct(request, context);
        const text = typeof reply === 'string' ? reply : 'text' in reply ? reply.text : '';
        tally.correctorReplies++;
        tally.correctorBodies.push(request.body);
        if (!/Explanation:/.test(text)) tally.unparseableReplies++;
        return reply;
      },
    },
  });
  const model = (name: string, overrides: Partial<ModelConfig> = {}): ModelConfig => ({ baseUrl: fake.url, model: name, api: 'chat', sampling: { temperature: 0.7, seed: 11, maxTokens: 400 }, ...overrides });
  return {
    dir,
    dataset,
    prompt,
    fake,
    tally,
    entries,
    model,
    config: (overrides = {}) => ({
      workspaceDir: dir,
      datasetFile: dataset,
      reasoner: model('reasoner'),
      corrector: model('corrector'),
      samplesPerQuestion: 4,
      promptFile: prompt,
      ...overrides,
    }),
    close: async () => {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The rows of a run's table, parsed. */
export function rows<R>(dir: string, runId: string, table: string): R[] {
  let text: string;
  try {
    text = readFileSync(join(dir, '.mistakebook', 'runs', runId, `${table}.jsonl`), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as R);
}

export function runJson(dir: string, runId: string): { stages: Record<string, { state: string; message?: string }> } & Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, '.mistakebook', 'runs', runId, 'run.json'), 'utf8')) as { stages: Record<string, { state: string; message?: string }> };
}
