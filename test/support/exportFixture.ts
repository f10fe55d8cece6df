/**
 * A small workspace with two finished runs, written through RunStore as the pipeline would: a GSM8K
 * dataset with gold solutions, sampled paths (some wrong), corrections (verified, unverified,
 * unparseable; two prompt versions), ratings, augmented CoT paths and a failed request. The export
 * and statistics tests read it; every count they assert follows from the tables below.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDataset } from '../../src/core/dataset';
import { recordId, sha256Hex } from '../../src/core/ids';
import type { CorrectionRecord, ErrorRecord, EvaluationRecord, PathRecord } from '../../src/core/pipeline/records';
import { newRating, type Rating, type RatingValue } from '../../src/core/store/ratings';
import { RunStore } from '../../src/core/store/runStore';

interface FixtureQuestion {
  question: string;
  answer: string;
  gold: string;
  /** A right path and a wrong path, as steps; the wrong one goes wrong at `wrongAt` (1-based). */
  right: string[];
  wrong: string[];
  wrongAt: number;
  wrongAnswer: string;
  /** The corrector's fix from `wrongAt` on. */
  fix: string[];
  explanation: string;
}

export const FIXTURE_QUESTIONS: readonly FixtureQuestion[] = [
  {
    question: 'Mara bakes 4 trays of muffins with 12 muffins on each tray. She sells 30 muffins. How many muffins does she have left?',
    answer: 'Mara bakes 4 * 12 = <<4*12=48>>48 muffins.\nAfter selling 30 she has 48 - 30 = <<48-30=18>>18 left.\n#### 18',
    gold: '18',
    right: ['She bakes 4 * 12 = 48 muffins.', 'She has 48 - 30 = 18 left.', 'The answer is 18.'],
    wrong: ['She bakes 4 + 12 = 16 muffins.', 'She has 30 - 16 = 14 left.', 'The answer is 14.'],
    wrongAt: 1,
    wrongAnswer: '14',
    fix: ['She bakes 4 * 12 = 48 muffins.', 'She has 48 - 30 = 18 left.', 'The answer is 18.'],
    explanation: 'The trays are multiplied by the muffins per tray, not added.',
  },
  {
    question: 'A bus ticket costs $3 and a train ticket costs twice as much. Leo buys 2 bus tickets and 3 train tickets. How much does he spend?',
    answer: 'A train ticket costs 3 * 2 = $<<3*2=6>>6.\nThe bus tickets cost 2 * 3 = $<<2*3=6>>6.\nThe train tickets cost 3 * 6 = $<<3*6=18>>18.\nHe spends 6 + 18 = $<<6+18=24>>24.\n#### 24',
    gold: '24',
    right: ['A train ticket costs 3 * 2 = $6.', 'Bus tickets cost 2 * 3 = $6.', 'Train tickets cost 3 * 6 = $18.', 'He spends 6 + 18 = $24.', 'The answer is 24.'],
    wrong: ['A train ticket costs 3 * 2 = $6.', 'Bus tickets cost 2 * 3 = $6.', 'Train tickets cost 3 * 3 = $9.', 'He spends 6 + 9 = $15.', 'The answer is 15.'],
    wrongAt: 3,
    wrongAnswer: '15',
    fix: ['Train tickets cost 3 * 6 = $18.', 'He spends 6 + 18 = $24.', 'The answer is 24.'],
    explanation: 'The train ticket price is $6, not $3.',
  },
  {
    question: 'Sam has 5 apples and buys 7 more. How many apples does Sam have?',
    answer: 'Sam has 5 + 7 = <<5+7=12>>12 apples.\n#### 12',
    gold: '12',
    right: ['Sam has 5 + 7 = 12 apples.', 'The answer is 12.'],
    wrong: ['Sam has 5 + 7 = 13 apples.', 'The answer is 13.'],
    wrongAt: 1,
    wrongAnswer: '13',
    fix: ['Sam has 5 + 7 = 12 apples.', 'The answer is 12.'],
    explanation: 'An addition error: 5 + 7 is 12.',
  },
  {
    question: 'A box holds 6 eggs. How many eggs are in 9 boxes?',
    answer: 'There are 6 * 9 = <<6*9=54>>54 eggs.\n#### 54',
    gold: '54',
    right: ['There are 6 * 9 = 54 eggs.', 'The answer is 54.'],
    wrong: ['There are 6 * 9 = 54 eggs.', 'Half are broken, so 27 remain.', 'The answer is 27.'],
    wrongAt: 2,
    wrongAnswer: '27',
    fix: ['No eggs are broken, so all 54 remain.', 'The answer is 54.'],
    explanation: 'The question never says any eggs are broken.',
  },
];

export const FIXTURE_PROMPT = `For each math word problem below, the original solution may contain a mistake. Name the first incorrect step, explain it, and write the correct solution from there.

Question: Tom has 3 pens and buys 2 more. How many pens does he have?
Original Solution:
{
Step 1: Tom has 3 * 2 = 6 pens.
Step 2: The answer is 6.
}
Incorrect Step: Step 1.
Explanation: Buying more pens adds to the count; it does not multiply it.
Correct Solution:
{
Step 1: Tom has 3 + 2 = 5 pens.
Step 2: The answer is 5.
}
`;

