/**
 * A run directory for tests, written through the real RunStore: run.json, paths.jsonl (wrong and right
 * paths) and corrections.jsonl, with ids made the way the pipeline makes them. The mistake view, its
 * tests and the e2e workspace read it like any run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordId, sha256Hex } from '../../src/core/ids';
import type { CorrectionRecord, PathRecord } from '../../src/core/pipeline/records';
import { RunStore } from '../../src/core/store/runStore';
import type { TaskId } from '../../src/core/task/task';

export interface FixtureCorrection {
  incorrectStep: number;
  explanation: string;
  correctedSteps: string[];
  /** Defaults to incorrectStep. */
  correctedFrom?: number;
  answer: string | null;
  verified: boolean;
  model?: string;
  /** Makes it an unparseable correction with this reason (the other fields are ignored). */
  unparseable?: string;
}

export interface FixturePath {
  question: string;
  goldAnswer: string;
  steps: string[];
  answer: string | null;
  /** Defaults to false: a mistake. */
  correct?: boolean;
  /** Defaults to the run's task. */
  task?: TaskId;
  corrections?: FixtureCorrection[];
}

export interface RunFixture {
  runId: string;
  task?: TaskId;
  paths: FixturePath[];
  reasonerModel?: string;
  /** Written to prompts/<name> in the workspace and recorded as the run's correction prompt. */
  prompt?: { file: string; text: string };
}

export interface WrittenRun {
  runId: string;
  dir: string;
  /** Ids of the wrong paths, in order. */
  mistakeIds: string[];
  /** Correction ids per wrong path, in the same order. */
  correctionIds: string[][];
}

export async function writeRunFixture(workspaceDir: string, fixture: RunFixture): Promise<WrittenRun> {
  const task = fixture.task ?? 'gsm8k';
  const reasoner = fixture.reasonerModel ?? 'llama-2-7b';
  if (fixture.prompt !== undefined) {
    mkdirSync(join(workspaceDir, 'prompts'), { recursive: true });
    writeFileSync(join(workspaceDir, fixture.prompt.file), fixture.prompt.text);
  }
  const store = await RunStore.create(
    workspaceDir,
    {
      runId: fixture.runId,
      toolVersion: '0.1.0-test',
      task,
      dataset: { path: 'datasets/fixture.jsonl', sha256: sha256Hex(fixture.runId) },
      models: {
        reasoner: { endpoint: 'http://127.0.0.1:1/v1', model: reasoner, api: 'chat', sampling: { temperature: 0.8 } },
        corrector: { endpoint: 'http://127.0.0.1:1/v1', model: 'gpt-4', api: 'chat', sampling: { temperature: 0 } },
      },
      ...(fixture.prompt === undefined ? {} : { prompts: { correction: { text: fixture.prompt.text, file: fixture.prompt.file } } }),
    },
    { onDiagnostic: (d) => { throw new Error(`fixture: ${d.message}`); } },
  );
  const promptSha256 = sha256Hex(fixture.prompt?.text ?? '');
  const written: WrittenRun = { runId: store.id, dir: store.dir, mistakeIds: [], correctionIds: [] };
  try {
    const paths = await store.table<PathRecord>('paths');
    const corrections = await store.table<CorrectionRecord>('corrections');
    for (const [q, p] of fixture.paths.entries()) {
      const questionId = `q${q + 1}`;
      const path: PathRecord = {
        id: recordId('path', { questionId, model: reasoner, sampleIndex: 0, run: fixture.runId }),
        questionId,
        task: p.task ?? task,
        question: p.question,
        goldAnswer: p.goldAnswer,
        model: reasoner,
        sampleIndex: 0,
        completion: p.steps.map((s, i) => `Step ${i + 1}: ${s}`).join('\n'),
        steps: p.steps,
        answer: p.answer,
        correct: p.correct ?? false,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, q)).toISOString(),
      };
      await paths.append(path);
      if (path.correct) continue;
      written.mistakeIds.push(path.id);
      const ids: string[] = [];
      for (const [i, c] of (p.corrections ?? []).entries()) {
        const record = correctionRecord(path, c, i, promptSha256);
        await corrections.append(record);
        ids.push(record.id);
      }
      written.correctionIds.push(ids);
    }
  } finally {
    await store.close();
  }
  return written;
}

function correctionRecord(path: PathRecord, c: FixtureCorrection, index: number, promptSha256: string): CorrectionRecord {
  const model = c.model ?? 'gpt-4';
  const base = {
    id: recordId('correction', { pathId: path.id, model, promptSha256, correctionIndex: index }),
    pathId: path.id,
    questionId: path.questionId,
    model,
    promptSha256,
    correctionIndex: index,
    createdAt: path.createdAt,
  };
  const correctedFrom = c.correctedFrom ?? c.incorrectStep;
  const raw = `Incorrect Step: Step ${c.incorrectStep}.\nExplanation: ${c.explanation}\nCorrect Solution: ...\n${c.correctedSteps.map((s, i) => `Step ${correctedFrom + i}: ${s}`).join('\n')}`;
  if (c.unparseable !== undefined) return { ...base, raw, outcome: 'unparseable', reason: c.unparseable, answer: null, verified: false };
  return {
    ...base,
    raw,
    outcome: 'parsed',
    incorrectStep: c.incorrectStep,
    explanation: c.explanation,
    correctedSteps: c.correctedSteps,
    correctedFrom,
    expandedSteps: [...path.steps.slice(0, correctedFrom - 1), ...c.correctedSteps],
    answer: c.answer,
    verified: c.verified,
  };
}

