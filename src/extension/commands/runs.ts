import * as vscode from 'vscode';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createRun, PIPELINE_STAGES, runStages, type PipelineStage, type ProgressEvent, type RunConfig, type RunOptions, type StageResult } from '../../core/pipeline';
import type { RunSummary } from '../../core/store/listRuns';
import { datasetKey, runLabelOf } from '../../core/runs/runIndex';
import { runDir } from '../../core/store/layout';
import { describeProgress } from '../activity';
import { modelConfig, priceTable, readSettings } from '../config';
import type { Context } from '../context';
import type { DatasetNode, DatasetsTreeNode } from '../views/datasetsView';
import type { RunsTreeNode } from '../views/runsView';
import { treeTargets } from './args';
import { Commands } from './ids';
import { confirmCost } from './costGuard';
import { keysForModels } from './keys';
import { finishedTwin, twinChoice, type SameRunChoice } from './twinRun';

export type { SameRunChoice };
import { announceStageEnd } from './stageEnd';

/** What a run command may be invoked on: tree items (with the multi-selection), a dataset Uri, or a run id. */
export type RunTarget = DatasetsTreeNode | RunsTreeNode | vscode.Uri | string;

const STAGE_TITLES: Record<PipelineStage, string> = {
  sample: 'Sampling reasoning paths',
  correct: 'Generating corrections',
  augment: 'Augmenting CoT data',
  evaluate: 'Evaluating',
  critique: 'Critiquing solutions',
  classify: 'Classifying error types',
};

/** Mistakebook: Sample Reasoning Paths — creates a run per chosen dataset and samples M_r's paths. Returns the run ids. */
export async function sampleReasoningPaths(ctx: Context, target?: RunTarget, selection?: readonly RunTarget[], options: { sameRun?: SameRunChoice } = {}): Promise<string[]> {
  const workspaceDir = runsFolderOf(ctx);
  if (workspaceDir === undefined) return [];
  const datasets = await chooseDatasets(ctx, targets(ctx, target, selection));
  const runIds: string[] = [];
  for (const dataset of datasets) {
    // Solutions to judge, not questions to solve: said before a run is made for nothing.
    if (dataset.format?.format === 'processbench') {
      throw new Error(`${vscode.workspace.asRelativePath(dataset.uri)} holds solutions in ProcessBench's layout, not questions to solve: use Mistakebook: Critique Solutions (First Wrong Step)… to have the corrector name each solution's first wrong step.`);
    }
    const config = await runConfig(workspaceDir, dataset);
    if (config === undefined) return runIds;
    const runId = await create(ctx, config);
    if (runId === undefined) return runIds;
    const twin = await finishedTwin(ctx, runId);
    if (twin !== undefined) {
      const choice = await twinChoice(ctx, twin, options.sameRun ?? 'ask');
      if (choice !== 'new') {
        // The new run holds nothing but its run.json yet: it goes, and the earlier run is shown.
        await rm(runDir(workspaceDir, runId), { recursive: true, force: true });
        ctx.runsChanged();
        if (choice === 'existing') {
          runIds.push(twin.id);
          void vscode.commands.executeCommand(Commands.showMistake, twin.id);
        }
        continue;
      }
    }
    runIds.push(runId);
    if (!(await execute(ctx, workspaceDir, runId, ['sample']))) break;
  }
  return runIds;
}

/** Mistakebook: Generate Corrections — M_c corrects the mistakes of a run (and verifies them). */
export function generateCorrections(ctx: Context, target?: RunTarget, selection?: readonly RunTarget[]): Promise<string[]> {
  return continueRuns(ctx, ['correct'], targets(ctx, target, selection), (r) => r.info?.stages.sample?.state === 'done', 'runs whose paths are sampled');
}

/** Mistakebook: Augment CoT Data — M_c samples more reasoning paths; the correct ones are kept. */
export function augmentCotData(ctx: Context, target?: RunTarget, selection?: readonly RunTarget[]): Promise<string[]> {
  return continueRuns(ctx, ['augment'], targets(ctx, target, selection), (r) => r.info?.models.corrector !== undefined, 'runs with a corrector model');
}

