/**
 * Stage 2, correct: M_c, shown the few-shot prompt P_c, corrects each mistake (a path with
 * correct = false, eq. 1). Each reply becomes a row of corrections.jsonl — parsed, or kept raw as
 * `unparseable` with the reason — and a parsed one is verified against the gold answer (eq. 2).
 */
import { expandCorrection, parseCorrection, verifyCorrection } from '../correction';
import type { CorrectionOutcome } from '../correction';
import { formatDiagnostic } from '../diagnostic';
import { parsePrompt, renderCorrectionMessages, renderCorrectionRequest, type FewShotPrompt, type Mistake } from '../fewshot';
import { recordId } from '../ids';
import type { SampleRequest } from '../llm/wire';
import { taskById } from '../task';
import type { Task } from '../task/task';
import type { ModelConfig } from './config';
import { requireModel } from './models';
import { shareOfUsage } from './paths';
import type { CorrectionRecord, PathRecord, TokenUsage } from './records';
import { runLive, type StageContext, type StageRequests } from './work';

/** A completion model goes on to invent the next example; this is where it starts. */
export const NEXT_EXAMPLE_STOP = '\n\nQuestion:';

export async function correctRequests(ctx: StageContext): Promise<StageRequests<PathRecord>> {
  const { plan, store } = ctx;
  const model = requireModel(plan, 'corrector');
  const snapshot = plan.correctionPrompt;
  if (snapshot === undefined) throw new Error('the run has no few-shot prompt P_c; create a run with one (mistakebook run create --prompt FILE).');
  const prompt = parsePrompt(snapshot.text, snapshot.file);
  const errors = prompt.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`the run's few-shot prompt has errors, so no correction was asked for; fix the file and create a new run:\n${errors.map(formatDiagnostic).join('\n')}`);
  }
  const task = taskById(plan.task);
  const c = plan.correctionsPerMistake;
  const corrections = await store.table<CorrectionRecord>('corrections');
  const ids = (path: PathRecord): string[] =>
    Array.from({ length: c }, (_, i) => recordId('correction', { pathId: path.id, endpoint: model.baseURL, model: model.model, api: model.api, promptSha256: snapshot.sha256, sampling: model.sampling, correctionIndex: i }));

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
        const row = correctionRecord({ task, prompt, path, model, id, index: i, raw: sample.text, cue, promptSha256: snapshot.sha256, usage, cached: answer.fromCache });
        if (await corrections.append(row)) ctx.progress.addDone(1);
      }
    },
  };
}

export async function correctStage(ctx: StageContext): Promise<void> {
  await runLive(ctx, await correctRequests(ctx));
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

function mistakeOf(path: PathRecord): Mistake {
  if (path.candidates !== undefined) return { question: path.question, candidates: path.candidates, originalAnswer: path.completion.trim() };
  return { question: path.question, originalSteps: path.steps };
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
