import { strict as assert } from 'node:assert';
import { aggregate } from '../../../src/core/stats/aggregate';
import { loadStats } from '../../../src/core/stats';
import type { PathRecord } from '../../../src/core/pipeline/records';
import { buildExportFixture, type ExportFixture } from '../../support/exportFixture';
import { useTempDir } from '../store/workspace';

const counts = (bins: Array<{ label: string; count: number }>): Record<string, number> => Object.fromEntries(bins.map((b) => [b.label, b.count]));

describe('statistics', () => {
  const t = useTempDir();
  let fixture: ExportFixture;
  beforeEach(async () => {
    fixture = await buildExportFixture(t.dir());
  });

  it('accuracy per model and task, over every sampled path', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: [] });
    assert.deepEqual(
      s.accuracy.map((r) => [r.model, r.task, r.questions, r.paths, r.correct, r.accuracy]),
      [
        ['llama-2-13b', 'gsm8k', 4, 16, 12, 0.75],
        ['llama-2-7b', 'gsm8k', 4, 16, 10, 0.625],
      ],
    );
    assert.deepEqual(s.available.runs.map((r) => r.id).sort(), ['run-1-llama-7b', 'run-2-llama-13b']);
    assert.deepEqual(s.available.models, ['gpt-4', 'llama-2-13b', 'llama-2-7b']);
  });

  it('evaluations on test sets, filtered by model', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: [] });
    assert.deepEqual(s.evaluations, [
      { runId: 'run-1-llama-7b', model: 'llama-2-7b', dataset: 'datasets/test.jsonl', questions: 10, samplesPerQuestion: 4, passAt1: 0.5, majorityVote: 0.6 },
    ]);
    assert.deepEqual((await loadStats(t.dir(), { runs: [], models: ['llama-2-13b'] })).evaluations, []);
  });

  it('mistakes per question: questions by their number of wrong paths, with the question ids behind each bar', async () => {
    const all = await loadStats(t.dir(), { runs: [], models: [] });
    assert.deepEqual(counts(all.mistakesPerQuestion), { 0: 0, 1: 1, 2: 0, 3: 3 });
    assert.deepEqual(all.mistakesPerQuestion[1]?.questionIds, [fixture.questionIds[3]]);
    const run1 = await loadStats(t.dir(), { runs: ['run-1-llama-7b'], models: [] });
    assert.deepEqual(counts(run1.mistakesPerQuestion), { 0: 1, 1: 0, 2: 3 });
  });

  it('where the incorrect step falls, as a step number and as a share of the path', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: [] });
    assert.deepEqual(counts(s.incorrectStep), { 'Step 1': 4, 'Step 2': 0, 'Step 3': 2 });
    assert.equal(s.incorrectStepRelative.length, 10);
    const relative = Object.fromEntries(Object.entries(counts(s.incorrectStepRelative)).filter(([, n]) => n > 0));
    // Step 1 of 3 (q1) sits at 33 %, Step 1 of 2 (q3) at 50 %, Step 3 of 5 (q2) at 60 %.
    assert.deepEqual(relative, { '30–40%': 3, '40–50%': 1, '50–60%': 2 });
  });

  it('verify rate per corrector model and prompt version; an unparseable answer counts as not verified', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: [] });
    assert.equal(s.verifyRate.length, 2);
    const v1 = s.verifyRate.find((r) => r.corrections === 6);
    assert.deepEqual(v1 && [v1.model, v1.parsed, v1.verified], ['gpt-4', 5, 4]);
    assert.ok(Math.abs((v1?.rate ?? 0) - 4 / 6) < 1e-12);
    const v2 = s.verifyRate.find((r) => r.corrections === 1);
    assert.equal(v2?.rate, 1);
    assert.notEqual(v1?.promptSha256, v2?.promptSha256);
  });

  it('rating distribution uses the last rating of each correction', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: [] });
    assert.deepEqual(s.ratings, { excellent: 1, good: 1, poor: 1, unrated: 2 });
  });

  it('tokens and cost per stage; unknown prices give null, cached calls cost nothing', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: [] });
    const row = (stage: string, model: string) => s.usage.find((u) => u.stage === stage && u.model === model);
    assert.deepEqual(s.usage.map((u) => u.stage), ['sample', 'sample', 'correct', 'augment']);
    assert.deepEqual(row('sample', 'llama-2-7b') && [row('sample', 'llama-2-7b')?.calls, row('sample', 'llama-2-7b')?.promptTokens, row('sample', 'llama-2-7b')?.costUsd], [16, 1600, null]);
    const correct = row('correct', 'gpt-4');
    assert.equal(correct?.calls, 7);
    assert.equal(correct?.promptTokens, 4200);
    assert.equal(correct?.completionTokens, 840);
    assert.ok(Math.abs((correct?.costUsd ?? 0) - (4200 * 30 + 840 * 60) / 1e6) < 1e-12);
    assert.deepEqual(s.errors, [{ stage: 'correct', kind: 'timeout', count: 1 }]);
  });

  it('a model filter keeps that model\'s paths and the corrections of its mistakes', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: ['llama-2-7b'] });
    assert.deepEqual(s.accuracy.map((r) => r.model), ['llama-2-7b']);
    assert.equal(s.verifyRate.reduce((n, r) => n + r.corrections, 0), 7);
    assert.equal(s.usage.some((u) => u.stage === 'augment'), false, 'augmented paths are gpt-4\'s');
    assert.deepEqual(s.filter, { runs: [], models: ['llama-2-7b'] });
  });

  it('an empty workspace gives empty charts, not an error', async () => {
    const s = aggregate([], [], {});
    assert.deepEqual([s.accuracy, s.evaluations, s.mistakesPerQuestion, s.incorrectStep, s.incorrectStepRelative, s.verifyRate, s.usage], [[], [], [], [], [], [], []]);
    assert.deepEqual(s.ratings, { excellent: 0, good: 0, poor: 0, unrated: 0 });
  });

  it('cached paths count as calls but add no tokens', () => {
    const p: PathRecord = {
      id: 'p', questionId: 'q', task: 'gsm8k', question: '', goldAnswer: '1', model: 'gpt-4o', sampleIndex: 0, completion: '', steps: [],
      answer: '1', correct: true, usage: { promptTokens: 1_000_000, completionTokens: 0 }, createdAt: '',
    };
    const s = aggregate([{ runId: 'r', task: 'gsm8k', paths: [p, { ...p, id: 'p2', cached: true }], augmented: [], corrections: [], ratings: [], errors: [], evaluations: [] }], [], { 'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 } });
    assert.deepEqual(s.usage, [{ stage: 'sample', model: 'gpt-4o', calls: 2, cachedCalls: 1, promptTokens: 1_000_000, completionTokens: 0, costUsd: 2.5 }]);
  });
});