/** Mistakebook: Evaluate Model — pass@1 and majority vote of the reasoner on a dataset (a new run). */
export async function evaluateModel(ctx: Context, target?: RunTarget, selection?: readonly RunTarget[]): Promise<string[]> {
  const workspaceDir = runsFolderOf(ctx);
  if (workspaceDir === undefined) return [];
  const [dataset] = await chooseDatasets(ctx, targets(ctx, target, selection), 'Evaluate the reasoner on which test set?');
  if (dataset === undefined) return [];
  const config = await runConfig(workspaceDir, dataset, { withPrompt: false });
  if (config === undefined) return [];
  const runId = await create(ctx, config);
  if (runId === undefined) return [];
  await execute(ctx, workspaceDir, runId, ['evaluate']);
  return [runId];
}

/**
 * Mistakebook: Critique Solutions (First Wrong Step)… — a new run over a dataset in ProcessBench's
 * layout: nothing is sampled; M_c, with the chosen few-shot prompt, names each given solution's first
 * wrong step (or none), and the statistics score it as a critic.
 */
export async function critiqueSolutions(ctx: Context, target?: RunTarget, selection?: readonly RunTarget[]): Promise<string[]> {
  const workspaceDir = runsFolderOf(ctx);
  if (workspaceDir === undefined) return [];
  const [dataset] = await chooseDatasets(ctx, targets(ctx, target, selection), 'Critique the solutions of which dataset (ProcessBench layout)?');
  if (dataset === undefined) return [];
  if (dataset.format !== undefined && dataset.format.format !== 'processbench') {
    throw new Error(`${vscode.workspace.asRelativePath(dataset.uri)} is a ${dataset.format.format} dataset; Critique Solutions needs solutions in ProcessBench's layout (id, problem, steps, label). Use Sample Reasoning Paths and Generate Corrections for it.`);
  }
  const config = await runConfig(workspaceDir, dataset);
  if (config === undefined) return [];
  const runId = await create(ctx, config);
  if (runId === undefined) return [];
  await execute(ctx, workspaceDir, runId, ['critique']);
  return [runId];
}

/** Mistakebook: Classify Error Types with the Corrector — each parsed correction's error filed under a type (cached; a type set by hand wins). */
export function classifyErrorTypes(ctx: Context, target?: RunTarget, selection?: readonly RunTarget[]): Promise<string[]> {
  return continueRuns(ctx, ['classify'], targets(ctx, target, selection), (r) => (r.counts.corrections ?? 0) > 0 && r.info?.models.corrector !== undefined, 'runs with corrections');
}

/** Mistakebook: Resume Run — the stages of a run that did not finish, from where they stopped. */
export async function resumeRun(ctx: Context, target?: RunTarget, selection?: readonly RunTarget[]): Promise<string[]> {
  const workspaceDir = runsFolderOf(ctx);
  if (workspaceDir === undefined) return [];
  const resumable = (r: RunSummary): boolean => ['interrupted', 'cancelled', 'failed', 'pending'].includes(r.status) && ctx.activity.get(r.id) === undefined;
  const runs = await chooseRuns(ctx, targets(ctx, target, selection), resumable, 'runs that stopped before finishing');
  const resumed: string[] = [];
  for (const run of runs) {
    const started = PIPELINE_STAGES.filter((s) => run.info?.stages[s] !== undefined);
    // A run cancelled before its first stage began has none recorded: it starts with sampling.
    const stages = started.length === 0 ? ['sample' as const] : started.filter((s) => run.info?.stages[s]?.state !== 'done');
    if (stages.length === 0) continue;
    resumed.push(run.id);
    if (!(await execute(ctx, workspaceDir, run.id, stages))) break;
  }
  return resumed;
}

