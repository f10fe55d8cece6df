/**
 * Run LEMA Experiment… (issue 19): pick a run, a test set and a base model; the estimated cost of
 * training both sets and evaluating three models is shown in a modal before anything is uploaded;
 * then both jobs run with progress (Cancel stops waiting, the jobs go on, and running the command
 * again with the same choices resumes), the Fine-tunes section of the Runs view follows them, and the
 * report opens in the experiment view.
 */
import { relative } from 'node:path';
import * as vscode from 'vscode';
import { version } from '../../../package.json';
import { describeExperimentEstimate } from '../../core/experiment/estimate';
import { ExperimentNotConfirmed, readReport, runExperiment, type ExperimentOutcome } from '../../core/experiment/experiment';
import { experimentDir, experimentsDir } from '../../core/experiment/layout';
import type { ExperimentReport } from '../../core/experiment/types';
import { readdir } from 'node:fs/promises';
import { FineTuneClient } from '../../core/finetune/client';
import { listJobs, TERMINAL_STATUSES, type FineTuneRecord } from '../../core/finetune/records';
import type { ExperimentSizes } from '../../core/experiment/types';
import { runLabelOf } from '../../core/runs/runIndex';
import { listRuns } from '../../core/store/listRuns';
import { priceTable } from '../config';
import type { Context } from '../context';
import { keyFor } from './keys';
import { record } from './args';

/** Evaluation runs an experiment made are not runs to learn from. */
const EVALUATION_RUN = /^exp-[0-9a-f]{12}-(base|cot|lema)$/;

interface Choices {
  runId: string;
  testSet: string;
  baseModel: string;
}

/** Options a test or keybinding may pass: any choice given is not asked. */
function given(options: unknown): Partial<Choices> {
  const o = record(options);
  const out: Partial<Choices> = {};
  for (const k of ['runId', 'testSet', 'baseModel'] as const) if (typeof o[k] === 'string') out[k] = o[k];
  return out;
}

export async function runLemaExperiment(ctx: Context, options?: unknown): Promise<ExperimentOutcome | undefined> {
  const workspace = ctx.workspaceDir;
  if (workspace === undefined) throw new Error('Run LEMA Experiment needs a workspace folder (runs live in its .mistakebook folder).');
  const choices = await choose(workspace, given(options));
  if (choices === undefined) return undefined;
  const settings = ctx.settings();
  const config = vscode.workspace.getConfiguration('mistakebook');
  const baseUrl = config.get<string>('experiment.baseUrl', '').trim() || settings.reasoner.baseUrl;
  const key = await keyFor(ctx, baseUrl, 'reasoner');
  if (key === null) return undefined;
  const sizes: ExperimentSizes = config.get<string>('experiment.sizes', 'all') === 'equal' ? 'equal' : 'all';
  const samples = Math.max(1, config.get<number>('experiment.samplesPerQuestion', 4));
  const pollMs = Math.max(100, 1000 * config.get<number>('experiment.pollSeconds', 10));
  const log = (line: string): void => ctx.output.log(line);

  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'LEMA experiment', cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    try {
      const outcome = await runExperiment({
        workspaceDir: workspace,
        runId: choices.runId,
        testSet: choices.testSet,
        baseModel: choices.baseModel,
        baseUrl,
        ...(key === undefined ? {} : { apiKey: key }),
        sizes,
        samplesPerQuestion: samples,
        prices: priceTable(settings),
        toolVersion: version,
        pollMs,
        trainerFiles: config.get<boolean>('experiment.trainerFiles', false),
        signal: controller.signal,
        confirm: async (estimate) => {
          const text = describeExperimentEstimate(estimate, choices.baseModel);
          log(text);
          progress.report({ message: 'waiting for your confirmation of the estimate' });
          const choice = await vscode.window.showWarningMessage(
            `Mistakebook: fine-tune ${choices.baseModel} on ${estimate.examples.cot} CoT-only and ${estimate.examples.lema} LEMA examples, then evaluate three models — estimated cost ≈ $${estimate.totalUsd.toFixed(2)}${estimate.unpriced.length > 0 ? ' (some without a price)' : ''}. Start?`,
            { modal: true, detail: `${text}\n\nPrices: mistakebook.prices (training and fine-tuned prices per model). Nothing is uploaded before you start.` },
            'Start Fine-Tuning',
          );
          return choice === 'Start Fine-Tuning';
        },
        log: (line) => {
          log(line);
          progress.report({ message: line.replace(/^experiment exp-[0-9a-f]+: /, '') });
        },
        // The Fine-tunes section follows the job files itself; the Runs view is refreshed once at the end.
      });
      ctx.runsChanged();
      if (outcome.report !== undefined) ctx.experimentView.show(outcome.dir);
      return outcome;
    } catch (e) {
      if (e instanceof ExperimentNotConfirmed) {
        log(e.message);
        return undefined;
      }
      if (controller.signal.aborted) {
        void vscode.window.showInformationMessage('Mistakebook: stopped waiting. The fine-tuning jobs keep running; run the experiment again with the same choices to resume.');
        return undefined;
      }
      throw e;
    } finally {
      ctx.runs.refresh();
    }
  });
}