export const FIXTURE_PROMPT_INSTRUCTION = 'For each math word problem below, the original solution may contain a mistake. Name the first incorrect step, explain it, and write the correct solution from there.';

const AT = '2026-01-01T00:00:00.000Z';

export interface ExportFixture {
  workspace: string;
  dataset: string;
  /** The dataset's question ids, in file order. */
  questionIds: string[];
  /** [older run: reasoner llama-2-7b, newer run: reasoner llama-2-13b] */
  runIds: [string, string];
  /** Correction ids of the first run, by what they are. */
  corrections: { verifiedExcellent: string; verifiedGood: string; verifiedPoor: string; unverified: string; unparseable: string; verifiedUnrated: string };
}

/** The dataset as JSONL, GSM8K layout. */
export function fixtureDatasetText(): string {
  return FIXTURE_QUESTIONS.map((q) => JSON.stringify({ question: q.question, answer: q.answer })).join('\n') + '\n';
}

/** The dataset's own question ids (readDataset), so paths point at the questions the tree shows. */
let questionIds: string[] = [];

function path(runModel: string, q: FixtureQuestion, qi: number, sampleIndex: number, right: boolean, model = runModel): PathRecord {
  const steps = right ? q.right : q.wrong;
  const questionId = questionIds[qi] ?? `q${qi + 1}`;
  return {
    id: recordId('path', { questionId, model, sampleIndex }),
    questionId,
    task: 'gsm8k',
    question: q.question,
    goldAnswer: q.gold,
    model,
    sampleIndex,
    completion: steps.join('\n'),
    steps,
    answer: right ? q.gold : q.wrongAnswer,
    correct: right,
    usage: { promptTokens: 100, completionTokens: 40 },
    createdAt: AT,
  };
}

function correction(p: PathRecord, q: FixtureQuestion, promptText: string, index: number, kind: 'verified' | 'unverified' | 'unparseable'): CorrectionRecord {
  const promptSha256 = sha256Hex(promptText);
  const base = {
    id: recordId('correction', { pathId: p.id, model: 'gpt-4', promptSha256, correctionIndex: index }),
    pathId: p.id,
    questionId: p.questionId,
    model: 'gpt-4',
    promptSha256,
    correctionIndex: index,
    usage: { promptTokens: 600, completionTokens: 120 },
    createdAt: AT,
  };
  if (kind === 'unparseable') return { ...base, raw: 'I think the solution is fine.', outcome: 'unparseable', reason: 'no "Incorrect Step:" line', answer: null, verified: false };
  const fix = kind === 'verified' ? q.fix : [...q.fix.slice(0, -1), 'The answer is 0.'];
  return {
    ...base,
    raw: `Incorrect Step: Step ${q.wrongAt}.\nExplanation: ${q.explanation}\nCorrect Solution: …`,
    outcome: 'parsed',
    incorrectStep: q.wrongAt,
    explanation: q.explanation,
    correctedSteps: fix,
    correctedFrom: q.wrongAt,
    expandedSteps: [...p.steps.slice(0, q.wrongAt - 1), ...fix],
    answer: kind === 'verified' ? q.gold : '0',
    verified: kind === 'verified',
  };
}

/**
 * Run 1 (llama-2-7b): per question 2 right + 2 wrong paths, except q4 with 4 right (16 paths, 6 wrong).
 * Corrections of the 6 wrong paths, prompt v1: q1×2 verified, q2 verified + unverified, q3 verified +
 * unparseable; prompt v2 (edited instruction): q1 path again verified. Ratings: excellent, good, poor
 * on three verified ones (the "good" one re-rated from poor). Augmented (gpt-4): q1..q3 right, q4 wrong.
 * One evaluation of llama-2-7b on datasets/test.jsonl (pass@1 0.5, majority 0.6).
 * Run 2 (llama-2-13b): 3 right + 1 wrong per question, no corrections.
 */