/** Mistakebook: Cancel Run — stops a run this window is working on; what is stored stays, and Resume Run goes on from there. */
export async function cancelRun(ctx: Context, target?: RunTarget): Promise<boolean> {
  let runId = typeof target === 'string' ? target : target !== undefined && !(target instanceof vscode.Uri) && target.kind === 'run' ? target.run.id : undefined;
  if (runId === undefined) {
    const active = ctx.activity.runIds;
    if (active.length === 0) {
      void vscode.window.showInformationMessage('Mistakebook: no run is running in this window.');
      return false;
    }
    runId = active.length === 1 ? active[0] : await vscode.window.showQuickPick(active, { title: 'Cancel which run?' });
  }
  if (runId === undefined) return false;
  if (ctx.activity.cancel(runId)) {
    ctx.output.log(`run ${runId}: cancel requested`);
    return true;
  }
  void vscode.window.showWarningMessage(
    `Mistakebook: run ${runId} is not running in this window. If the CLI runs it, stop it there (Ctrl+C); it can be resumed afterwards.`,
  );
  return false;
}

/** Runs stages of existing runs chosen from the target, a selection or a quick pick. */
async function continueRuns(
  ctx: Context,
  stages: PipelineStage[],
  chosen: readonly RunTarget[],
  fits: (r: RunSummary) => boolean,
  what: string,
): Promise<string[]> {
  const workspaceDir = runsFolderOf(ctx);
  if (workspaceDir === undefined) return [];
  const runs = await chooseRuns(ctx, chosen, (r) => fits(r) && ctx.activity.get(r.id) === undefined, what);
  const done: string[] = [];
  for (const run of runs) {
    if (stages.includes('correct') && run.info?.prompts.correction === undefined) {
      void vscode.window.showErrorMessage(
        `Mistakebook: run ${run.id} has no few-shot correction prompt. Add a *.fewshot.txt file (or set mistakebook.correctionPrompt) and sample a new run.`,
      );
      continue;
    }
    done.push(run.id);
    if (!(await execute(ctx, workspaceDir, run.id, stages))) break;
  }
  return done;
}

/**
 * Runs stages of a run under a cancellable progress notification, logging to the output channel.
 * True when they all finished; false when cancelled or failed (the message says what to do).
 */
export async function execute(ctx: Context, workspaceDir: string, runId: string, stages: PipelineStage[], extra: Pick<RunOptions, 'variant'> = {}): Promise<boolean> {
  const run = (await ctx.runs.list()).find((r) => r.id === runId);
  const models = run?.info?.models ?? {};
  // Correction variants: a variant on another endpoint needs that endpoint's key.
  const variantUrl = extra.variant?.baseUrl;
  const apiKeys = await keysForModels(ctx, variantUrl === undefined ? models : { ...models, corrector: { endpoint: variantUrl } });
  if (apiKeys === undefined) return false;
  const first = stages[0] ?? 'sample';
  const settings = ctx.settings();
  const active = ctx.activity.start(runId, first);
  ctx.runs.refresh();
  ctx.output.log(`run ${runId}: ${stages.join(', ')} started`);
  let shown = 0;
  let results: Partial<Record<PipelineStage, StageResult>> = {};
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Mistakebook: ${STAGE_TITLES[first]}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => active.controller.abort());
        ({ stages: results } = await runStages(workspaceDir, runId, stages, {
          apiKeys,
          signal: active.controller.signal,
          onProgress: (e: ProgressEvent) => {
            ctx.activity.report(e);
            const percent = e.total > 0 ? (100 * e.done) / e.total : 0;
            progress.report({ message: `${STAGE_TITLES[e.stage]} — ${describeProgress(e)}`, increment: Math.max(0, percent - shown) });
            shown = Math.max(shown, percent);
          },
          log: (line: string) => ctx.output.log(`run ${runId}: ${line}`),
          prices: priceTable(settings),
          confirmCost: (estimate) => confirmCost(ctx, runId, estimate, settings.costThreshold),
          ...extra,
        }));
      },
    );
  } catch (e) {
    results = { [first]: { state: 'failed', done: 0, total: 0, errors: 0, message: e instanceof Error ? e.message : String(e) } };
  } finally {
    ctx.activity.finish(runId);
    ctx.runs.refresh();
    ctx.datasets.refresh();
  }
  for (const stage of stages) {
    const r = results[stage];
    if (r === undefined) continue;
    const summary = `${r.done}/${r.total}${r.errors > 0 ? `, ${r.errors} failed requests` : ''}`;
    ctx.output.log(`run ${runId}: ${stage} ${r.state} (${summary})${r.message === undefined ? '' : `: ${r.message}`}`);
    if (r.state === 'cancelled') return false;
    // A correction variant that finished says so itself; the run's tally would mix its variants.
    if (extra.variant === undefined || r.state !== 'done') await announceStageEnd(ctx, runId, stage, r);
    if (r.state === 'failed') return false;
  }
  return stages.every((s) => results[s]?.state === 'done');
}
async function create(ctx: Context, config: RunConfig): Promise<string | undefined> {
  try {
    const runId = await createRun(config);
    ctx.output.log(`run ${runId}: created for ${config.datasetFile} (reasoner ${config.reasoner.model} at ${config.reasoner.baseUrl})`);
    ctx.runs.refresh();
    return runId;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    ctx.output.log(`cannot create a run for ${config.datasetFile}: ${message}`);
    void vscode.window.showErrorMessage(`Mistakebook: cannot start a run: ${message}`);
    return undefined;
  }
}

