/**
 * Stage 2, correct: M_c, shown the few-shot prompt P_c, corrects each mistake (a path with
 * correct = false, eq. 1). Each reply becomes a row of corrections.jsonl — parsed, or kept raw as
 * `unparseable` with the reason — and a parsed one is verified against the gold answer (eq. 2).
 */
import { join } from 'node:path';
import { expandCorrection, parseCorrection, verifyCorrection } from '../correction';
import type { CorrectionOutcome } from '../correction';
import { formatDiagnostic } from '../diagnostic';
import { parsePrompt, renderCorrectionMessages, renderCorrectionRequest, type FewShotPrompt } from '../fewshot';
import { recordId, sha256Hex } from '../ids';
import type { LlmClient } from '../llm/client';
import type { RetryPolicy } from '../llm/retry';
import type { SampleRequest } from '../llm/wire';
import { cacheDir, RUN_INFO_FILE } from '../store/layout';
import { RunStore } from '../store/runStore';
import type { TableWriter } from '../store/tableWriter';
import { taskById } from '../task';
import type { Task } from '../task/task';
import { planOf, type ModelConfig } from './config';
import { mistakeOf } from './mistakeOf';
import { makeClient, requireModel } from './models';
import { shareOfUsage } from './paths';
import type { CorrectionRecord, PathRecord, TokenUsage } from './records';
import { runLive, type StageContext, type StageRequests } from './work';
import { variantId } from '../variants/variant';

/** A completion model goes on to invent the next example; this is where it starts. */
export const NEXT_EXAMPLE_STOP = '\n\nQuestion:';

export async function correctRequests(ctx: StageContext): Promise<StageRequests<PathRecord>> {
  const { plan, store } = ctx;
  const model = requireModel(plan, 'corrector');
  const snapshot = runPrompt(plan.correctionPrompt);
  const prompt = usablePrompt(snapshot.text, snapshot.file, 'the run\'s few-shot prompt has errors, so no correction was asked for; fix the file and create a new run');
  const variant = variantId(model, snapshot.sha256);
  const task = taskById(plan.task);
  const c = plan.correctionsPerMistake;
  const corrections = await store.table<CorrectionRecord>('corrections');
  const ids = (path: PathRecord): string[] => Array.from({ length: c }, (_, i) => correctionId(path, model, snapshot.sha256, i));

  const mistakes = await readMistakePaths(ctx);
  ctx.progress.setTotal(mistakes.length * c);
  const todo: PathRecord[] = [];
  for (const path of mistakes) {
    const stored = ids(path).filter((id) => corrections.has(id)).length;
    ctx.progress.addDone(stored);
    if (stored < c) todo.push(path);
  }
  return {
    role: 'corrector',
    model,
    todo,
    itemId: (p) => p.id,
    request: (path) => correctionRequest(prompt, path, model, c).request,
    ingest: async (path, answer) => {
      const { cue } = correctionRequest(prompt, path, model, c);
      const want = ids(path);
      for (const [i, sample] of answer.samples.entries()) {
        const id = want[i];
        if (id === undefined || corrections.has(id)) continue;
        const usage = shareOfUsage(answer.usage, answer.samples.length, i);
        const row = correctionRecord({ task, prompt, path, model, id, index: i, raw: sample.text, cue, promptSha256: snapshot.sha256, variant, usage, cached: answer.fromCache });
        if (await corrections.append(row)) ctx.progress.addDone(1);
      }
    },
  };
}

export async function correctStage(ctx: StageContext): Promise<void> {
  await runLive(ctx, await correctRequests(ctx));
}

/** What correcting one mistake once takes: the prompt as text (a run's P_c, or a file as it is being edited) and M_c. */
export interface OneCorrection {
  path: PathRecord;
  prompt: { text: string; file: string };
  model: ModelConfig;
  client: LlmClient;
  /** Which correction of the mistake this is: part of the record id, and of the request (see below). */
  correctionIndex: number;
  /** Appends the record here, unless a row with its id is already there. */
  corrections?: TableWriter<CorrectionRecord>;
  /** The correction variant the record belongs to (core/variants); absent for a trial that is not stored in a run. */
  variant?: string;
  signal?: AbortSignal;
}

