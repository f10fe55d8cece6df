/**
 * Issue 8, faults through the pipeline: the sample and correct stages run against test/fake-openai
 * while it injects every fault it knows and the corrector answers in the wrong format. Each stage
 * finishes; every item ends as a stored record or as a classified row of errors.jsonl, never both,
 * never twice; and a second run without faults fills exactly the gaps, asking nothing again.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRun, runStages, type CorrectionRecord, type ErrorRecord, type PathRecord } from '../../src/core/pipeline';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { cachedBodies } from './cachedBodies';

const QUESTIONS = 1500;
const ROOT = join(__dirname, '../..');
const KINDS = ['rate_limit', 'server', 'timeout', 'network', 'malformed_response'];

function rows<R>(file: string): R[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as R);
}

function assertUnique(ids: readonly string[], what: string): void {
  assert.equal(new Set(ids).size, ids.length, `duplicate ${what}`);
}

describe('hardening: faults through the pipeline (sample and correct stages)', function () {
  this.timeout(180_000);
  let fake: FakeOpenAI;
  let workspace: string;
  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-faults-'));
    mkdirSync(join(workspace, 'datasets'));
    mkdirSync(join(workspace, 'prompts'));
    const entries = Array.from({ length: QUESTIONS }, (_, i) => {
      const a = 3 + (i % 97);
      const b = 5 + Math.floor(i / 97);
      return { question: `Question ${i}: Ana has ${a} pens and buys ${b} more. How many pens does she have?`, goldAnswer: String(a + b), a, b };
    });
    writeFileSync(
      join(workspace, 'datasets/train.jsonl'),
      entries.map((e) => JSON.stringify({ question: e.question, answer: `${e.a} + ${e.b} = ${e.goldAnswer}\n#### ${e.goldAnswer}` })).join('\n') + '\n',
    );
    copyFileSync(join(ROOT, 'test/fixtures/prompts/steps-lf.fewshot.txt'), join(workspace, 'prompts/p.fewshot.txt'));
    fake = await startFakeOpenAI({
      answerKey: entries.map(({ question, goldAnswer }) => ({ question, goldAnswer })),
      reasoner: { wrongRate: 0.5 },
      corrector: { unparseableRate: 0.3 },
    });
  });
  after(async () => {
    await fake.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('finishes each stage with every item stored or classified, then fills the gaps on a rerun', async () => {
    const model = (name: string) => ({ baseUrl: fake.url, model: name, api: 'chat' as const, sampling: { temperature: 0.7, maxTokens: 256 }, maxConcurrency: 16, timeoutMs: 1000 });
    const runId = await createRun({
      workspaceDir: workspace,
      datasetFile: 'datasets/train.jsonl',
      reasoner: model('reasoner'),
      corrector: model('corrector'),
      samplesPerQuestion: 1,
      promptFile: 'prompts/p.fewshot.txt',
    });
    const dir = join(workspace, '.mistakebook/runs', runId);
    const options = { apiKeys: { reasoner: fake.apiKey, corrector: fake.apiKey }, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 1000, rateLimitBudgetMs: 0 }, log: (): void => undefined };
    const rules = [
      fake.injectFault({ kind: 'rate_limit', retryAfterSeconds: 1, retryAfterMs: 2 }, { every: 7 }),
      fake.injectFault({ kind: 'server_error' }, { every: 11 }),
      fake.injectFault({ kind: 'unavailable' }, { every: 13 }),
      fake.injectFault({ kind: 'reset' }, { every: 17 }),
      fake.injectFault({ kind: 'truncated' }, { every: 19 }),
      fake.injectFault({ kind: 'non_json' }, { every: 23 }),
      fake.injectFault({ kind: 'hang' }, { every: 151 }),
    ];

    // 1. Under faults.
    const first = await runStages(workspace, runId, ['sample', 'correct'], options);
    const paths = rows<PathRecord>(join(dir, 'paths.jsonl'));
    const errors = rows<ErrorRecord>(join(dir, 'errors.jsonl'));
    assertUnique(paths.map((p) => p.id), 'path ids');
    assertUnique(paths.map((p) => p.questionId), 'paths for one question');
    const sampleErrors = errors.filter((e) => e.stage === 'sample');
    const stored = new Set(paths.map((p) => p.questionId));
    const failed = new Set(sampleErrors.map((e) => e.itemId));
    assertUnique(sampleErrors.map((e) => e.itemId), 'error rows for one question');
    for (const q of failed) assert.ok(!stored.has(q), `question ${q} both stored and failed`);
    assert.equal(stored.size + failed.size, QUESTIONS, 'sample: questions lost');
    for (const e of errors) {
      assert.ok(KINDS.includes(e.kind), `unclassified or unexpected failure ${e.kind}: ${e.message}`);
      assert.match(e.message, new RegExp(`^${e.kind}: .*\\(POST .*after 3 attempts\\)`));
    }
    assert.ok(failed.size > 0, 'no sample request failed for good; the faults proved nothing');
    assert.equal(first.stages.sample?.state, 'failed');
    assert.equal(first.stages.sample?.errors, failed.size);
    assert.equal(first.stages.sample?.done, stored.size);

    const mistakes = paths.filter((p) => !p.correct);
    const corrections = rows<CorrectionRecord>(join(dir, 'corrections.jsonl'));
    const correctErrors = errors.filter((e) => e.stage === 'correct');
    assertUnique(corrections.map((c) => c.id), 'correction ids');
    const corrected = new Set(corrections.map((c) => c.pathId));
    const correctFailed = new Set(correctErrors.map((e) => e.itemId));
    assert.equal(corrected.size, corrections.length);
    for (const p of correctFailed) assert.ok(!corrected.has(p), `mistake ${p} both corrected and failed`);
    assert.equal(corrected.size + correctFailed.size, mistakes.length, 'correct: mistakes lost');
    const unparseable = corrections.filter((c) => c.outcome === 'unparseable');
    assert.ok(unparseable.length > 0, 'the corrector never answered in the wrong format');
    for (const c of unparseable) assert.ok(c.raw.length > 0 && (c.reason ?? '').length > 0 && c.verified === false);
    assert.ok(first.stages.correct !== undefined && ['done', 'failed'].includes(first.stages.correct.state));
    assert.equal(first.stages.correct.errors, correctFailed.size);

    // 2. The same stages again, faults off: only the gaps are asked for, and everything ends stored.
    for (const r of rules) r.active = false;
    // Paid for = in the response cache (a 200 the client gave up on before it arrived was not).
    const answeredBodies = cachedBodies(join(workspace, '.mistakebook/cache'));
    assert.ok(answeredBodies.size >= stored.size + corrected.size, 'the response cache holds fewer answers than the tables');
    const before = fake.requests.length;
    const second = await runStages(workspace, runId, ['sample', 'correct'], options);
    const again = fake.requests.slice(before);
    const repeated = again.filter((r) => answeredBodies.has(r.bodyHash)).length;
    assert.equal(repeated, 0, `${repeated} requests asked again although their answers were stored`);
    assert.equal(second.stages.sample?.state, 'done');
    assert.equal(second.stages.correct?.state, 'done');
    const finalPaths = rows<PathRecord>(join(dir, 'paths.jsonl'));
    assertUnique(finalPaths.map((p) => p.id), 'path ids after the rerun');
    assert.equal(finalPaths.length, QUESTIONS);
    const finalMistakes = finalPaths.filter((p) => !p.correct);
    const finalCorrections = rows<CorrectionRecord>(join(dir, 'corrections.jsonl'));
    assertUnique(finalCorrections.map((c) => c.id), 'correction ids after the rerun');
    assert.equal(finalCorrections.length, finalMistakes.length);
    const attemptsOfRun1 = before;
    console.log(
      `      ${QUESTIONS} questions: run 1 made ${attemptsOfRun1} attempts (${fake.requests.slice(0, before).filter((r) => r.fault !== undefined).length} faulted); ` +
        `sample ${stored.size} stored + ${failed.size} errors, correct ${corrected.size} stored (${unparseable.length} unparseable) + ${correctFailed.size} errors ` +
        `[${KINDS.map((k) => `${k} ${errors.filter((e) => e.kind === k).length}`).join(', ')}]; ` +
        `rerun: ${again.length} requests, ${repeated} repeated; final ${finalPaths.length} paths, ${finalCorrections.length} corrections, 0 duplicates`,
    );
  });
});