/**
 * The run's configuration from the settings, asking only for what they leave open: how many
 * questions, and which few-shot prompt (not for an evaluation, which corrects nothing).
 */
async function runConfig(workspaceDir: string, dataset: DatasetNode, { withPrompt } = { withPrompt: true }): Promise<RunConfig | undefined> {
  const s = readSettings();
  const limit = s.questionLimit > 0 ? s.questionLimit : await askLimit(dataset);
  if (limit === null) return undefined;
  const promptFile = withPrompt ? await correctionPrompt(s.correctionPrompt) : undefined;
  if (promptFile === null) return undefined;
  return {
    workspaceDir,
    datasetFile: dataset.uri.fsPath,
    ...(s.task === 'auto' ? {} : { task: s.task }),
    reasoner: modelConfig(s.reasoner),
    corrector: modelConfig(s.corrector),
    samplesPerQuestion: s.samplesPerQuestion,
    correctionsPerMistake: s.correctionsPerMistake,
    ...(promptFile === undefined ? {} : { promptFile }),
    ...(limit === undefined ? {} : { limit }),
  };
}

/** undefined = every question; null = the user backed out. */
async function askLimit(dataset: DatasetNode): Promise<number | undefined | null> {
  const all = { label: `All questions`, description: `${dataset.lineCount.toLocaleString('en-US')} lines`, limit: undefined };
  const picked = await vscode.window.showQuickPick(
    [all, { label: 'First 10 questions', description: 'a quick, cheap try', limit: 10 }, { label: 'First 100 questions', description: '', limit: 100 }],
    { title: `Sample reasoning paths on ${dataset.uri.path.split('/').pop() ?? ''}`, placeHolder: 'How many questions? (set mistakebook.questionLimit to skip this)' },
  );
  return picked === undefined ? null : picked.limit;
}

/** The few-shot prompt P_c: the setting, the only *.fewshot.txt, or a pick among several. null = backed out. */
async function correctionPrompt(setting: string): Promise<string | undefined | null> {
  if (setting !== '') return setting;
  const found = await vscode.workspace.findFiles('**/*.fewshot.txt', '**/{node_modules,.mistakebook,.git}/**', 50);
  if (found.length <= 1) return found[0]?.fsPath;
  found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: 'Which few-shot prompt should the corrector use?', placeHolder: 'Set mistakebook.correctionPrompt to skip this' },
  );
  return picked === undefined ? null : picked.uri.fsPath;
}

/** The runs folder; says what to do when the window has none. (Trust is checked by the command table.) */
function runsFolderOf(ctx: Context): string | undefined {
  const dir = ctx.workspaceDir;
  if (dir === undefined) void vscode.window.showWarningMessage('Mistakebook: open a folder first; runs are stored in its .mistakebook folder.');
  return dir;
}

/** The items a command acts on: the clicked item and the multi-selection, or the tree's selection from the palette. */
function targets(ctx: Context, target: RunTarget | undefined, selection: readonly RunTarget[] | undefined): RunTarget[] {
  return treeTargets<RunTarget>(target, selection, () => ctx.datasetsTree.selection);
}