export async function buildExportFixture(workspace: string): Promise<ExportFixture> {
  const dataset = join(workspace, 'datasets', 'train.jsonl');
  mkdirSync(join(workspace, 'datasets'), { recursive: true });
  writeFileSync(dataset, fixtureDatasetText());
  const datasetSha = sha256Hex(readFileSync(dataset));
  questionIds = [];
  for await (const record of readDataset(dataset)) if (record.kind === 'question') questionIds.push(record.question.id);
  const onDiagnostic = (): void => undefined;
  const promptV2 = FIXTURE_PROMPT.replace('Name the first incorrect step', 'Find the first wrong step');

  const run1 = await RunStore.create(
    workspace,
    {
      toolVersion: '0.1.0',
      task: 'gsm8k',
      dataset: { path: dataset, sha256: datasetSha },
      models: {
        reasoner: { endpoint: 'http://127.0.0.1:8000/v1', model: 'llama-2-7b', api: 'completions', sampling: { temperature: 0.8, n: 4 } },
        corrector: { endpoint: 'http://127.0.0.1:8001/v1', model: 'gpt-4', api: 'chat', sampling: { temperature: 0 } },
      },
      prompts: { correction: { text: FIXTURE_PROMPT, file: 'prompts/gsm8k.fewshot.txt' } },
      runId: 'run-1-llama-7b',
    },
    { onDiagnostic },
  );
  const paths1: PathRecord[] = [];
  FIXTURE_QUESTIONS.forEach((q, qi) => {
    for (let s = 0; s < 4; s++) paths1.push(path('llama-2-7b', q, qi, s, qi === 3 || s < 2));
  });
  const wrong = (qi: number, k: number): PathRecord => paths1.filter((p) => !p.correct && p.questionId === questionIds[qi])[k] as PathRecord;
  const q = (i: number): FixtureQuestion => FIXTURE_QUESTIONS[i] as FixtureQuestion;
  const c = {
    verifiedExcellent: correction(wrong(0, 0), q(0), FIXTURE_PROMPT, 0, 'verified'),
    verifiedGood: correction(wrong(0, 1), q(0), FIXTURE_PROMPT, 0, 'verified'),
    verifiedPoor: correction(wrong(1, 0), q(1), FIXTURE_PROMPT, 0, 'verified'),
    unverified: correction(wrong(1, 1), q(1), FIXTURE_PROMPT, 0, 'unverified'),
    verifiedUnrated: correction(wrong(2, 0), q(2), FIXTURE_PROMPT, 0, 'verified'),
    unparseable: correction(wrong(2, 1), q(2), FIXTURE_PROMPT, 0, 'unparseable'),
  };
  const v2 = correction(wrong(0, 0), q(0), promptV2, 0, 'verified');
  const ratings: Rating[] = [
    newRating(c.verifiedExcellent.id, 'excellent', undefined, new Date('2026-01-02T00:00:00Z')),
    newRating(c.verifiedGood.id, 'poor', undefined, new Date('2026-01-02T00:01:00Z')),
    newRating(c.verifiedGood.id, 'good', 're-read: fine', new Date('2026-01-02T00:02:00Z')),
    newRating(c.verifiedPoor.id, 'poor' as RatingValue, 'explanation too vague', new Date('2026-01-02T00:03:00Z')),
  ];
  const augmented = FIXTURE_QUESTIONS.map((fq, qi) => path('gpt-4', fq, qi, 0, qi !== 3, 'gpt-4'));
  const failure: ErrorRecord = { id: recordId('error', { stage: 'correct', itemId: 'x', at: AT }), stage: 'correct', itemId: wrong(2, 1).id, kind: 'timeout', message: 'no answer in 60 s', at: AT };

  await append(run1, 'paths', paths1);
  await append(run1, 'corrections', [...Object.values(c), v2]);
  await append(run1, 'ratings', ratings);
  await append(run1, 'augmented', augmented);
  await append(run1, 'errors', [failure]);
  const evaluation: EvaluationRecord = {
    id: recordId('evaluation', { model: 'llama-2-7b', dataset: 'datasets/test.jsonl' }),
    model: 'llama-2-7b',
    dataset: 'datasets/test.jsonl',
    datasetSha256: 'cd'.repeat(32),
    questions: 10,
    samplesPerQuestion: 4,
    passAt1: 0.5,
    majorityVote: 0.6,
    createdAt: AT,
  };
  await append(run1, 'evaluations', [evaluation]);
  for (const stage of ['sample', 'correct', 'verify', 'augment'] as const) await run1.setStage(stage, 'done');
  await run1.close();

  const run2 = await RunStore.create(
    workspace,
    {
      toolVersion: '0.1.0',
      task: 'gsm8k',
      dataset: { path: dataset, sha256: datasetSha },
      models: { reasoner: { endpoint: 'http://127.0.0.1:8000/v1', model: 'llama-2-13b', api: 'completions', sampling: { temperature: 0.8, n: 4 } } },
      runId: 'run-2-llama-13b',
    },
    { onDiagnostic },
  );
  const paths2: PathRecord[] = [];
  FIXTURE_QUESTIONS.forEach((fq, qi) => {
    for (let s = 0; s < 4; s++) paths2.push(path('llama-2-13b', fq, qi, s, s < 3));
  });
  await append(run2, 'paths', paths2);
  await run2.setStage('sample', 'done');
  await run2.close();

  return {
    workspace,
    dataset,
    questionIds: [...questionIds],
    runIds: [run1.id, run2.id],
    corrections: {
      verifiedExcellent: c.verifiedExcellent.id,
      verifiedGood: c.verifiedGood.id,
      verifiedPoor: c.verifiedPoor.id,
      unverified: c.unverified.id,
      unparseable: c.unparseable.id,
      verifiedUnrated: c.verifiedUnrated.id,
    },
  };
}

async function append(store: RunStore, table: 'paths' | 'corrections' | 'ratings' | 'augmented' | 'errors' | 'evaluations', rows: ReadonlyArray<{ id: string }>): Promise<void> {
  const writer = await store.table(table);
  for (const row of rows) await writer.append(row as never);
}
