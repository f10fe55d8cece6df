/** Starting a run: check what it will need, then snapshot it in run.json (never a key). */
import { randomInt } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { version } from '../../../package.json';
import { readDataset } from '../dataset';
import { formatDiagnostic } from '../diagnostic';
import { parsePrompt, readPromptFile } from '../fewshot';
import { summarised } from '../io/cappedDiagnostics';
import { sha256File } from '../store/fileHash';
import { RunStore } from '../store/runStore';
import type { ModelRole, ModelSpec } from '../store/runInfo';
import { taskById } from '../task';
import { DEFAULT_MC_SOLVE_TEMPLATE, DEFAULT_SOLVE_TEMPLATE } from '../task/solvePrompt';
import type { TaskId } from '../task/task';
import { modelSpec, settingsOf, type ModelConfig, type RunConfig } from './config';
import { NEXT_EXAMPLE_STOP } from './correct';

/**
 * Creates `.mistakebook/runs/<id>/run.json` from `config` and returns the id. Refuses a few-shot
 * prompt with errors, or one written for another task's layout, before anything is paid for.
 */
export async function createRun(config: RunConfig): Promise<string> {
  checkCounts(config);
  const workspace = resolve(config.workspaceDir);
  const datasetFile = resolve(workspace, config.datasetFile);
  const task = config.task ?? (await detectTask(datasetFile));
  taskById(task);
  const prompts: { solve: { text: string }; correction?: { text: string; file: string } } = {
    solve: { text: config.solveTemplate ?? (task === 'mc' ? DEFAULT_MC_SOLVE_TEMPLATE : DEFAULT_SOLVE_TEMPLATE) },
  };
  if (config.promptFile !== undefined) {
    const file = resolve(workspace, config.promptFile);
    const text = await readPromptFile(file);
    checkPrompt(text, file, task);
    prompts.correction = { text, file: insideWorkspace(workspace, file) };
  }
  const stops = config.corrector?.api === 'completion' ? (config.corrector.sampling.stop ?? []).filter((s) => s !== NEXT_EXAMPLE_STOP) : [];
  if (stops.length > 3) throw new Error(`the corrector's stop sequences leave no room for "\n\nQuestion:", which the correct stage adds for completion models (at most 4 in all); give at most 3.`);
  const models: Partial<Record<ModelRole, ModelSpec>> = { reasoner: modelSpec(config.reasoner, config.samplesPerQuestion) };
  if (config.corrector !== undefined) models.corrector = modelSpec(seeded(config.corrector), config.correctionsPerMistake ?? 1);
  const settings = settingsOf(config);
  if (config.evaluation?.datasetFile !== undefined) settings['evaluate.dataset'] = insideWorkspace(workspace, resolve(workspace, config.evaluation.datasetFile));
  const store = await RunStore.create(
    workspace,
    {
      toolVersion: version,
      task,
      dataset: { path: datasetFile, sha256: await sha256File(datasetFile) },
      models,
      prompts,
      settings,
      ...(config.runId === undefined ? {} : { runId: config.runId }),
    },
    { onDiagnostic: () => undefined },
  );
  await store.close();
  return store.id;
}

/**
 * The corrector with a seed: the one given, else one drawn now and kept in run.json. Every
 * correction request carries it, so a request sent again after a crash (its answer was never
 * stored) gets the same correction from an endpoint that honours seeds (OpenAI best effort, vLLM,
 * llama.cpp, Ollama) instead of a new draw, and a resumed run matches an uninterrupted one.
 */
function seeded(corrector: ModelConfig): ModelConfig {
  if (corrector.sampling.seed !== undefined) return corrector;
  return { ...corrector, sampling: { ...corrector.sampling, seed: randomInt(2 ** 31 - 1) } };
}

function checkCounts(config: RunConfig): void {
  const counts: Array<[string, number | undefined]> = [
    ['samplesPerQuestion', config.samplesPerQuestion],
    ['correctionsPerMistake', config.correctionsPerMistake],
    ['augmentSamplesPerQuestion', config.augmentSamplesPerQuestion],
    ['limit', config.limit],
    ['evaluation.samplesPerQuestion', config.evaluation?.samplesPerQuestion],
    ['evaluation.limit', config.evaluation?.limit],
  ];
  for (const [name, value] of counts) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new Error(`${name} must be a whole number ≥ 1 (got ${value}).`);
  }
}

/** The task the dataset reader settles on (from the format, or \boxed{} in LEMA/generic solutions). */
export async function detectTask(file: string): Promise<TaskId> {
  for await (const record of readDataset(file)) {
    if (record.kind === 'format') return record.task;
  }
  throw new Error(`${file}: cannot tell the dataset's format, so no task; check it with 'mistakebook dataset inspect', or give the task.`);
}

/** Errors of a refused prompt shown in the message; 'prompt check' lists the rest. */
const SHOWN_PROMPT_ERRORS = 20;

function checkPrompt(text: string, file: string, task: TaskId): void {
  const prompt = parsePrompt(text, file);
  const errors = prompt.diagnostics.filter((d) => d.severity === 'error');
  const count = prompt.problemCounts.errors;
  if (count > 0) {
    const listed = summarised(errors.map(formatDiagnostic), count, SHOWN_PROMPT_ERRORS);
    throw new Error(`the few-shot prompt has ${count} error${count === 1 ? '' : 's'}; fix them first ('mistakebook prompt check ${file}' lists them):\n${listed.join('\n')}`);
  }
  const wanted = task === 'mc' ? 'multiple-choice' : 'steps';
  if (prompt.format !== wanted) {
    throw new Error(`${file}: this few-shot prompt uses the ${prompt.format} layout, but task ${task} needs the ${wanted} layout; pick the prompt made for this task.`);
  }
}

function insideWorkspace(workspace: string, file: string): string {
  const rel = relative(workspace, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return file;
  return rel.split(sep).join('/');
}