async function chooseDatasets(ctx: Context, chosen: readonly RunTarget[], title = 'Sample reasoning paths on which dataset?'): Promise<DatasetNode[]> {
  const out: DatasetNode[] = [];
  for (const t of chosen) {
    const node = t instanceof vscode.Uri ? await ctx.datasets.add(t) : typeof t === 'string' ? undefined : datasetOf(ctx, t);
    if (node !== undefined && !out.includes(node)) out.push(node);
  }
  if (out.length > 0) return out;
  const known = (await ctx.datasets.getChildren()).filter((n): n is DatasetNode => n.kind === 'dataset');
  const browse = { label: '$(folder-opened) Open another dataset…', node: undefined };
  const picked = await vscode.window.showQuickPick(
    [...known.map((node) => ({ label: vscode.workspace.asRelativePath(node.uri), description: `${node.lineCount.toLocaleString('en-US')} lines`, node })), browse],
    { title },
  );
  if (picked === undefined) return [];
  if (picked.node !== undefined) return [picked.node];
  const uri = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Datasets: ['jsonl', 'json'] } }))?.[0];
  return uri === undefined ? [] : [await ctx.datasets.add(uri)];
}

/** The dataset a Datasets tree node belongs to (walking up the tree); none for a Runs view node. */
function datasetOf(ctx: Context, node: DatasetsTreeNode | RunsTreeNode): DatasetNode | undefined {
  let at: DatasetsTreeNode | undefined = node.kind === 'run' || node.kind === 'detail' ? undefined : node;
  while (at !== undefined && at.kind !== 'dataset') at = ctx.datasets.getParent(at);
  return at;
}

/** Run ids named by the targets: runs of the Runs view, runs of paths and corrections, the newest fitting run of a dataset. */
export async function chooseRuns(ctx: Context, chosen: readonly RunTarget[], fits: (r: RunSummary) => boolean, what: string): Promise<RunSummary[]> {
  let all = await ctx.runs.list();
  // A run named by id may be newer than the listed runs (made a moment ago, or by the CLI): list again once.
  if (chosen.some((t) => typeof t === 'string' && !all.some((r) => r.id === t))) {
    ctx.runs.refresh();
    all = await ctx.runs.list();
  }
  const out: RunSummary[] = [];
  const add = (run: RunSummary | undefined): void => {
    if (run !== undefined && fits(run) && !out.includes(run)) out.push(run);
  };
  for (const t of chosen) {
    if (typeof t === 'string') add(all.find((r) => r.id === t));
    else if (t instanceof vscode.Uri) continue;
    else if (t.kind === 'run') add(t.run);
    else if (t.kind === 'detail') add(t.parent.run);
    else if (t.kind === 'path') add(all.find((r) => r.id === t.path.runId));
    else if (t.kind === 'correction') add(all.find((r) => r.id === t.correction.runId));
    else {
      const dataset = datasetOf(ctx, t);
      add(all.find((r) => fits(r) && r.info !== undefined && dataset !== undefined && sameFile(ctx, r.info.dataset.path, dataset.uri.fsPath)));
    }
  }
  const named = chosen.filter((t): t is string => typeof t === 'string');
  if (out.length === 0 && named.length > 0) {
    void vscode.window.showInformationMessage(`Mistakebook: ${named.join(', ')} is not among the ${what} (or is running now).`);
  }
  if (out.length > 0 || named.length > 0) return out;
  const candidates = all.filter(fits);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`Mistakebook: no ${what} in this workspace. Start with Sample Reasoning Paths.`);
    return [];
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((run) => ({
      label: run.info === undefined ? run.id : runLabelOf(run.id, run.info),
      description: `${run.status} · ${run.id}`,
      detail: run.info === undefined ? '' : `${run.info.dataset.path} · ${Object.values(run.info.models).map((m) => m.model).join(' → ')}`,
      run,
    })),
    { title: `Which run? (${what})` },
  );
  return picked === undefined ? [] : [picked.run];
}

/** run.json keeps a dataset inside the workspace relative to it. */
function sameFile(ctx: Context, runDatasetPath: string, file: string): boolean {
  return datasetKey(resolve(ctx.workspaceDir ?? '', runDatasetPath)) === datasetKey(file);
}
