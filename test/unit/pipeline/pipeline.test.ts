import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRun, readMistakes, runStages, type CorrectionRecord, type ErrorRecord, type EvaluationRecord, type EvaluationQuestion, type PathRecord, type ProgressEvent } from '../../../src/core/pipeline';
import { KEY, makeFixture, rows, runJson, type Fixture } from './fixture';
import { run } from '../cli/capture';

const quick = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };
const keys = { apiKeys: { reasoner: KEY, corrector: KEY } };

function unique(ids: readonly string[]): boolean {
  return new Set(ids).size === ids.length;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('pipeline: sample → correct over the fake endpoint', function () {
  this.timeout(20_000);
  let fx: Fixture;
  afterEach(async () => fx.close());

  it('stores k judged paths per question, corrects exactly the mistakes the fake made, and verifies them (eq. 1, eq. 2)', async () => {
    fx = await makeFixture({ questions: 12, reasoner: { wrongRate: 0.3 }, corrector: { unparseableRate: 0.25 } });
    const runId = await createRun(fx.config());
    const events: ProgressEvent[] = [];
    const result = await runStages(fx.dir, runId, ['sample', 'correct'], { ...keys, ...quick, onProgress: (e) => events.push(e) });
    assert.equal(result.stages.sample?.state, 'done');
    assert.equal(result.stages.correct?.state, 'done');

    const paths = rows<PathRecord>(fx.dir, runId, 'paths');
    assert.equal(paths.length, 12 * 4);
    assert.ok(unique(paths.map((p) => p.id)));
    const mistakes = paths.filter((p) => !p.correct);
    assert.equal(mistakes.length, fx.tally.wrongPaths, 'one mistake per wrong path the fake wrote');
    assert.ok(fx.tally.wrongPaths > 0 && fx.tally.wrongPaths < 48);
    for (const p of paths) {
      assert.ok(p.steps.length >= 2, `steps of ${p.id}`);
      assert.equal(p.correct, p.answer === p.goldAnswer);
    }
    // One request with n = k per question.
    const sampleRequests = fx.fake.requests.filter((r) => r.model === 'reasoner');
    assert.equal(sampleRequests.length, 12);

    const corrections = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    assert.equal(corrections.length, mistakes.length);
    assert.deepEqual(new Set(corrections.map((c) => c.pathId)), new Set(mistakes.map((m) => m.id)));
    const unparseable = corrections.filter((c) => c.outcome === 'unparseable');
    assert.equal(unparseable.length, fx.tally.unparseableReplies);
    assert.ok(unparseable.length > 0, 'the fake was asked to write some unparseable replies');
    for (const c of unparseable) {
      assert.ok(c.raw.length > 0 && c.reason !== undefined && !c.verified && c.answer === null);
    }
    for (const c of corrections.filter((x) => x.outcome === 'parsed')) {
      const path = mistakes.find((m) => m.id === c.pathId);
      assert.ok(path && c.incorrectStep !== undefined && c.expandedSteps !== undefined);
      assert.equal(c.verified, true, 'the fake corrector fixes every mistake it parses');
      assert.equal(c.answer, path.goldAnswer);
      assert.deepEqual(c.expandedSteps.slice(0, (c.correctedFrom ?? 1) - 1), path.steps.slice(0, (c.correctedFrom ?? 1) - 1));
    }

    const info = runJson(fx.dir, runId);
    assert.equal(info.stages['sample']?.state, 'done');
    assert.equal(info.stages['correct']?.state, 'done');
    const lastSample = events.filter((e) => e.stage === 'sample').at(-1);
    assert.deepEqual([lastSample?.done, lastSample?.total], [48, 48]);
    assert.ok((lastSample?.promptTokens ?? 0) > 0 && (lastSample?.completionTokens ?? 0) > 0);
    const lastCorrect = events.filter((e) => e.stage === 'correct').at(-1);
    assert.deepEqual([lastCorrect?.done, lastCorrect?.total], [mistakes.length, mistakes.length]);

    const shown = await readMistakes(fx.dir, runId);
    assert.equal(shown.length, mistakes.length);
    assert.ok(shown.every((m) => m.corrections.length === 1 && m.corrections[0]?.pathId === m.path.id));
  });

  it('a rerun of a finished run sends nothing and writes nothing, even without the response cache', async () => {
    fx = await makeFixture({ questions: 6, reasoner: { wrongRate: 0.4 } });
    const runId = await createRun(fx.config());
    await runStages(fx.dir, runId, ['sample', 'correct'], { ...keys, ...quick });
    const before = fx.fake.requests.length;
    const tables = ['paths', 'corrections'].map((t) => rows(fx.dir, runId, t).length);
    const again = await runStages(fx.dir, runId, ['sample', 'correct'], { ...keys, ...quick, cacheDir: join(fx.dir, 'fresh-cache') });
    assert.equal(fx.fake.requests.length, before);
    assert.deepEqual(['paths', 'corrections'].map((t) => rows(fx.dir, runId, t).length), tables);
    assert.equal(again.stages.sample?.done, 24);
    assert.equal(again.stages.correct?.state, 'done');
  });

  it('resumes after a cancel mid-stage: no duplicate ids, and no request for a question already stored', async () => {
    fx = await makeFixture({ questions: 16, latencyMs: 25 });
    const runId = await createRun(fx.config({ reasoner: fx.model('reasoner', { maxConcurrency: 2 }) }));
    const controller = new AbortController();
    const first = await runStages(fx.dir, runId, ['sample', 'correct'], {
      ...keys,
      ...quick,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.stage === 'sample' && e.done >= 16) controller.abort();
      },
    });
    assert.equal(first.stages.sample?.state, 'cancelled');
    assert.equal(first.stages.correct, undefined, 'a cancelled stage ends the sequence');
    assert.equal(runJson(fx.dir, runId).stages['sample']?.state, 'cancelled');
    const stored = rows<PathRecord>(fx.dir, runId, 'paths');
    assert.ok(stored.length >= 16 && stored.length < 64, `stored ${stored.length}`);
    const storedQuestions = new Set(stored.map((p) => p.question));

    const askedBefore = fx.tally.reasonerPrompts.length;
    // A fresh cache: only the pipeline's own skipping keeps stored questions from being asked again.
    const second = await runStages(fx.dir, runId, ['sample'], { ...keys, ...quick, cacheDir: join(fx.dir, 'other-cache') });
    assert.equal(second.stages.sample?.state, 'done');
    const paths = rows<PathRecord>(fx.dir, runId, 'paths');
    assert.equal(paths.length, 64);
    assert.ok(unique(paths.map((p) => p.id)));
    const askedAgain = fx.tally.reasonerPrompts.slice(askedBefore);
    for (const q of storedQuestions) assert.ok(!askedAgain.some((p) => p.includes(q)), `asked again for a stored question: ${q}`);
  });

  it('classifies requests that fail for good (500, 429) into errors.jsonl, finishes the stage, and a rerun asks only for those', async () => {
    fx = await makeFixture({ questions: 10, reasoner: { wrongRate: 0.4 } });
    const runId = await createRun(fx.config({ reasoner: fx.model('reasoner', { maxConcurrency: 1 }) }));
    // Two tries per request, one in flight at a time: the first question's two tries meet 500s.
    fx.fake.injectFault({ kind: 'server_error' }, { first: 3, model: 'reasoner' });
    // Every correction request meets a 429, retried until its 20 ms wait budget for rate limits is spent.
    fx.fake.injectFault({ kind: 'rate_limit', retryAfterMs: 1 }, { model: 'corrector' });
    const opts = { ...keys, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, rateLimitBudgetMs: 20 } };
    const result = await runStages(fx.dir, runId, ['sample', 'correct'], opts);

    const errors = rows<ErrorRecord>(fx.dir, runId, 'errors');
    assert.ok(errors.filter((e) => e.kind === 'server').every((e) => e.message.includes('after 2 attempts')));
    assert.ok(errors.filter((e) => e.kind === 'rate_limit').every((e) => /after \d+ attempts/.test(e.message)));
    const sampleErrors = errors.filter((e) => e.stage === 'sample');
    assert.equal(sampleErrors.length, 1);
    assert.equal(sampleErrors[0]?.kind, 'server');
    assert.equal(result.stages.sample?.state, 'failed');
    assert.equal(result.stages.sample.errors, 1);
    assert.match(runJson(fx.dir, runId).stages['sample']?.message ?? '', /1 item failed \(server 1\); see errors\.jsonl/);
    assert.equal(rows(fx.dir, runId, 'paths').length, 9 * 4, 'every other question was sampled');

    const mistakes = rows<PathRecord>(fx.dir, runId, 'paths').filter((p) => !p.correct);
    const correctErrors = errors.filter((e) => e.stage === 'correct');
    assert.ok(mistakes.length > 0);
    assert.equal(result.stages.correct?.state, 'failed', 'the correct stage still ran, on the mistakes stored');
    assert.equal(correctErrors.length, mistakes.length);
    assert.ok(correctErrors.every((e) => e.kind === 'rate_limit'));
    assert.deepEqual(new Set(correctErrors.map((e) => e.itemId)), new Set(mistakes.map((m) => m.id)));
    assert.equal(rows(fx.dir, runId, 'corrections').length, 0);

    fx.fake.clearFaults();
    const before = fx.fake.requests.length;
    const rerun = await runStages(fx.dir, runId, ['sample'], opts);
    assert.equal(rerun.stages.sample?.state, 'done');
    assert.equal(fx.fake.requests.length - before, 1, 'one request, for the failed question');
    assert.equal(rows(fx.dir, runId, 'paths').length, 40);
    // The rerun stored the failed question: its error row is marked resolved, the correct stage's stay open.
    const ledger = rows<ErrorRecord>(fx.dir, runId, 'errors');
    const resolutions = ledger.filter((e) => e.resolves !== undefined);
    assert.deepEqual(resolutions.map((e) => e.resolves), [sampleErrors[0]?.id]);
    const status = await run('run', 'status', runId, '--workspace', fx.dir);
    assert.match(status.stdout, new RegExp(`failed items ${correctErrors.length} \\(1 earlier failures resolved by reruns\\)`));
  });

  it('stops at the first auth failure, and no key reaches the run directory', async () => {
    fx = await makeFixture({ questions: 8, reasoner: { wrongRate: 0.5 } });
    const runId = await createRun(fx.config());
    await runStages(fx.dir, runId, ['sample', 'correct'], { ...keys, ...quick });
    const wrongKey = 'sk-wrong-key-0123456789abcdefghij';
    const other = await createRun(fx.config({ samplesPerQuestion: 2, reasoner: fx.model('reasoner', { sampling: { temperature: 1, seed: 99 } }) }));
    const failed = await runStages(fx.dir, other, ['sample'], { apiKeys: { reasoner: wrongKey }, ...quick });
    assert.equal(failed.stages.sample?.state, 'failed');
    assert.match(failed.stages.sample?.message ?? '', /auth/);
    const errors = rows<ErrorRecord>(fx.dir, other, 'errors');
    assert.ok(errors.length >= 1 && errors.length <= 16 && errors.every((e) => e.kind === 'auth'));
    for (const dir of [runId, other]) {
      for (const file of filesUnder(join(fx.dir, '.mistakebook', 'runs', dir))) {
        const text = readFileSync(file, 'utf8');
        assert.ok(!text.includes(KEY) && !text.includes(wrongKey), `${file} holds a key`);
      }
    }
    for (const file of filesUnder(join(fx.dir, '.mistakebook', 'cache'))) assert.ok(!readFileSync(file, 'utf8').includes(KEY), `${file} holds the key`);
  });

  it('asks a completion-model corrector with the "\\n\\nQuestion:" stop and reads its continuation', async () => {
    fx = await makeFixture({ questions: 6, reasoner: { wrongRate: 0.5 } });
    const runId = await createRun(fx.config({ corrector: fx.model('corrector', { api: 'completion', sampling: { temperature: 0.2, maxTokens: 300, stop: ['###'] } }), correctionsPerMistake: 2 }));
    const result = await runStages(fx.dir, runId, ['sample', 'correct'], { ...keys, ...quick });
    assert.equal(result.stages.correct?.state, 'done');
    assert.ok(fx.tally.correctorBodies.length > 0);
    for (const body of fx.tally.correctorBodies) {
      assert.deepEqual(body['stop'], ['###', '\n\nQuestion:']);
      assert.equal(body['n'], 2);
      assert.match(String(body['prompt']), /Incorrect Step:$/);
    }
    const mistakes = rows<PathRecord>(fx.dir, runId, 'paths').filter((p) => !p.correct);
    const corrections = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    assert.equal(corrections.length, 2 * mistakes.length);
    assert.deepEqual(new Set(corrections.map((c) => c.correctionIndex)), new Set([0, 1]));
    assert.ok(corrections.every((c) => c.outcome === 'parsed' && c.verified && !c.raw.startsWith('Incorrect Step:')));
  });

  it('augments CoT data with the right paths of M_c, and evaluates pass@1 and majority vote from stored paths', async () => {
    fx = await makeFixture({ questions: 10, reasoner: { wrongRate: 0.35 } });
    const runId = await createRun(fx.config({ corrector: fx.model('reasoner', { sampling: { temperature: 0.9, seed: 5 } }), augmentSamplesPerQuestion: 3 }));
    const result = await runStages(fx.dir, runId, ['sample', 'augment', 'evaluate'], { ...keys, ...quick });
    assert.equal(result.stages.augment?.state, 'done');
    // Every path M_c wrote is stored, judged; the right ones are the CoT data.
    const augmented = rows<PathRecord>(fx.dir, runId, 'augmented');
    assert.equal(augmented.length, 30);
    const right = augmented.filter((p) => p.correct).length;
    assert.ok(right > 0 && right < 30);
    assert.equal(right, 30 - (fx.tally.wrongPaths - rows<PathRecord>(fx.dir, runId, 'paths').filter((p) => !p.correct).length));

    const requestsBefore = fx.fake.requests.length;
    assert.equal(result.stages.evaluate?.state, 'done');
    const [evaluation] = rows<EvaluationRecord>(fx.dir, runId, 'evaluations');
    const paths = rows<PathRecord>(fx.dir, runId, 'paths');
    const byQuestion = new Map<string, PathRecord[]>();
    for (const p of paths) byQuestion.set(p.questionId, [...(byQuestion.get(p.questionId) ?? []), p].sort((a, b) => a.sampleIndex - b.sampleIndex));
    const firstRight = [...byQuestion.values()].filter((ps) => ps[0]?.correct).length;
    assert.equal(evaluation?.questions, 10);
    // pass@1 is the mean over all k samples (issue 19); the first sample's share is kept beside it.
    let meanOfShares = 0;
    for (const ps of byQuestion.values()) meanOfShares += ps.filter((p) => p.correct).length / ps.length / 10;
    assert.ok(Math.abs(evaluation.passAt1 - meanOfShares) < 1e-12);
    assert.equal(evaluation.firstSampleCorrect, firstRight / 10);
    const [low, high] = evaluation.passAt1Ci95 ?? [NaN, NaN];
    assert.ok(low < evaluation.passAt1 && evaluation.passAt1 < high, 'the interval holds the estimate');
    assert.ok(evaluation.majorityVote >= 0 && evaluation.majorityVote <= 1);
    // Each question's samples and verdicts, for comparing models question by question.
    const perQuestion = readFileSync(join(fx.dir, '.mistakebook/runs', runId, evaluation.questionsFile ?? ''), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EvaluationQuestion);
    assert.equal(perQuestion.length, 10);
    for (const q of perQuestion) {
      const stored = byQuestion.get(q.questionId) ?? [];
      assert.deepEqual(q.samples.map((x) => x.correct), stored.map((p) => p.correct));
      assert.equal(q.right, stored.filter((p) => p.correct).length);
    }
    assert.equal(perQuestion.filter((q) => q.majorityCorrect).length, evaluation.majorityVote * 10);
    // Sample, augment: one request per question each; evaluate reused the stored paths.
    assert.equal(requestsBefore, 20);
    const again = await runStages(fx.dir, runId, ['evaluate'], { ...keys, ...quick });
    assert.equal(again.stages.evaluate?.state, 'done');
    assert.equal(rows(fx.dir, runId, 'evaluations').length, 1);
  });

  it('refuses a few-shot prompt with errors before anything is asked', async () => {
    fx = await makeFixture({ questions: 2 });
    writeFileSync(fx.prompt, 'Fix the solutions.\n\nQuestion: What is 2+2?\nOriginal Solution:\n{\nStep 1: 2+2 = 5.\n}\nIncorrect Step: Step one\n');
    await assert.rejects(createRun(fx.config()), /few-shot prompt has \d+ errors?/);
    assert.equal(fx.fake.requests.length, 0);
  });

  it('a rerun of augment asks nothing more, even for questions whose paths were all wrong', async () => {
    fx = await makeFixture({ questions: 4, reasoner: { wrongRate: 1 } });
    const runId = await createRun(fx.config({ corrector: fx.model('reasoner', { sampling: { temperature: 0.9, seed: 5 } }), augmentSamplesPerQuestion: 2 }));
    const first = await runStages(fx.dir, runId, ['augment'], { ...keys, ...quick });
    assert.equal(first.stages.augment?.state, 'done');
    assert.equal(fx.fake.requests.length, 4);
    const stored = rows<PathRecord>(fx.dir, runId, 'augmented');
    assert.equal(stored.length, 8);
    assert.ok(stored.every((p) => !p.correct), 'every path M_c wrote is wrong');
    // A fresh cache: nothing can answer a repeated request but the model, so nothing may be repeated.
    const again = await runStages(fx.dir, runId, ['augment'], { ...keys, ...quick, cacheDir: join(fx.dir, 'empty-cache') });
    assert.equal(again.stages.augment?.state, 'done');
    assert.equal(fx.fake.requests.length, 4, 'the rerun sent no request');
    assert.equal(rows<PathRecord>(fx.dir, runId, 'augmented').length, 8);
  });
});