/** Three GSM8K mistakes with calculator annotations; the second has two corrections, the third none. */
export function gsm8kRun(runId: string): RunFixture {
  return {
    runId,
    task: 'gsm8k',
    prompt: { file: 'prompts/gsm8k.fewshot.txt', text: 'For the following math word problems, the original solutions may contain errors.\n' },
    paths: [
      {
        question: 'Rosa picks 48 apples on Monday and half as many on Tuesday. How many apples does she pick on the two days?',
        goldAnswer: '72',
        steps: [
          'Rosa picks 48 apples on Monday.',
          'On Tuesday she picks half as many: 48/2 = <<48/2=24>>24 apples.',
          'Altogether she picks 48 + 24 = <<48+24=62>>62 apples.',
          'The answer is 62.',
        ],
        answer: '62',
        corrections: [
          {
            incorrectStep: 3,
            explanation: 'The sum 48 + 24 is 72, not 62: the addition is wrong.',
            correctedSteps: ['Altogether she picks 48 + 24 = <<48+24=72>>72 apples.', 'The answer is 72.'],
            answer: '72',
            verified: true,
          },
        ],
      },
      { question: 'What is 2 + 2?', goldAnswer: '4', steps: ['2 + 2 = 4.', 'The answer is 4.'], answer: '4', correct: true },
      {
        question: 'Theo is paid $12 an hour to walk dogs. Yesterday he walked dogs for 50 minutes. How much did he earn?',
        goldAnswer: '10',
        steps: ['Theo is paid $12 an hour, so $12 per 60 minutes.', 'He walked 50 minutes, so he earned 12 * 50 = <<12*50=600>>600.', 'The answer is $600.'],
        answer: '600',
        corrections: [
          {
            incorrectStep: 2,
            explanation: 'The hourly rate must be turned into a rate per minute first: 12/60 = $0.2 a minute.',
            correctedSteps: ['He earns 12/60 = $<<12/60=0.2>>0.2 a minute, so for 50 minutes 0.2 * 50 = $<<0.2*50=10>>10.', 'The answer is 10.'],
            answer: '10',
            verified: true,
          },
          {
            incorrectStep: 3,
            explanation: 'The final answer has the wrong unit.',
            correctedSteps: ['The answer is 600 cents.'],
            answer: '600',
            verified: false,
            model: 'gpt-3.5-turbo',
          },
        ],
      },
      {
        question: 'Betty needs $100 for a wallet. She has half of it. Her parents give her $15 and her grandparents twice as much. How much more does she need?',
        goldAnswer: '5',
        steps: ['Betty has 100 / 2 = <<100/2=50>>50.', 'Grandparents give 15 * 2 = <<15*2=30>>30.', 'She needs 100 - 50 - 30 = <<100-50-30=20>>20.', 'The answer is 20.'],
        answer: '20',
      },
    ],
  };
}

/** One MATH mistake whose path has `steps` steps full of LaTeX, for timing the first paint. */
export function longMathRun(runId: string, steps = 30): RunFixture {
  const path = Array.from({ length: steps }, (_, i) => {
    const n = i + 1;
    return `We have $\\frac{${n}x^2 + ${n + 1}}{\\sqrt{${n + 2}}} = \\sum_{k=1}^{${n}} \\binom{${n}}{k} \\left(\\frac{1}{2}\\right)^k$, so \\[\\int_0^{${n}} x^{${n}}\\,dx = \\frac{${n}^{${n + 1}}}{${n + 1}}.\\]`;
  });
  return {
    runId,
    task: 'math',
    reasonerModel: 'llemma-7b',
    paths: [
      {
        question: 'Compute $\\displaystyle\\sum_{n=1}^{30} \\frac{1}{n(n+1)}$ and express it as $\\frac{a}{b}$.',
        goldAnswer: '\\frac{30}{31}',
        steps: [...path, 'The answer is $\\boxed{\\frac{29}{31}}$.'],
        answer: '\\frac{29}{31}',
        corrections: [
          {
            incorrectStep: 12,
            explanation: 'The telescoping sum $\\sum \\frac{1}{n} - \\frac{1}{n+1}$ leaves $1 - \\frac{1}{31}$, not $1 - \\frac{2}{31}$.',
            correctedSteps: ['Telescoping: $\\sum_{n=1}^{30} \\left(\\frac{1}{n} - \\frac{1}{n+1}\\right) = 1 - \\frac{1}{31} = \\frac{30}{31}$.', 'The answer is $\\boxed{\\frac{30}{31}}$.'],
            answer: '\\frac{30}{31}',
            verified: true,
          },
        ],
      },
    ],
  };
}
