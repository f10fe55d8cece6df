import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { correctMistake, createRun, regenerateCorrection, runStages, type CorrectionRecord, type PathRecord } from '../../../src/core/pipeline';
import { sha256Hex } from '../../../src/core/ids';
import { LlmClient } from '../../../src/core/llm/client';
import { fixedText } from '../../fake-openai/scripts';
import { KEY, makeFixture, rows, type Fixture } from './fixture';

const quick = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

describe('pipeline: correcting one mistake on demand', function () {
  this.timeout(20_000);
  let fx: Fixture;
  let runId: string;
  let mistake: PathRecord;

  beforeEach(async () => {
    fx = await makeFixture({ questions: 6, reasoner: { wrongRate: 0.5 } });
    runId = await createRun(fx.config({ samplesPerQuestion: 2 }));
    const result = await runStages(fx.dir, runId, ['sample', 'correct'], { apiKeys: { reasoner: KEY, corrector: KEY }, ...quick });
    assert.equal(result.stages.correct?.state, 'done');
    const first = rows<PathRecord>(fx.dir, runId, 'paths').find((p) => !p.correct);
    assert.ok(first, 'the fake reasoner made at least one mistake');
    mistake = first;
  });
  afterEach(async () => fx.close());

  const correctorRequests = (): number => fx.fake.requests.filter((r) => r.model === 'corrector').length;

  it('regenerateCorrection asks M_c again with the next correctionIndex and appends a verified CorrectionRecord', async () => {
    const before = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    const first = before.find((c) => c.pathId === mistake.id);
    assert.ok(first !== undefined && first.correctionIndex === 0);
    const sent = correctorRequests();

    const again = await regenerateCorrection(fx.dir, runId, mistake.id, { apiKey: KEY, ...quick });
    assert.equal(correctorRequests(), sent + 1, 'a new request, not the cached answer to the first one');
    assert.equal(again.correctionIndex, 1);
    assert.notEqual(again.id, first.id);
    assert.equal(again.pathId, mistake.id);
    assert.equal(again.promptSha256, first.promptSha256, "the run's own P_c");
    assert.equal(again.outcome, 'parsed');
    assert.equal(again.verified, true, 'the fake corrector fixes the mistake (eq. 2)');
    assert.equal(again.answer, mistake.goldAnswer);
    assert.equal(again.cached, undefined);

    const third = await regenerateCorrection(fx.dir, runId, mistake.id, { apiKey: KEY, ...quick });
    assert.equal(third.correctionIndex, 2);
    assert.equal(correctorRequests(), sent + 2);
    const after = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    assert.equal(after.length, before.length + 2);
    assert.deepEqual(after.slice(-2), [again, third], 'both rows are in corrections.jsonl as returned');
    const body = fx.tally.correctorBodies.at(-1);
    assert.equal(body?.['seed'], 11 + 2, 'the seed of the run plus the correction index');
  });

  it('regenerateCorrection refuses a path that is right, naming it', async () => {
    const right = rows<PathRecord>(fx.dir, runId, 'paths').find((p) => p.correct);
    assert.ok(right);
    await assert.rejects(regenerateCorrection(fx.dir, runId, right.id, { apiKey: KEY, ...quick }), new RegExp(`path ${right.id} .*no mistake`));
    await assert.rejects(regenerateCorrection(fx.dir, runId, 'nope', { apiKey: KEY, ...quick }), /paths\.jsonl: no path with id nope/);
  });

  it('correctMistake corrects with a given prompt text, records its sha256, and stores nothing without a table', async () => {
    const edited = `${readFileSync(fx.prompt, 'utf8')}\n`;
    const model = fx.model('corrector');
    const client = new LlmClient({ endpoint: { baseUrl: model.baseUrl, model: model.model, apiKey: KEY } });
    const stored = rows<CorrectionRecord>(fx.dir, runId, 'corrections').length;
    const row = await correctMistake({ path: mistake, prompt: { text: edited, file: 'gsm8k.fewshot.txt' }, model, client, correctionIndex: 0 });
    assert.equal(row.promptSha256, sha256Hex(edited));
    assert.equal(row.outcome, 'parsed');
    assert.equal(row.verified, true);
    assert.ok(row.incorrectStep !== undefined && row.expandedSteps !== undefined && row.explanation !== undefined);
    assert.equal(rows<CorrectionRecord>(fx.dir, runId, 'corrections').length, stored);
  });

  it('correctMistake keeps a reply it cannot parse as unparseable, with the raw text and the reason', async () => {
    fx.fake.setScript('rambler', fixedText('Looks fine to me.'));
    const model = fx.model('rambler');
    const client = new LlmClient({ endpoint: { baseUrl: model.baseUrl, model: model.model, apiKey: KEY } });
    const row = await correctMistake({ path: mistake, prompt: { text: readFileSync(fx.prompt, 'utf8'), file: 'p' }, model, client, correctionIndex: 3 });
    assert.equal(row.outcome, 'unparseable');
    assert.equal(row.raw, 'Looks fine to me.');
    assert.ok(row.reason !== undefined && row.reason.length > 0);
    assert.equal(row.verified, false);
    assert.equal(row.correctionIndex, 3);
  });

  it('correctMistake refuses a prompt with errors before sending anything, naming file and line', async () => {
    const model = fx.model('corrector');
    const client = new LlmClient({ endpoint: { baseUrl: model.baseUrl, model: model.model, apiKey: KEY } });
    const sent = correctorRequests();
    const broken = readFileSync(join(__dirname, '../../fixtures/prompts/bad-numbering.fewshot.txt'), 'utf8');
    await assert.rejects(correctMistake({ path: mistake, prompt: { text: broken, file: 'bad.fewshot.txt' }, model, client, correctionIndex: 0 }), /bad\.fewshot\.txt:\d+/);
    assert.equal(correctorRequests(), sent);
  });
});