/**
 * M_c corrects one mistake once; the reply becomes a CorrectionRecord (parsed and verified by eq. 2,
 * or unparseable with the reason), as the correct stage makes them. The request carries the seed
 * (sampling.seed ?? 0) + correctionIndex, so a new index is a new request rather than the response
 * cache's answer to the last one, and asking for the same index again replays it.
 */
export async function correctMistake(o: OneCorrection): Promise<CorrectionRecord> {
  const prompt = usablePrompt(o.prompt.text, o.prompt.file, 'the few-shot prompt has errors, so no correction was asked for; fix them first');
  const promptSha256 = sha256Hex(o.prompt.text);
  const { request, cue } = correctionRequest(prompt, o.path, o.model, 1);
  const seed = (o.model.sampling.seed ?? 0) + o.correctionIndex;
  const answer = await o.client.complete({ ...request, seed }, o.signal === undefined ? {} : { signal: o.signal });
  const sample = answer.samples[0];
  if (sample === undefined) throw new Error(`${o.model.model} at ${o.model.baseUrl} sent no reply for path ${o.path.id}; try again.`);
  const row = correctionRecord({
    task: taskById(o.path.task),
    prompt,
    path: o.path,
    model: o.model,
    id: correctionId(o.path, o.model, promptSha256, o.correctionIndex),
    index: o.correctionIndex,
    raw: sample.text,
    cue,
    promptSha256,
    ...(o.variant === undefined ? {} : { variant: o.variant }),
    usage: answer.usage,
    cached: answer.fromCache,
  });
  await o.corrections?.append(row);
  return row;
}

export interface RegenerateOptions {
  /** The corrector endpoint's key; never written anywhere. Local servers need none. */
  apiKey?: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Default: the workspace's `.mistakebook/cache`. */
  cacheDir?: string;
  retry?: Partial<RetryPolicy>;
  /**
   * A temperature for this one request instead of the run's: at temperature 0 the corrector repeats
   * itself, so a researcher who wants a different correction asks for some randomness. The record's
   * id covers its sampling, so it never collides with the run's own corrections.
   */
  temperature?: number;
}

/**
 * Another correction of one mistake of a run, by the run's own M_c and P_c (so it sits beside the
 * others as their equal), with the next correctionIndex of that mistake; appended to corrections.jsonl.
 */
