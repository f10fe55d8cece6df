/**
 * Issue 19, the experiment end to end in the engine, on a copy of the sample run against the fake
 * server's fine-tuning engine: the two sets, the estimate asked first (a no uploads nothing), both
 * jobs, three evaluations, the report with base < CoT-only < LEMA and McNemar on the same questions,
 * and a rerun that resumes without a second upload, job or model request.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExperimentNotConfirmed, runExperiment } from '../../../src/core/experiment/experiment';
import type { ExperimentEstimate, ExperimentOptions, ExperimentReport } from '../../../src/core/experiment/types';
import { listJobs } from '../../../src/core/finetune/records';
import { DEFAULT_PRICES } from '../../../src/core/llm/usage';
import type { EvaluationQuestion } from '../../../src/core/pipeline';
import { mcnemarExactP } from '../../../src/core/stats/significance';
import { loadAnswerKeys } from '../../fake-openai/answer-key';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import { projectRoot } from '../../support/tools';

describe('LEMA experiment on the sample run (issue 19)', function () {
  this.timeout(60_000);
  let fake: FakeOpenAI;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mistakebook-experiment-'));
    cpSync(join(projectRoot, 'samples'), dir, { recursive: true });
    fake = await startFakeOpenAI({ requireKey: false, fineTuning: { stepMs: 15 }, answerKey: await loadAnswerKeys([join(dir, 'datasets/gsm8k-sample.jsonl'), join(dir, 'datasets/gsm8k-sample-test.jsonl')]) });
  });
  after(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = (confirm: ExperimentOptions['confirm'], extra: Partial<ExperimentOptions> = {}): ExperimentOptions => ({
    workspaceDir: dir,
    runId: 'sample-run',
    testSet: 'datasets/gsm8k-sample-test.jsonl',
    baseModel: 'reasoner',
    baseUrl: fake.url,
    sizes: 'all',
    prices: { ...DEFAULT_PRICES, reasoner: { inputPerMillion: 0.15, outputPerMillion: 0.6, trainingPerMillion: 3, fineTunedInputPerMillion: 0.3, fineTunedOutputPerMillion: 1.2 } },
    toolVersion: 'test',
    pollMs: 10,
    confirm,
    ...extra,
  });

  it('asks first with the estimate, and a no uploads nothing', async () => {
    let asked: ExperimentEstimate | undefined;
    await assert.rejects(
      runExperiment(options((e) => ((asked = e), false))),
      ExperimentNotConfirmed,
    );
    assert.ok(asked);
    assert.deepEqual(asked.examples, { cot: 12, lema: 26 });
    assert.equal(asked.lines.length, 5);
    assert.ok(asked.totalUsd > 0);
    // Training: the LEMA set's tokens × 3 epochs at $3 per 1M.
    const lema = asked.lines[1];
    assert.ok(lema && lema.costUsd !== undefined && Math.abs(lema.costUsd - (lema.tokens * 3) / 1e6) < 1e-12);
    assert.equal(fake.requests.length, 0, 'nothing was uploaded or asked');
  });

  it('exports both sets with trainer entries and stops when asked to export only', async () => {
    const outcome = await runExperiment(options(() => assert.fail('export only asks nothing'), { exportOnly: true, trainerFiles: true }));
    assert.equal(fake.requests.length, 0);
    const info = JSON.parse(readFileSync(join(outcome.dir, 'dataset_info.json'), 'utf8')) as Record<string, { file_name: string; formatting: string }>;
    assert.deepEqual(Object.keys(info), ['mistakebook_cot', 'mistakebook_lema']);
    assert.equal(info['mistakebook_lema']?.file_name, 'lema.jsonl');
    assert.equal(info['mistakebook_lema']?.formatting, 'sharegpt');
    assert.match(readFileSync(join(outcome.dir, 'axolotl-cot.yml'), 'utf8'), /path: \.\/cot\.jsonl\n {4}ds_type: json\n {4}type: chat_template/);
    assert.equal(readFileSync(join(outcome.dir, 'cot.jsonl'), 'utf8').trim().split('\n').length, 12);
    assert.equal(readFileSync(join(outcome.dir, 'lema.jsonl'), 'utf8').trim().split('\n').length, 26);
  });

  let report: ExperimentReport;
  it('fine-tunes twice, evaluates three models and reports base < CoT-only < LEMA with a paired test', async () => {
    const outcome = await runExperiment(options(() => true));
    report = outcome.report as ExperimentReport;
    assert.deepEqual(report.models.map((m) => m.role), ['base', 'cot', 'lema']);
    const [base, cot, lema] = report.models;
    assert.ok(base && cot && lema);
    assert.equal(base.model, 'reasoner');
    assert.match(cot.model, /^ft:reasoner:fake-org:mb-cot-/);
    assert.deepEqual([base.trainingExamples, cot.trainingExamples, lema.trainingExamples], [0, 12, 26]);
    assert.equal(lema.correctionExamples, 14);
    assert.ok(base.passAt1 < cot.passAt1 && cot.passAt1 < lema.passAt1, `pass@1 ${base.passAt1} < ${cot.passAt1} < ${lema.passAt1}`);
    for (const m of report.models) {
      assert.equal(m.questions, 20);
      assert.equal(m.samplesPerQuestion, 4);
      assert.ok(m.passAt1Ci95[0] <= m.passAt1 && m.passAt1 <= m.passAt1Ci95[1]);
    }
    // The paired test, recounted from the evaluation runs' question files.
    const verdicts = (runId: string): Map<string, boolean> => {
      const runDir = join(dir, '.mistakebook/runs', runId);
      const file = readFileSync(join(runDir, 'evaluations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { questionsFile: string })[0]?.questionsFile ?? '';
      return new Map(readFileSync(join(runDir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EvaluationQuestion).map((q) => [q.questionId, q.majorityCorrect]));
    };
    const c = verdicts(cot.runId);
    const l = verdicts(lema.runId);
    let onlyCot = 0;
    let onlyLema = 0;
    for (const [q, right] of c) {
      if (right && l.get(q) === false) onlyCot++;
      if (!right && l.get(q) === true) onlyLema++;
    }
    const pair = report.pairs.find((p) => p.a === 'cot' && p.b === 'lema');
    assert.deepEqual(pair && { onlyA: pair.onlyA, onlyB: pair.onlyB, p: pair.mcnemarP }, { onlyA: onlyCot, onlyB: onlyLema, p: mcnemarExactP(onlyCot, onlyLema) });
    // The evaluation runs keep the test samples as paths, to browse their mistakes.
    assert.equal(readFileSync(join(dir, '.mistakebook/runs', base.runId, 'paths.jsonl'), 'utf8').trim().split('\n').length, 80);
    const json = JSON.parse(readFileSync(join(outcome.dir, 'report.json'), 'utf8')) as ExperimentReport;
    assert.deepEqual(json.models.map((m) => Object.keys(m).filter((k) => ['role', 'model', 'trainingExamples', 'passAt1', 'passAt1Ci95', 'majority'].includes(k)).length), [6, 6, 6]);
    assert.ok(json.pairs.every((p) => 'a' in p && 'b' in p && 'mcnemarP' in p));
    assert.match(readFileSync(join(outcome.dir, 'report.md'), 'utf8'), /\| LEMA \| `ft:reasoner:fake-org:mb-lema-/);
    const jobs = await listJobs(dir);
    assert.deepEqual(jobs.map((j) => j.status), ['succeeded', 'succeeded']);
    assert.ok(jobs.every((j) => j.experiment === outcome.id && j.trainingFile.manifest?.endsWith('.manifest.json')));
  });

  it('the same command again resumes: no upload, no job, no model request, the same numbers', async () => {
    const before = fake.requests.length;
    let asked: ExperimentEstimate | undefined;
    const again = await runExperiment(options((e) => ((asked = e), true)));
    assert.deepEqual(asked?.lines.map((l) => l.costUsd), [0, 0, 0, 0, 0], 'jobs started and models evaluated before cost nothing more');
    assert.equal(asked?.totalUsd, 0);
    const newRequests = fake.requests.slice(before);
    assert.equal(newRequests.filter((r) => r.method === 'POST').length, 0, newRequests.map((r) => `${r.method} ${r.path}`).join(', '));
    assert.deepEqual(again.report?.models.map((m) => m.passAt1), report.models.map((m) => m.passAt1));
    assert.equal(fake.fineTuning.jobs.size, 2);
    assert.equal(fake.fineTuning.files.size, 2);
    assert.ok(existsSync(join(again.dir, 'experiment.json')));
  });

  it('with equal sizes tops the CoT set up with augmented CoT to the LEMA size, and says what is missing when it cannot', async () => {
    const other = mkdtempSync(join(tmpdir(), 'mistakebook-experiment-equal-'));
    try {
      cpSync(join(projectRoot, 'samples'), other, { recursive: true });
      const equal = (): Promise<unknown> => runExperiment({ ...options(() => assert.fail('export only asks nothing'), { exportOnly: true, sizes: 'equal' }), workspaceDir: other });
      // The sample run has 12 gold solutions and no augmented paths: nothing to top 12 CoT examples up to 26 with.
      await assert.rejects(equal(), /asked for 26 examples: 12 kept and 14 augmented ones to fill up, but the filters leave only 0 augmented examples; sample more paths \(Augment CoT\)/);
      rmSync(join(other, '.mistakebook/experiments'), { recursive: true, force: true });
      // Correct paths written as M_c would have in the augment stage (each reworded, so none is a duplicate of a gold solution).
      const runDir = join(other, '.mistakebook/runs/sample-run');
      const right = readFileSync(join(runDir, 'paths.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; steps: string[]; completion: string; correct: boolean; sampleIndex: number; model: string }).filter((p) => p.correct);
      const augmented = right.map((p) => {
        const steps = [`Attempt ${p.sampleIndex + 1}: reading the problem again.`, ...p.steps];
        return JSON.stringify({ ...p, id: `aug-${p.id}`, model: 'scripted-demo-corrector', steps, completion: steps.join('\n') });
      });
      writeFileSync(join(runDir, 'augmented.jsonl'), `${augmented.join('\n')}\n`);
      const outcome = (await equal()) as { dir: string };
      type Manifest = { examples: number; written: Record<string, number>; only: unknown };
      const manifest = (set: string): Manifest => JSON.parse(readFileSync(join(outcome.dir, `${set}.jsonl.manifest.json`), 'utf8')) as Manifest;
      const [lema, cot] = [manifest('lema'), manifest('cot')];
      // LEMA: the 12 gold solutions and the 14 corrections; CoT-only: the same 12 and 14 augmented paths.
      assert.deepEqual(lema.written, { gold: 12, augmented: 0, correction: 14 });
      assert.deepEqual(cot.written, { gold: 12, augmented: 14, correction: 0 });
      assert.deepEqual(lema.only, { sources: ['gold', 'correction'], topUpFrom: null });
      assert.deepEqual(cot.only, { sources: ['gold', 'augmented'], topUpFrom: 'augmented' });
      const gold = (file: string): string[] => readFileSync(join(outcome.dir, file), 'utf8').trim().split('\n').filter((l) => !l.includes('Attempt ') && !l.includes('Incorrect Step')).sort();
      assert.deepEqual(gold('cot.jsonl'), gold('lema.jsonl'), 'both sets hold the same gold CoT');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
