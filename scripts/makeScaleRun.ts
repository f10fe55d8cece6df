/**
 * A workspace at LEMA's scale, for the scale benchmarks and the `scale` test level:
 *
 *   npx tsx scripts/makeScaleRun.ts --out DIR [--questions N] [--samples K] [--seed S]
 *
 * writes DIR/datasets/scale.jsonl (N questions in MATH's format, GSM8K word problems and MATH
 * algebra mixed), DIR/prompts/gsm8k.fewshot.txt and one run `scale-run` with K paths per question
 * (default 25,000 × 8 = 200,000 paths), a correction per mistake and ratings on 5% of the
 * corrections. run.json comes from `createRun`, and every id is the one the pipeline computes, so a
 * resumed sample or correct stage finds everything stored and every reader takes the records as its
 * own. The same seed gives the same tables (only run.json's times differ). Tables are written in
 * large sequential chunks; a million paths take about half a minute.
 */
import { closeSync, copyFileSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readDataset, type Question } from '../src/core/dataset';
import { seededRandom } from '../src/core/export/sample';
import { recordId } from '../src/core/ids';
import { createRun, type CorrectionRecord, type ModelConfig, type PathRecord } from '../src/core/pipeline';
import { planOf } from '../src/core/pipeline/config';
import { pathId } from '../src/core/pipeline/paths';
import { RUN_INFO_FILE, tableFile } from '../src/core/store/layout';
import { newRating, type RatingValue } from '../src/core/store/ratings';
import { RunStore } from '../src/core/store/runStore';
import { taskById } from '../src/core/task';
import { projectRoot } from '../test/support/tools';

export const SCALE_RUN_ID = 'scale-run';
export const SCALE_DATASET = 'datasets/scale.jsonl';

export interface ScaleRunOptions {
  /** The workspace to write (created; an existing scale run in it is refused by createRun). */
  out: string;
  questions?: number;
  samplesPerQuestion?: number;
  seed?: number;
}

export interface ScaleRunSummary {
  workspace: string;
  runId: string;
  questions: number;
  paths: number;
  mistakes: number;
  corrections: number;
  ratings: number;
}

/** Share of sampled paths that are wrong: LEMA's 200k paths gave about 58k mistakes. */
const WRONG_RATE = 0.29;
const RATED_RATE = 0.05;
/** Of the corrections: unparseable replies, and parsed ones that still miss the gold answer. */
const UNPARSEABLE_RATE = 0.03;
const UNVERIFIED_RATE = 0.09;
/** Loopback, never contacted: the run is complete, so a resumed stage sends nothing. */
const ENDPOINT = 'http://127.0.0.1:8000/v1';
const START = Date.parse('2026-01-01T00:00:00Z');

const NAMES = ['Mara', 'Tomas', 'Ines', 'Kofi', 'Lena', 'Ravi', 'Yuki', 'Omar', 'Sofia', 'Piet', 'Aiko', 'Bruno'];
const THINGS = ['apples', 'stickers', 'pencils', 'marbles', 'books', 'cookies', 'stamps', 'shells', 'cards', 'beads'];
const ERRORS = ['a calculation error', 'a misread quantity', 'the wrong operation', 'a step that drops a fact of the question'];

/** One dataset line and the worked steps a right path takes. */
interface Problem {
  line: string;
  steps: string[];
  gold: number;
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)] as T;
}

