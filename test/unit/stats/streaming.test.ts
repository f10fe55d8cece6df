import { strict as assert } from 'node:assert';
import { aggregate, StatsAggregator } from '../../../src/core/stats/aggregate';
import type { CorrectionRecord, PathRecord } from '../../../src/core/pipeline/records';

/** A path row with only what the statistics read. */
function path(i: number, wrong: boolean): PathRecord {
  return {
    id: `p${i}`,
    questionId: `q${i >> 3}`,
    task: 'gsm8k',
    question: '',
    goldAnswer: '1',
    model: i % 2 === 0 ? 'm-even' : 'm-odd',
    sampleIndex: i & 7,
    completion: '',
    steps: ['a', 'b', 'c', 'd'],
    answer: wrong ? '2' : '1',
    correct: !wrong,
    usage: { promptTokens: 10, completionTokens: 5 },
    createdAt: '',
  };
}

function correction(p: PathRecord): CorrectionRecord {
  return { id: `c-${p.id}`, pathId: p.id, questionId: p.questionId, model: 'fixer', promptSha256: 'sha', correctionIndex: 0, raw: '', outcome: 'parsed', incorrectStep: 2, answer: '1', verified: true, createdAt: '' };
}

describe('statistics at scale', function () {
  this.timeout(30_000);

  it('aggregates 250,000 paths (past where a spread into push() overflowed the stack) with every count right', () => {
    const paths = Array.from({ length: 250_000 }, (_, i) => path(i, i % 10 < 3));
    const corrections = paths.filter((p) => !p.correct).map(correction);
    const s = aggregate([{ runId: 'r', task: 'gsm8k', paths, augmented: [], corrections, ratings: [], errors: [], evaluations: [] }], [], {});
    assert.equal(s.accuracy.reduce((n, a) => n + a.paths, 0), 250_000);
    assert.equal(s.accuracy.reduce((n, a) => n + a.questions, 0), 2 * 31_250, 'each model saw every question');
    assert.equal(s.mistakesPerQuestion.reduce((n, b) => n + b.count, 0), 31_250);
    assert.equal(s.verifyRate[0]?.corrections, 75_000);
    assert.deepEqual(s.incorrectStep.map((b) => b.count), [0, 75_000]);
    // Step 2 of 4 is at 50 %: the 40–50 % tenth, each question listed once however many of its paths.
    assert.equal(s.incorrectStepRelative[4]?.count, 75_000);
    assert.equal(s.incorrectStepRelative[4]?.questionIds.length, 31_250);
    assert.equal(s.ratings.unrated, 75_000);
  });

  it('fed row by row gives the same report as from whole tables, and a filter on the model reaches corrections through their path', () => {
    const paths = Array.from({ length: 4000 }, (_, i) => path(i, i % 7 === 0));
    const corrections = paths.filter((p) => !p.correct).map(correction);
    const tables = [{ runId: 'r', task: 'gsm8k' as const, paths, augmented: [], corrections, ratings: [], errors: [], evaluations: [] }];
    for (const models of [[], ['m-even']]) {
      const streamed = new StatsAggregator(models, {});
      const feed = streamed.run('r');
      for (const p of paths) feed.path(p);
      for (const c of corrections) feed.correction(c);
      assert.deepEqual(streamed.result(), aggregate(tables, models, {}));
    }
    const even = aggregate(tables, ['m-even'], {});
    assert.equal(even.verifyRate[0]?.corrections, corrections.filter((c) => Number(c.pathId.slice(1)) % 2 === 0).length, "the corrector 'fixer' is not chosen; its corrections of m-even's paths count");
  });

  it('two runs with k = 4 of one question never make an 8-path question unless combined', () => {
    const run = (runId: string) => ({
      runId, task: 'gsm8k' as const, paths: Array.from({ length: 4 }, (_, i) => ({ ...path(i, true), id: `${runId}-p${i}`, questionId: 'q' })),
      augmented: [], corrections: [], ratings: [], errors: [], evaluations: [],
    });
    const perRun = aggregate([run('a'), run('b')], [], {});
    assert.deepEqual(perRun.mistakesPerQuestion.map((b) => b.count), [0, 0, 0, 0, 2]);
    assert.deepEqual(perRun.mistakesPerQuestion[4]?.questionIds, ['q']);
    assert.deepEqual(perRun.mistakesPerQuestionCounting, { basis: 'run', runs: 2 });
    const combined = aggregate([run('a'), run('b')], [], {}, { combineRuns: true });
    assert.equal(combined.mistakesPerQuestion.length, 9);
    assert.deepEqual([combined.mistakesPerQuestion[8]?.count, combined.mistakesPerQuestion[8]?.questionIds], [1, ['q']]);
    // The report is the same however often it is asked for.
    const again = new StatsAggregator([], {});
    for (const r of [run('a'), run('b')]) {
      const feed = again.run(r.runId);
      for (const p of r.paths) feed.path(p);
    }
    assert.deepEqual(again.result().mistakesPerQuestion, again.result().mistakesPerQuestion);
    assert.deepEqual(again.result().mistakesPerQuestion, perRun.mistakesPerQuestion);
  });
});