async function choose(workspace: string, preset: Partial<Choices>): Promise<Choices | undefined> {
  let runId = preset.runId;
  if (runId === undefined) {
    const runs = (await listRuns(workspace)).filter((r) => r.info !== undefined && !EVALUATION_RUN.test(r.id) && (r.counts.corrections ?? 0) > 0);
    if (runs.length === 0) throw new Error('No run with corrections to learn from: sample reasoning paths and generate corrections first.');
    const picked = await vscode.window.showQuickPick(
      runs.map((r) => ({ label: r.info === undefined ? r.id : runLabelOf(r.id, r.info), description: `${r.counts.paths ?? 0} paths · ${r.counts.corrections ?? 0} corrections`, detail: r.id, runId: r.id })),
      { title: 'LEMA experiment (1/3): the run to learn from', ignoreFocusOut: true },
    );
    if (picked === undefined) return undefined;
    runId = picked.runId;
  }
  let testSet = preset.testSet;
  if (testSet === undefined) {
    const files = await vscode.workspace.findFiles('**/*.{jsonl,json}', '{**/node_modules/**,**/.mistakebook/**,**/*.manifest.json}', 500);
    const items = files.map((f) => ({ label: relative(workspace, f.fsPath), path: f.fsPath })).sort((a, b) => a.label.localeCompare(b.label));
    const browse = { label: 'Browse…', path: '' };
    const picked = await vscode.window.showQuickPick([...items, browse], { title: 'LEMA experiment (2/3): the test set (none of its questions may be in the training data)', ignoreFocusOut: true });
    if (picked === undefined) return undefined;
    if (picked === browse) {
      const uri = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Datasets: ['jsonl', 'json'] } });
      if (uri?.[0] === undefined) return undefined;
      testSet = uri[0].fsPath;
    } else {
      testSet = picked.path;
    }
  }
  let baseModel = preset.baseModel;
  if (baseModel === undefined) {
    baseModel = await vscode.window.showInputBox({
      title: 'LEMA experiment (3/3): the base model to fine-tune',
      value: vscode.workspace.getConfiguration('mistakebook').get<string>('experiment.baseModel', 'gpt-4o-mini-2024-07-18'),
      prompt: 'A model the engine can fine-tune; the same model is evaluated as the base.',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'Give a model name.' : undefined),
    });
    if (baseModel === undefined) return undefined;
    baseModel = baseModel.trim();
  }
  return { runId, testSet, baseModel };
}

/**
 * Cancel Fine-Tuning Job (the Fine-tunes section's stop button, or pick from the palette): asks the
 * engine to cancel a job that has not ended, and records its new state.
 */
export async function cancelFineTune(ctx: Context, node?: unknown): Promise<FineTuneRecord | undefined> {
  const workspace = ctx.workspaceDir;
  if (workspace === undefined) return undefined;
  const clicked = record(record(node)['record']);
  const running = (await listJobs(workspace)).filter((r) => !TERMINAL_STATUSES.has(r.status));
  let job = running.find((r) => r.jobId === clicked['jobId']);
  if (job === undefined) {
    if (running.length === 0) {
      void vscode.window.showInformationMessage('Mistakebook: no fine-tuning job of this workspace is running.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      running.map((r) => ({ label: `${r.role ?? r.baseModel} · ${r.jobId}`, description: r.status, job: r })),
      { title: 'Cancel which fine-tuning job?' },
    );
    if (picked === undefined) return undefined;
    job = picked.job;
  }
  const key = await keyFor(ctx, job.baseUrl, 'reasoner');
  if (key === null) return undefined;
  const cancelled = await new FineTuneClient(workspace, { baseUrl: job.baseUrl, ...(key === undefined ? {} : { apiKey: key }) }).cancel(job);
  ctx.output.log(`fine-tuning job ${cancelled.jobId}: ${cancelled.status}`);
  ctx.runs.refresh();
  return cancelled;
}

/** Show LEMA Experiment Report…: an experiment's report again (after a reload, or from another terminal), by id or picked. */
export async function showExperimentReport(ctx: Context, id?: unknown): Promise<ExperimentReport | undefined> {
  const workspace = ctx.workspaceDir;
  if (workspace === undefined) return undefined;
  const reports: ExperimentReport[] = [];
  for (const name of await readdir(experimentsDir(workspace)).catch(() => [] as string[])) {
    const report = await readReport(experimentDir(workspace, name));
    if (report !== undefined) reports.push(report);
  }
  let chosen = reports.find((r) => r.id === id);
  if (chosen === undefined) {
    if (reports.length === 0) {
      void vscode.window.showInformationMessage('Mistakebook: no LEMA experiment has a report yet; run one with Run LEMA Experiment….');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      reports.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((r) => ({ label: r.id, description: `${r.runId} · ${r.baseModel} · ${r.testSet}`, detail: r.createdAt, report: r })),
      { title: 'Show which LEMA experiment?' },
    );
    chosen = picked?.report;
  }
  if (chosen !== undefined) ctx.experimentView.show(experimentDir(workspace, chosen.id));
  return chosen;
}
