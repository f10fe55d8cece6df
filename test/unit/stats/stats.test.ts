import { strict as assert } from 'node:assert';
import { aggregate } from '../../../src/core/stats/aggregate';
import { findPromptVersion, loadStats, rateEstimate } from '../../../src/core/stats';
import type { PathRecord } from '../../../src/core/pipeline/records';
import { buildExportFixture, FIXTURE_PROMPT, type ExportFixture } from '../../support/exportFixture';
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
      {
        runId: 'run-1-llama-7b', model: 'llama-2-7b', dataset: 'datasets/test.jsonl', questions: 10, samplesPerQuestion: 4, passAt1: 0.5, majorityVote: 0.6,
        passAt1Estimate: rateEstimate(5, 10), majorityVoteEstimate: rateEstimate(6, 10),
      },
    ]);
    assert.deepEqual((await loadStats(t.dir(), { runs: [], models: ['llama-2-13b'] })).evaluations, []);
  });

  it('mistakes per question counts per run by default: a question sampled by two runs is counted once in each', async () => {
    const all = await loadStats(t.dir(), { runs: [], models: [] });
    // Run 1: q1..q3 have 2 wrong paths of 4, q4 none; run 2: every question 1 wrong of 4. Never more than k = 4.
    assert.deepEqual(counts(all.mistakesPerQuestion), { 0: 1, 1: 4, 2: 3 });
    assert.deepEqual(all.mistakesPerQuestionCounting, { basis: 'run', runs: 2 });
    assert.deepEqual(all.mistakesPerQuestion[0]?.questionIds, [fixture.questionIds[3]]);
    const run1 = await loadStats(t.dir(), { runs: ['run-1-llama-7b'], models: [] });
    assert.deepEqual(counts(run1.mistakesPerQuestion), { 0: 1, 1: 0, 2: 3 });
    assert.deepEqual(run1.mistakesPerQuestionCounting, { basis: 'run', runs: 1 });
  });

  it('ticking several runs combines them: a question\'s wrong paths are summed over the ticked runs', async () => {
    const both = await loadStats(t.dir(), { runs: ['run-1-llama-7b', 'run-2-llama-13b'], models: [] });
    assert.deepEqual(counts(both.mistakesPerQuestion), { 0: 0, 1: 1, 2: 0, 3: 3 });
    assert.deepEqual(both.mistakesPerQuestion[1]?.questionIds, [fixture.questionIds[3]]);
    assert.deepEqual(both.mistakesPerQuestionCounting, { basis: 'combined', runs: 2 });
  });

  it('runs are offered by what a person recognises: reasoner and start time, task and dataset file', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: [] });
    const run1 = s.available.runs.find((r) => r.id === 'run-1-llama-7b');
    assert.match(run1?.label ?? '', /^llama-2-7b · \d\d-\d\d \d\d:\d\d$/);
    assert.equal(run1?.label.slice(-11), `${run1?.createdAt.slice(5, 10)} ${run1?.createdAt.slice(11, 16)}`);
    assert.deepEqual([run1?.task, run1?.dataset], ['gsm8k', 'train.jsonl']);
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
    assert.equal(v1?.estimate.text, '66.7% (n = 6, 95% CI 30.0–90.3%)');
    assert.deepEqual([v2?.estimate.n, v2?.estimate.high], [1, 1]);
  });

  it('a prompt version is labelled by its file and short sha, with its first lines; one no run.json holds by its sha', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: [] });
    const v1 = s.verifyRate.find((r) => r.corrections === 6);
    const v2 = s.verifyRate.find((r) => r.corrections === 1);
    assert.equal(v1?.prompt.label, `gsm8k.fewshot.txt · ${v1?.promptSha256.slice(0, 8)}`);
    assert.equal(v1?.prompt.file, 'prompts/gsm8k.fewshot.txt');
    assert.equal(v1?.prompt.lines, FIXTURE_PROMPT.trimEnd().split('\n').length);
    // The first 6 lines, a long one cut at 100 characters, then an ellipsis for the rest.
    const [first, ...next] = FIXTURE_PROMPT.split('\n').slice(0, 6);
    assert.deepEqual(v1?.prompt.preview?.split('\n'), [`${first?.slice(0, 99)}…`, ...next, '…']);
    // The edited version was never a run's prompt: its text is not kept anywhere, so the sha is all there is.
    assert.deepEqual(v2?.prompt, { label: `prompt · ${v2?.promptSha256.slice(0, 8)}`, lines: 0 });
    const found = await findPromptVersion(t.dir(), v1?.promptSha256 ?? '');
    assert.deepEqual(found && [found.label, found.file, found.text, found.runId], [v1?.prompt.label, 'prompts/gsm8k.fewshot.txt', FIXTURE_PROMPT, 'run-1-llama-7b']);
    assert.equal(await findPromptVersion(t.dir(), v2?.promptSha256 ?? ''), undefined);
  });

  it('every rate carries its n and 95% interval: accuracy, pass@1, majority vote, rating shares', async () => {
    const s = await loadStats(t.dir(), { runs: [], models: [] });
    assert.deepEqual(s.accuracy.map((r) => r.estimate.text), ['75.0% (n = 16, 95% CI 50.5–89.8%)', '62.5% (n = 16, 95% CI 38.6–81.5%)']);
    const e = s.evaluations[0];
    assert.deepEqual([e?.passAt1Estimate.successes, e?.passAt1Estimate.n, e?.majorityVoteEstimate.successes], [5, 10, 6]);
    assert.equal(e?.passAt1Estimate.text, '50.0% (n = 10, 95% CI 23.7–76.3%)');
    assert.deepEqual([s.ratingShares.unrated.successes, s.ratingShares.unrated.n], [2, 5]);
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

  it('a failure a rerun resolved no longer counts (issue 14, point 7)', () => {
    const error = { id: 'e1', stage: 'correct', itemId: 'p1', kind: 'timeout' as const, message: 'timed out', at: '2026-01-01T00:00:00Z' };
    const other = { ...error, id: 'e2', itemId: 'p2', kind: 'server' as const };
    const resolution = { ...error, id: 'r1', message: 'resolved', resolves: 'e1' };
    const run = { runId: 'r', task: 'gsm8k' as const, paths: [], augmented: [], corrections: [], ratings: [], evaluations: [] };
    assert.deepEqual(aggregate([{ ...run, errors: [error, other] }], [], {}).errors.map((e) => e.kind), ['server', 'timeout']);
    assert.deepEqual(aggregate([{ ...run, errors: [error, other, resolution] }], [], {}).errors, [{ stage: 'correct', kind: 'server', count: 1 }]);
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