function int(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** A GSM8K-style word problem, written in MATH's format (a \boxed{} answer), numbered so no two are alike. */
function wordProblem(rand: () => number, i: number): Problem {
  const name = pick(rand, NAMES);
  const thing = pick(rand, THINGS);
  const boxes = int(rand, 2, 30);
  const each = int(rand, 3, 40);
  const given = int(rand, 1, Math.floor((boxes * each) / 2));
  const price = int(rand, 2, 9);
  const total = boxes * each;
  const left = total - given;
  const problem =
    `${name} has ${boxes} boxes with ${each} ${thing} in each box (order ${i + 1}). ${name} gives ${given} ${thing} to friends ` +
    `and sells the rest at $${price} each. How many dollars does ${name} make from selling the ${thing}?`;
  const steps = [
    `${name} starts with ${boxes} * ${each} = ${total} ${thing}.`,
    `After giving some away, ${total} - ${given} = ${left} ${thing} are left.`,
    `Selling them brings ${left} * ${price} = ${left * price} dollars.`,
  ];
  const solution = `${steps.join('\n')}\nSo ${name} makes $\\boxed{${left * price}}$ dollars.`;
  return { line: JSON.stringify({ problem, solution, level: 'Level 1', type: 'Prealgebra' }), steps, gold: left * price };
}

/** A MATH-style linear equation with a whole-number root. */
function algebraProblem(rand: () => number, i: number): Problem {
  const a = int(rand, 2, 19);
  const x = int(rand, -40, 60);
  const b = 100 * i + int(rand, 1, 99); // the index makes every problem its own
  const c = a * x + b;
  const problem = `Solve for $x$: $${a}x + ${b} = ${c}$.`;
  const steps = [`Subtract ${b} from both sides: $${a}x = ${c} - ${b} = ${c - b}$.`, `Divide both sides by ${a}: $x = \\frac{${c - b}}{${a}} = ${x}$.`];
  const solution = `${steps.join('\n')}\nThus $x = \\boxed{${x}}$.`;
  return { line: JSON.stringify({ problem, solution, level: `Level ${int(rand, 1, 5)}`, type: 'Algebra' }), steps, gold: x };
}

/** Appends lines to a file in large writes: a scale run is hundreds of MB, a write per line would dominate. */
class LineSink {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  lines = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  push(record: unknown): void {
    const line = `${JSON.stringify(record)}\n`;
    this.parts.push(line);
    this.size += line.length;
    this.lines++;
    if (this.size > 1 << 22) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const bytes = Buffer.from(this.parts.join(''), 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.parts = [];
    this.size = 0;
  }
}

/** The path's text: the right steps, or with one step slipping (its result off by a little), then the answer. */
function pathText(steps: readonly string[], answer: string): string {
  return `${steps.join('\n')}\nThe answer is ${answer}.`;
}

export async function makeScaleRun(options: ScaleRunOptions): Promise<ScaleRunSummary> {
  const workspace = resolve(options.out);
  const questionCount = options.questions ?? 25_000;
  const k = options.samplesPerQuestion ?? 8;
  const rand = seededRandom(options.seed ?? 13);
  mkdirSync(join(workspace, 'datasets'), { recursive: true });
  mkdirSync(join(workspace, 'prompts'), { recursive: true });
  copyFileSync(join(projectRoot, 'samples', 'prompts', 'gsm8k.fewshot.txt'), join(workspace, 'prompts', 'gsm8k.fewshot.txt'));

  const problems: Array<Pick<Problem, 'steps' | 'gold'>> = [];
  const dataset = new LineSink(join(workspace, SCALE_DATASET));
  for (let i = 0; i < questionCount; i++) {
    const p = i % 2 === 0 ? wordProblem(rand, i) : algebraProblem(rand, i);
    dataset.push(JSON.parse(p.line));
    problems.push({ steps: p.steps, gold: p.gold });
  }
  dataset.close();

  const model = (name: string, temperature: number): ModelConfig => ({ baseUrl: ENDPOINT, model: name, api: 'chat', sampling: { temperature, maxTokens: 1024, seed: 7 } });
  const runId = await createRun({
    workspaceDir: workspace,
    datasetFile: SCALE_DATASET,
    task: 'math',
    reasoner: model('llama-2-70b-scale', 0.8),
    corrector: model('gpt-4-scale', 0),
    samplesPerQuestion: k,
    promptFile: 'prompts/gsm8k.fewshot.txt',
    runId: SCALE_RUN_ID,
  });
  const store = await RunStore.open(workspace, runId, { onDiagnostic: () => undefined });
  const plan = planOf(store.info, join(store.dir, RUN_INFO_FILE));
  const reasoner = plan.models.reasoner as ModelConfig;
  const corrector = plan.models.corrector as ModelConfig;
  const promptSha256 = plan.correctionPrompt?.sha256 ?? '';
  const task = taskById('math');

  // The question ids exactly as every stage reads them.
  const questions: Question[] = [];
  for await (const record of readDataset(join(workspace, SCALE_DATASET), { task: 'math' })) if (record.kind === 'question') questions.push(record.question);
  if (questions.length !== questionCount) throw new Error(`read back ${questions.length} of ${questionCount} questions`);

  const paths = new LineSink(tableFile(store.dir, 'paths'));
  const corrections = new LineSink(tableFile(store.dir, 'corrections'));
  const ratings = new LineSink(tableFile(store.dir, 'ratings'));
  let clock = START;
  const at = (): string => new Date((clock += 7)).toISOString();
  let mistakes = 0;
  for (const [qi, question] of questions.entries()) {
    const { steps, gold } = problems[qi] as Pick<Problem, 'steps' | 'gold'>;
    for (let i = 0; i < k; i++) {
      const wrong = rand() < WRONG_RATE;
      const slip = int(rand, 0, steps.length - 1);
      const answer = String(wrong ? gold + int(rand, 1, 9) : gold);
      const written = wrong ? steps.map((s, j) => (j === slip ? s.replace(/(-?\d+)(\D*)$/, (_m, n: string, rest: string) => `${Number(n) + 1}${rest}`) : s)) : steps;
      const completion = pathText(written, answer);
      const path: PathRecord = {
        id: pathId(question, reasoner, plan.solveTemplateSha256, i),
        questionId: question.id,
        task: 'math',
        question: question.question,
        goldAnswer: question.goldAnswer,
        model: reasoner.model,
        sampleIndex: i,
        completion,
        steps: task.splitSteps(completion),
        answer,
        correct: !wrong,
        usage: { promptTokens: 60 + (question.question.length >> 2), completionTokens: completion.length >> 2 },
        createdAt: at(),
        finishReason: 'stop',
      };
      paths.push(path);
      if (!wrong) continue;
      mistakes++;
      const correction = correctionOf(rand, path, slip + 1, String(gold), corrector, promptSha256, at());
      corrections.push(correction);
      if (rand() < RATED_RATE) {
        const r = rand();
        const rating: RatingValue = r < 0.7 ? 'excellent' : r < 0.92 ? 'good' : 'poor';
        ratings.push(newRating(correction.id, rating, undefined, new Date(Date.parse(correction.createdAt) + 3_600_000)));
      }
    }
  }
  paths.close();
  corrections.close();
  ratings.close();
  await store.setStage('sample', 'done');
  await store.setStage('correct', 'done');
  await store.close();
  return { workspace, runId, questions: questionCount, paths: paths.lines, mistakes, corrections: corrections.lines, ratings: ratings.lines };
}

/** The corrector's answer to one mistake, as the correct stage stores it (same id). */
function correctionOf(
  rand: () => number,
  path: PathRecord,
  incorrectStep: number,
  gold: string,
  corrector: ModelConfig,
  promptSha256: string,
  createdAt: string,
): CorrectionRecord {
  const id = recordId('correction', { pathId: path.id, endpoint: corrector.baseUrl, model: corrector.model, api: corrector.api, promptSha256, sampling: corrector.sampling, correctionIndex: 0 });
  const base = { id, pathId: path.id, questionId: path.questionId, model: corrector.model, promptSha256, correctionIndex: 0, createdAt };
  const roll = rand();
  if (roll < UNPARSEABLE_RATE) {
    const raw = `I think the solution is mostly fine, but step ${incorrectStep} looks off.`;
    return { ...base, raw, outcome: 'unparseable', reason: "no 'Incorrect Step:' line", answer: null, verified: false, usage: { promptTokens: 900, completionTokens: 20 } };
  }
  const answer = roll < UNPARSEABLE_RATE + UNVERIFIED_RATE ? String(Number(gold) + 2) : gold;
  const kept = path.steps.slice(0, incorrectStep - 1);
  const correctedSteps = [`Step ${incorrectStep} is recomputed carefully.`, `The answer is ${answer}.`];
  const explanation = `Step ${incorrectStep} makes ${pick(rand, ERRORS)}; the rest of the path builds on it.`;
  const raw =
    `Incorrect Step: Step ${incorrectStep}.\nExplanation: ${explanation}\nCorrect Solution:\n{\n${incorrectStep > 1 ? '...\n' : ''}` +
    `${correctedSteps.map((s, j) => `Step ${incorrectStep + j}: ${s}`).join('\n')}\n}`;
  return {
    ...base,
    raw,
    outcome: 'parsed',
    answer,
    verified: answer === gold,
    usage: { promptTokens: 900 + (path.completion.length >> 2), completionTokens: raw.length >> 2 },
    incorrectStep,
    explanation,
    correctedSteps,
    correctedFrom: incorrectStep,
    expandedSteps: [...kept, ...correctedSteps],
  };
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1 (got '${value}')`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, questions: { type: 'string' }, samples: { type: 'string' }, seed: { type: 'string' } } });
  if (values.out === undefined) throw new Error('usage: npx tsx scripts/makeScaleRun.ts --out DIR [--questions N] [--samples K] [--seed S]');
  const started = performance.now();
  const s = await makeScaleRun({
    out: values.out,
    questions: positive('questions', values.questions, 25_000),
    samplesPerQuestion: positive('samples', values.samples, 8),
    seed: positive('seed', values.seed, 13),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${s.workspace}: run ${s.runId} with ${s.questions} questions, ${s.paths} paths, ${s.mistakes} mistakes, ${s.corrections} corrections, ${s.ratings} ratings (${seconds} s)`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error('makeScaleRun failed:', e);
    process.exit(1);
  });
}