export async function regenerateCorrection(workspaceDir: string, runId: string, pathId: string, options: RegenerateOptions = {}): Promise<CorrectionRecord> {
  const log = options.log ?? ((): void => undefined);
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic: (d) => log(formatDiagnostic(d)) });
  try {
    const plan = planOf(store.info, join(store.dir, RUN_INFO_FILE));
    const runModel = requireModel(plan, 'corrector');
    const model = options.temperature === undefined ? runModel : { ...runModel, sampling: { ...runModel.sampling, temperature: options.temperature } };
    const snapshot = runPrompt(plan.correctionPrompt);
    let path: PathRecord | undefined;
    for await (const p of store.read<PathRecord>('paths')) {
      if (p.id === pathId) {
        path = p;
        break;
      }
    }
    if (path === undefined) throw new Error(`${join(store.dir, 'paths.jsonl')}: no path with id ${pathId}; open the mistake again from the run.`);
    if (path.correct) throw new Error(`path ${pathId} of run ${runId} reaches the gold answer, so it is no mistake to correct.`);
    let next = 0;
    for await (const c of store.read<CorrectionRecord>('corrections')) {
      if (c.pathId === pathId) next = Math.max(next, c.correctionIndex + 1);
    }
    const corrections = await store.table<CorrectionRecord>('corrections');
    const sha = sha256Hex(snapshot.text);
    while (corrections.has(correctionId(path, model, sha, next))) next++;
    const client = makeClient(model, options.apiKey, options.cacheDir ?? cacheDir(workspaceDir), log, options.retry);
    // Beside the run's own corrections as their equal: the original variant, whatever the temperature.
    const variant = variantId(runModel, sha);
    return await correctMistake({ path, prompt: snapshot, model, client, correctionIndex: next, corrections, variant, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  } finally {
    await store.close();
  }
}

function runPrompt<P>(snapshot: P | undefined): P {
  if (snapshot === undefined) throw new Error('the run has no few-shot prompt P_c; create a run with one (mistakebook run create --prompt FILE).');
  return snapshot;
}

/** The parsed prompt, or an error listing its problems (file:line) after `why`. */
function usablePrompt(text: string, file: string, why: string): FewShotPrompt {
  const prompt = parsePrompt(text, file);
  const errors = prompt.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${why}:\n${errors.map(formatDiagnostic).join('\n')}`);
  return prompt;
}

function correctionId(path: PathRecord, model: ModelConfig, promptSha256: string, correctionIndex: number): string {
  return recordId('correction', { pathId: path.id, endpoint: model.baseUrl, model: model.model, api: model.api, promptSha256, sampling: model.sampling, correctionIndex });
}

/** The wrong paths of paths.jsonl (eq. 1), each once. */
async function readMistakePaths(ctx: StageContext): Promise<PathRecord[]> {
  const seen = new Set<string>();
  const mistakes: PathRecord[] = [];
  for await (const path of ctx.store.read<PathRecord>('paths')) {
    if (path.correct || seen.has(path.id)) continue;
    seen.add(path.id);
    mistakes.push(path);
  }
  return mistakes;
}

/**
 * A completion model gets the whole prompt ending with the label it continues from ("Incorrect
 * Step:"), and stops before inventing a new example; its reply is read with that label put back.
 * A chat model gets instruction and examples as messages and writes the labels itself.
 */
function correctionRequest(prompt: FewShotPrompt, path: PathRecord, model: ModelConfig, c: number): { request: SampleRequest; cue: string } {
  const mistake = mistakeOf(path);
  if (model.api === 'chat') return { request: { prompt: renderCorrectionMessages(prompt, mistake), n: c, ...model.sampling }, cue: '' };
  const text = renderCorrectionRequest(prompt, mistake);
  const stop = [...(model.sampling.stop ?? [])];
  if (!stop.includes(NEXT_EXAMPLE_STOP)) stop.push(NEXT_EXAMPLE_STOP);
  return { request: { prompt: text, n: c, ...model.sampling, stop }, cue: text.slice(text.lastIndexOf('\n') + 1) };
}

interface Reply {
  task: Task;
  prompt: FewShotPrompt;
  path: PathRecord;
  model: ModelConfig;
  id: string;
  index: number;
  raw: string;
  cue: string;
  promptSha256: string;
  variant?: string;
  usage: TokenUsage;
  cached: boolean;
}

function correctionRecord(r: Reply): CorrectionRecord {
  const { path } = r;
  const outcome: CorrectionOutcome = parseCorrection(`${r.cue}${r.raw}`, r.prompt.format, r.prompt.format === 'steps' ? path.steps.length : undefined);
  const row: CorrectionRecord = {
    id: r.id,
    pathId: path.id,
    questionId: path.questionId,
    model: r.model.model,
    promptSha256: r.promptSha256,
    ...(r.variant === undefined ? {} : { variant: r.variant }),
    correctionIndex: r.index,
    raw: r.raw,
    outcome: outcome.status,
    answer: null,
    verified: false,
    usage: r.usage,
    createdAt: new Date().toISOString(),
  };
  if (r.cached) row.cached = true;
  if (outcome.status === 'unparseable') {
    row.reason = outcome.reason;
    return row;
  }
  const correction = outcome.correction;
  const verdict = verifyCorrection(r.task, correction, path.goldAnswer, path.candidates === undefined ? undefined : { candidates: path.candidates });
  row.answer = verdict.answer;
  row.verified = verdict.correct;
  if (correction.format === 'steps') {
    row.incorrectStep = correction.incorrectStep;
    row.explanation = correction.explanation;
    row.correctedSteps = correction.correctedSteps;
    row.correctedFrom = correction.correctedFrom;
    row.expandedSteps = expandCorrection(path.steps, correction);
  } else {
    row.explanation = correction.mistakes;
    row.correctedAnswer = correction.correctedAnswer;
  }
  return row;
}
