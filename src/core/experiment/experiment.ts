/**
 * One LEMA experiment, start to end, resumable at every step: export the paper's two sets from a run
 * (CoT only; CoT + corrections; with `sizes: equal` gold CoT + corrections against gold CoT topped up
 * with augmented CoT to the same size), show the estimated
 * cost and ask, upload both and start both fine-tuning jobs, wait for them, evaluate the base model
 * and both fine-tuned models on the test set with the evaluate stage (one evaluation run each, so
 * their test mistakes are browsable), and write the report. The same options give the same
 * experiment id and folder, so an interrupted experiment resumes: the sets are not exported again,
 * no file is uploaded twice, no job is started twice, a stored evaluation is not asked again.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { exportFineTuningData, manifestPathFor, readManifest, type ExportContent, type ExportManifest } from '../export';
import { FineTuneClient } from '../finetune/client';
import { findJobByKey, type FineTuneRecord } from '../finetune/records';
import { checkTrainingFile, type TrainingFileSummary } from '../finetune/trainingFile';
import { createRun, runStages } from '../pipeline';
import { evaluationQuestionsFile } from '../pipeline/evaluate';
import { loadQuestions } from '../pipeline/questions';
import type { EvaluationQuestion, EvaluationRecord } from '../pipeline/records';
import { writeFileAtomic } from '../store/atomicWrite';
import { sha256File } from '../store/fileHash';
import { RUN_INFO_FILE, runDir, tableFile } from '../store/layout';
import { labelRun } from '../store/runLabel';
import { readTable } from '../store/tableReader';
import { SIGNIFICANCE_LEVEL } from '../stats/significance';
import { PASS_AT_1_METHOD } from '../stats/passAtK';
import { detectTask } from '../pipeline/createRun';
import { renderSolvePrompt, DEFAULT_MC_SOLVE_TEMPLATE, DEFAULT_SOLVE_TEMPLATE } from '../task/solvePrompt';
import { estimateExperiment } from './estimate';
import { experimentDir, experimentId, REPORT_JSON, REPORT_MD, SET_FILES } from './layout';
import { MAJORITY_METHOD, pairResults, PAIRS_METHOD, reportMarkdown, type QuestionOutcome } from './report';
import { writeTrainerFiles } from './trainerFiles';
import type { ExperimentEstimate, ExperimentOptions, ExperimentReport, ModelResult, ModelRoleInExperiment } from './types';

/** Thrown when the estimate was not confirmed: nothing was uploaded. */
export class ExperimentNotConfirmed extends Error {}

export interface ExperimentOutcome {
  id: string;
  dir: string;
  estimate: ExperimentEstimate;
  /** Absent with `exportOnly`. */
  report?: ExperimentReport;
  /** The trainer entries written (`trainerFiles`). */
  trainerFiles: string[];
}

/** The experiment's state, kept beside its sets (`experiment.json`) so the views can list experiments. */
export interface ExperimentState {
  id: string;
  runId: string;
  testSet: string;
  baseModel: string;
  baseUrl: string;
  sizes: string;
  phase: 'exported' | 'training' | 'evaluating' | 'done';
  jobs: Partial<Record<'cot' | 'lema', string>>;
  updatedAt: string;
}

const CONTENT: Readonly<Record<'cot' | 'lema', ExportContent>> = { cot: 'cot', lema: 'both' };

