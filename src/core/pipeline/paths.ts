/**
 * Sampled reasoning paths, shared by the sample, augment and evaluate stages: the solve request
 * for a question, the id of its i-th path, and the judged row (eq. 1: correct = false is a mistake).
 */
import type { Question } from '../dataset';
import { recordId } from '../ids';
import type { Sample, SampleRequest } from '../llm/wire';
import { cutFollowOn, renderSolvePrompt } from '../task/solvePrompt';
import type { Task } from '../task/task';
import type { ModelConfig } from './config';
import type { TableWriter } from '../store/tableWriter';
import type { PathRecord, TokenUsage } from './records';
import type { Answer } from './work';

/** What defines a path: the question, who sampled it and how, with which prompt, and which sample it is. */
export function pathId(question: Pick<Question, 'id'>, model: ModelConfig, promptSha256: string, sampleIndex: number): string {
  return recordId('path', { questionId: question.id, endpoint: model.baseUrl, model: model.model, api: model.api, sampling: model.sampling, promptSha256, sampleIndex });
}

/** `k` paths of one question in one request (the client falls back to k requests where `n` is refused). */
export function solveRequest(template: string, question: Question, model: ModelConfig, k: number): SampleRequest {
  return { prompt: renderSolvePrompt(template, question), n: k, ...model.sampling };
}

export function pathRecord(
  task: Task,
  question: Question,
  model: Pick<ModelConfig, 'model'>,
  id: string,
  sampleIndex: number,
  sample: Sample,
  usage: TokenUsage,
  cached: boolean,
): PathRecord {
  const candidates = question.candidates === undefined ? undefined : { candidates: question.candidates };
  const verdict = task.judge(sample.text, question.goldAnswer, candidates);
  const record: PathRecord = {
    id,
    questionId: question.id,
    task: task.id,
    question: question.question,
    goldAnswer: question.goldAnswer,
    model: model.model,
    sampleIndex,
    completion: sample.text,
    // Judged and split on the same text: what a base model invents after its answer is not a step.
    steps: task.splitSteps(cutFollowOn(sample.text)),
    answer: verdict.answer,
    correct: verdict.correct,
    usage,
    createdAt: new Date().toISOString(),
  };
  if (question.candidates !== undefined) record.candidates = question.candidates;
  if (sample.finishReason !== null) record.finishReason = sample.finishReason;
  if (cached) record.cached = true;
  return record;
}

/** A response's tokens shared out over its samples, so summing the rows gives what was paid. */
export function shareOfUsage(usage: TokenUsage, samples: number, index: number): TokenUsage {
  const part = (total: number): number => Math.floor(total / samples) + (index < total % samples ? 1 : 0);
  return { promptTokens: part(usage.promptTokens), completionTokens: part(usage.completionTokens) };
}

/**
 * Turns one answer's samples into path rows of `table`, sample i under id `ids[i]`, skipping ids the
 * table already has; `keep` decides which rows are stored.
 * Returns how many rows were appended.
 */
export async function appendPaths(
  table: TableWriter<PathRecord>,
  task: Task,
  question: Question,
  model: Pick<ModelConfig, 'model'>,
  ids: readonly string[],
  answer: Answer,
  keep: (row: PathRecord) => boolean = () => true,
): Promise<number> {
  let appended = 0;
  for (const [i, sample] of answer.samples.entries()) {
    const id = ids[i];
    if (id === undefined || table.has(id)) continue;
    const row = pathRecord(task, question, model, id, i, sample, shareOfUsage(answer.usage, answer.samples.length, i), answer.fromCache);
    if (keep(row) && (await table.append(row))) appended++;
  }
  return appended;
}
