import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDataset } from '../../../src/core/dataset';
import { collectBatch, createRun, runStages, submitBatch, type BatchReport, type CorrectionRecord, type ErrorRecord, type PathRecord } from '../../../src/core/pipeline';
import { startBatchEndpoint, type BatchEndpoint } from './batchEndpoint';
import { KEY, makeFixture, rows, runJson, type Fixture } from './fixture';

const options = { apiKeys: { reasoner: KEY, corrector: KEY }, retry: { baseDelayMs: 1, maxDelayMs: 5 } };

/** Collects until the batch has ended. */
async function collected(dir: string, runId: string, stage: 'sample' | 'correct' | 'augment'): Promise<BatchReport> {
  for (let i = 0; i < 200; i++) {
    const report = await collectBatch(dir, runId, stage, options);
    if (report.status !== 'in_progress') return report;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the batch never ended');
}

describe('pipeline: OpenAI Batch API', function () {
  this.timeout(20_000);
  let fx: Fixture;
  let endpoint: BatchEndpoint;
  afterEach(async () => {
    await endpoint.close();
    await fx.close();
  });

  it('submits the missing requests with custom_id = record id, and stores the output as a live run would', async () => {
    fx = await makeFixture({ questions: 8, reasoner: { wrongRate: 0.4 } });
    endpoint = await startBatchEndpoint(fx.fake);
    const runId = await createRun(fx.config({ reasoner: fx.model('reasoner', { baseUrl: endpoint.url }), corrector: fx.model('corrector', { baseUrl: endpoint.url }) }));

    const submitted = await submitBatch(fx.dir, runId, 'sample', options);
    assert.equal(submitted.requests, 8);
    assert.equal(submitted.batchId, 'batch_1');
    assert.equal(runJson(fx.dir, runId).stages['sample']?.state, 'pending');
    const input = (endpoint.files.get('file-in-1') ?? '').trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; url: string; body: { n: number; seed: number } });
    assert.equal(input.length, 8);
    assert.ok(input.every((l) => l.url === '/v1/chat/completions' && l.body.n === 4 && l.body.seed === 11));
    await assert.rejects(submitBatch(fx.dir, runId, 'sample', options), /not collected yet/);

    const report = await collected(fx.dir, runId, 'sample');
    assert.deepEqual([report.status, report.ingested, report.failed], ['completed', 8, 0]);
    assert.equal(runJson(fx.dir, runId).stages['sample']?.state, 'done');
    const paths = rows<PathRecord>(fx.dir, runId, 'paths');
    assert.equal(paths.length, 32);
    assert.deepEqual(new Set(input.map((l) => l.custom_id)), new Set(paths.map((p) => p.questionId)));
    assert.equal(paths.filter((p) => !p.correct).length, fx.tally.wrongPaths);
    assert.ok(existsSync(join(fx.dir, '.mistakebook', 'runs', runId, 'batches.json')));

    // The same ids a live run computes: a live rerun finds everything stored and sends nothing.
    const before = fx.fake.requests.length;
    const live = await runStages(fx.dir, runId, ['sample'], { ...options, cacheDir: join(fx.dir, 'empty-cache') });
    assert.equal(live.stages.sample?.state, 'done');
    assert.equal(fx.fake.requests.length, before);
    const again = await submitBatch(fx.dir, runId, 'sample', options);
    assert.equal(again.status, 'nothing_to_do');

    await submitBatch(fx.dir, runId, 'correct', options);
    const corrected = await collected(fx.dir, runId, 'correct');
    const mistakes = paths.filter((p) => !p.correct).length;
    assert.equal(corrected.ingested, mistakes);
    const corrections = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    assert.equal(corrections.length, mistakes);
    assert.ok(corrections.every((c) => c.outcome === 'parsed' && c.verified));
    assert.ok(!readFileSync(join(fx.dir, '.mistakebook', 'runs', runId, 'batches.json'), 'utf8').includes(KEY));
  });

  it('lists failed batch lines in errors.jsonl, and the next run asks only for those', async () => {
    fx = await makeFixture({ questions: 5 });
    const ids: string[] = [];
    for await (const r of readDataset(fx.dataset)) if (r.kind === 'question') ids.push(r.question.id);
    const secondId = ids[1] ?? '';
    endpoint = await startBatchEndpoint(fx.fake, new Set([secondId]));
    const failing = await createRun(fx.config({ samplesPerQuestion: 2, reasoner: fx.model('reasoner', { baseUrl: endpoint.url }), runId: 'failing' }));
    await submitBatch(fx.dir, failing, 'sample', options);
    const report = await collected(fx.dir, failing, 'sample');
    assert.deepEqual([report.ingested, report.failed], [4, 1]);
    const errors = rows<ErrorRecord>(fx.dir, failing, 'errors');
    assert.deepEqual(errors.map((e) => [e.itemId, e.kind]), [[secondId, 'server']]);
    assert.equal(runJson(fx.dir, failing).stages['sample']?.state, 'failed');
    assert.match(report.message, /1 failed; 2 still missing/);

    const before = fx.fake.requests.length;
    const live = await runStages(fx.dir, failing, ['sample'], options);
    assert.equal(live.stages.sample?.state, 'done');
    assert.equal(fx.fake.requests.length - before, 1);
    assert.equal(rows(fx.dir, failing, 'paths').length, 10);
  });

  it('sends identical request bodies once and stores the answer for every item that asked, paid once', async () => {
    fx = await makeFixture({ questions: 6, reasoner: { wrongRate: 0.5 } });
    // Questions 0 and 3 repeated: the same solve request, and the same mistakes to correct at temperature 0.
    const lines = readFileSync(fx.dataset, 'utf8').trimEnd().split('\n');
    writeFileSync(fx.dataset, [...lines, lines[0], lines[3]].join('\n') + '\n');
    endpoint = await startBatchEndpoint(fx.fake);
    const runId = await createRun(fx.config({ reasoner: fx.model('reasoner', { baseUrl: endpoint.url }), corrector: fx.model('corrector', { baseUrl: endpoint.url, sampling: { temperature: 0, seed: 11, maxTokens: 400 } }) }));

    const sampled = await submitBatch(fx.dir, runId, 'sample', options);
    assert.deepEqual([sampled.requests, sampled.shared], [6, 2]);
    assert.equal((endpoint.files.get('file-in-1') ?? '').trim().split('\n').length, 6);
    assert.deepEqual([(await collected(fx.dir, runId, 'sample')).ingested, fx.tally.reasonerReplies], [8, 6 * 4], '6 requests of 4 samples answered, 8 questions stored');
    const paths = rows<PathRecord>(fx.dir, runId, 'paths');
    assert.equal(paths.length, 32, 'every question, repeated or not, has its 4 paths');
    const byQuestion = (id: string): PathRecord[] => paths.filter((p) => p.questionId === id).sort((a, b) => a.sampleIndex - b.sampleIndex);
    const repeats = [...new Set(paths.map((p) => p.questionId))].filter((id) => id.endsWith('-2'));
    assert.equal(repeats.length, 2);
    for (const id of repeats) {
      const copy = byQuestion(id);
      const original = byQuestion(id.slice(0, -2));
      assert.deepEqual(copy.map((p) => p.completion), original.map((p) => p.completion));
      assert.ok(copy.every((p) => p.cached === true) && original.every((p) => p.cached !== true), 'the second item is stored as a cached answer: its tokens are not counted twice');
    }

    const mistakes = paths.filter((p) => !p.correct);
    const repeatedMistakes = mistakes.filter((p) => p.questionId.endsWith('-2')).length;
    assert.ok(repeatedMistakes > 0, 'the fake reasoner made mistakes on a repeated question');
    // A correction request is the prompt, the question and the wrong path: one per distinct pair.
    const distinct = new Set(mistakes.map((p) => `${p.question}\u0000${p.completion}`)).size;
    assert.ok(mistakes.length - distinct >= repeatedMistakes);
    const corrected = await submitBatch(fx.dir, runId, 'correct', options);
    assert.deepEqual([corrected.requests, corrected.shared], [distinct, mistakes.length - distinct]);
    const report = await collected(fx.dir, runId, 'correct');
    assert.equal(report.ingested, mistakes.length);
    assert.equal(fx.tally.correctorReplies, distinct);
    const corrections = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    assert.deepEqual(new Set(corrections.map((c) => c.pathId)), new Set(mistakes.map((p) => p.id)));
    assert.equal(corrections.filter((c) => c.cached === true).length, mistakes.length - distinct);
    assert.equal(runJson(fx.dir, runId).stages['correct']?.state, 'done');
  });
});