export async function runExperiment(o: ExperimentOptions): Promise<ExperimentOutcome> {
  const log = o.log ?? (() => undefined);
  const workspace = resolve(o.workspaceDir);
  const testSet = resolve(workspace, o.testSet);
  const shownTestSet = inWorkspace(workspace, testSet);
  const seed = o.seed ?? 0;
  const k = o.samplesPerQuestion ?? 4;
  const temperature = o.temperature ?? 0.7;
  const maxTokens = o.maxTokens ?? 1024;
  const testSetSha256 = await sha256File(testSet);
  const id = experimentId({ runId: o.runId, testSetSha256, baseModel: o.baseModel, baseUrl: o.baseUrl, sizes: o.sizes, seed, samplesPerQuestion: k, temperature, maxTokens, epochs: o.epochs ?? null, testLimit: o.testLimit ?? null });
  const dir = experimentDir(workspace, id);
  await mkdir(dir, { recursive: true });
  const state: ExperimentState = { id, runId: o.runId, testSet: shownTestSet, baseModel: o.baseModel, baseUrl: o.baseUrl, sizes: o.sizes, phase: 'exported', jobs: {}, updatedAt: '' };
  const saveState = async (): Promise<void> => {
    state.updatedAt = new Date().toISOString();
    await writeFileAtomic(join(dir, 'experiment.json'), `${JSON.stringify(state, null, 2)}\n`);
  };

  // 1. The two sets, exported once (a resume reads them back), never with a test question in them.
  const manifests = {} as Record<'cot' | 'lema', ExportManifest>;
  const summaries = {} as Record<'cot' | 'lema', TrainingFileSummary>;
  for (const set of ['lema', 'cot'] as const) {
    const output = join(dir, SET_FILES[set]);
    if (existsSync(output) && existsSync(manifestPathFor(output))) {
      manifests[set] = (await readManifest(manifestPathFor(output))).manifest;
    } else {
      const result = await exportFineTuningData({
        workspaceDir: workspace,
        output,
        overwrite: true,
        format: 'openai-chat',
        content: CONTENT[set],
        filters: { runs: [o.runId], verifiedOnly: true },
        seed,
        // Equal sizes (the paper's ablation): LEMA is the gold CoT and the corrections; CoT-only is the
        // same gold CoT topped up with augmented CoT to the LEMA set's size.
        ...(o.sizes !== 'equal' ? {} : set === 'lema' ? { sources: ['gold', 'correction'] as const } : { size: manifests.lema.examples, topUpFrom: 'augmented' as const }),
        testSets: [testSet],
        toolVersion: o.toolVersion,
      });
      manifests[set] = result.manifest;
      log(`experiment ${id}: wrote the ${set} set, ${result.manifest.examples} examples (${result.manifest.written.correction} corrections)`);
    }
    summaries[set] = await checkTrainingFile(output);
  }
  await saveState();
  const trainerFiles = o.trainerFiles === true
    ? await writeTrainerFiles(dir, (['cot', 'lema'] as const).map((s) => ({ name: s, file: SET_FILES[s], examples: manifests[s].examples })), id)
    : [];

  // 2. The estimate, before anything is uploaded.
  const client = new FineTuneClient(workspace, { baseUrl: o.baseUrl, ...(o.apiKey === undefined ? {} : { apiKey: o.apiKey }) }, { pollMs: o.pollMs ?? 10_000 });
  const specs = {} as Record<'cot' | 'lema', Parameters<FineTuneClient['ensureJob']>[0]>;
  const started = new Set<'cot' | 'lema'>();
  for (const set of ['cot', 'lema'] as const) {
    specs[set] = {
      baseModel: o.baseModel,
      trainingFile: join(dir, SET_FILES[set]),
      manifest: manifestPathFor(join(dir, SET_FILES[set])),
      suffix: `mb-${set}-${id.slice(4, 10)}`,
      seed,
      ...(o.epochs === undefined ? {} : { hyperparameters: { n_epochs: o.epochs } }),
      experiment: id,
      role: set,
    };
    const key = client.jobKey(specs[set], { path: '', sha256: summaries[set].sha256, fileId: '', examples: 0 }, undefined);
    if ((await findJobByKey(workspace, key)) !== undefined) started.add(set);
  }
  const task = await detectTask(testSet);
  const { questions } = await loadQuestions(workspace, testSet, task, o.testLimit, log);
  const template = task === 'mc' ? DEFAULT_MC_SOLVE_TEMPLATE : DEFAULT_SOLVE_TEMPLATE;
  let promptChars = 0;
  for (const q of questions) promptChars += renderSolvePrompt(template, q).length;
  const evaluated = new Set<ModelRoleInExperiment>();
  for (const role of ['base', 'cot', 'lema'] as const) if (await hasEvaluation(workspace, `${id}-${role}`)) evaluated.add(role);
  const estimate = estimateExperiment({
    experimentId: id,
    baseModel: o.baseModel,
    sets: { cot: summaries.cot, lema: summaries.lema },
    started,
    evaluated,
    epochs: o.epochs,
    test: { questions: questions.length, promptTokens: Math.ceil(promptChars / 4), samplesPerQuestion: k, maxTokens },
    prices: o.prices,
  });
  if (o.exportOnly === true) return { id, dir, estimate, trainerFiles };
  if (!(await o.confirm(estimate))) throw new ExperimentNotConfirmed(`experiment ${id} not started: its cost estimate was not confirmed, so nothing was uploaded`);

  // 3. Both jobs, started once, followed to the end. An abort stops the waiting; the jobs go on.
  const jobs = {} as Record<'cot' | 'lema', FineTuneRecord>;
  for (const set of ['cot', 'lema'] as const) {
    jobs[set] = await client.ensureJob(specs[set], o.signal);
    state.jobs[set] = jobs[set].jobId;
    log(`experiment ${id}: ${set} job ${jobs[set].jobId} ${started.has(set) ? 'resumed' : 'started'} (${jobs[set].status})`);
    o.onJob?.(jobs[set]);
  }
  state.phase = 'training';
  await saveState();
  // When one job fails, waiting for the other stops too (it keeps training; a rerun resumes it).
  const waiting = new AbortController();
  const stopWaiting = (): void => waiting.abort();
  o.signal?.addEventListener('abort', stopWaiting);
  const finished = await Promise.all(
    (['cot', 'lema'] as const).map((set) =>
      client.waitFor(jobs[set], {
        signal: waiting.signal,
        onUpdate: (r, events) => {
          for (const e of events) log(`experiment ${id}: ${set} job ${r.jobId}: ${e.message}`);
          o.onJob?.(r);
        },
      }),
    ),
  )
    .catch((e: unknown) => {
      waiting.abort();
      throw e;
    })
    .finally(() => o.signal?.removeEventListener('abort', stopWaiting));

  // 4. Evaluate the three models on the test set, one evaluation run each.
  state.phase = 'evaluating';
  await saveState();
  const [cotJob, lemaJob] = finished as [FineTuneRecord, FineTuneRecord];
  const models: Array<{ role: ModelRoleInExperiment; model: string; job?: FineTuneRecord }> = [
    { role: 'base', model: o.baseModel },
    { role: 'cot', model: cotJob.fineTunedModel ?? '', job: cotJob },
    { role: 'lema', model: lemaJob.fineTunedModel ?? '', job: lemaJob },
  ];
  const results: ModelResult[] = [];
  const verdicts = new Map<ModelRoleInExperiment, Map<string, QuestionOutcome>>();
  for (const m of models) {
    const evalRun = `${id}-${m.role}`;
    if (!existsSync(join(runDir(workspace, evalRun), RUN_INFO_FILE))) {
      await createRun({
        workspaceDir: workspace,
        datasetFile: testSet,
        reasoner: { baseUrl: o.baseUrl, model: m.model, api: 'chat', sampling: { temperature, maxTokens, seed } },
        samplesPerQuestion: k,
        ...(o.testLimit === undefined ? {} : { limit: o.testLimit }),
        runId: evalRun,
      });
      // Named for the Runs view: which experiment and which model's test samples it holds.
      await labelRun(workspace, evalRun, { name: `${id} · ${m.role} · test samples`, tags: ['experiment'] });
    }
    const outcome = await runStages(workspace, evalRun, ['evaluate'], { ...(o.apiKey === undefined ? {} : { apiKeys: { reasoner: o.apiKey } }), ...(o.signal === undefined ? {} : { signal: o.signal }), prices: o.prices, log });
    const stage = outcome.stages.evaluate;
    if (stage?.state !== 'done') throw new Error(`experiment ${id}: evaluating ${m.role} (${m.model}) ended ${stage?.state ?? 'without a result'}${stage?.message === undefined ? '' : `: ${stage.message}`}; run the same command again to resume`);
    const { row, perQuestion } = await readEvaluation(workspace, evalRun);
    verdicts.set(m.role, new Map(perQuestion.map((q) => [q.questionId, { majorityCorrect: q.majorityCorrect, passRate: q.samples.length > 0 ? q.right / q.samples.length : 0 }])));
    const manifest = m.role === 'base' ? undefined : manifests[m.role];
    results.push({
      role: m.role,
      model: m.model,
      trainingExamples: manifest?.examples ?? 0,
      correctionExamples: manifest?.written.correction ?? 0,
      runId: evalRun,
      questions: row.questions,
      samplesPerQuestion: row.samplesPerQuestion,
      passAt1: row.passAt1,
      passAt1Ci95: row.passAt1Ci95 ?? [0, 1],
      majority: row.majorityVote,
      majorityCi95: row.majorityVoteCi95 ?? [0, 1],
      ...(m.job === undefined ? {} : { jobId: m.job.jobId }),
    });
  }

  // 5. The report.
  const report: ExperimentReport = {
    id,
    runId: o.runId,
    testSet: shownTestSet,
    testSetSha256,
    baseModel: o.baseModel,
    baseUrl: o.baseUrl,
    sizes: o.sizes,
    seed,
    models: results,
    pairs: pairResults(verdicts),
    methods: { passAt1: PASS_AT_1_METHOD, majority: MAJORITY_METHOD, pairs: PAIRS_METHOD, level: SIGNIFICANCE_LEVEL },
    createdAt: new Date().toISOString(),
  };
  await writeFileAtomic(join(dir, REPORT_JSON), `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(join(dir, REPORT_MD), reportMarkdown(report));
  state.phase = 'done';
  await saveState();
  return { id, dir, estimate, report, trainerFiles };
}

/** Whether an evaluation run holds an evaluation already. */
async function hasEvaluation(workspace: string, runId: string): Promise<boolean> {
  const file = tableFile(runDir(workspace, runId), 'evaluations');
  if (!existsSync(file)) return false;
  for await (const _row of readTable<EvaluationRecord>(file, () => undefined)) return true;
  return false;
}

/** The last evaluation row of an evaluation run, with its questions. */
async function readEvaluation(workspace: string, runId: string): Promise<{ row: EvaluationRecord; perQuestion: EvaluationQuestion[] }> {
  const dir = runDir(workspace, runId);
  let row: EvaluationRecord | undefined;
  for await (const r of readTable<EvaluationRecord>(tableFile(dir, 'evaluations'), () => undefined)) row = r;
  if (row === undefined) throw new Error(`run ${runId} has no evaluation`);
  const text = await readFile(join(dir, row.questionsFile ?? evaluationQuestionsFile(row.id)), 'utf8');
  return { row, perQuestion: text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as EvaluationQuestion) };
}

/** A report written before, or undefined. */
export async function readReport(dir: string): Promise<ExperimentReport | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, REPORT_JSON), 'utf8')) as ExperimentReport;
  } catch {
    return undefined;
  }
}

function inWorkspace(workspace: string, file: string): string {
  const rel = relative(workspace, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
