/**
 * Stage 4, evaluate: pass@1 (the mean over all k samples, with its interval) and majority-vote
 * accuracy of one of the run's models on a test set, as one row of evaluations.jsonl, and each test
 * question's samples and verdicts in evaluations/<id>.jsonl, so two models can be compared question
 * by question. Paths the sample stage already stored for the same questions are reused; the rest is
 * asked for (the response cache makes a rerun free). When the run's own reasoner is evaluated on the
 * run's own dataset with the run's k (an experiment's evaluation runs), the samples are stored as
 * paths too, so the test mistakes show in the tree like any other.
 */
import type { Question } from '../dataset';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { recordId } from '../ids';
import { writeFileAtomic } from '../store/atomicWrite';
import { wilsonInterval } from '../stats/interval';
import { PASS_AT_1_METHOD, passAt1Estimate } from '../stats/passAtK';
import { taskById } from '../task';
import type { Task, Verdict } from '../task/task';
import { requireModel } from './models';
import { appendPaths, pathId, solveRequest } from './paths';
import { loadQuestions } from './questions';
import type { EvaluationQuestion, EvaluationRecord, PathRecord } from './records';
import { runLive, type StageContext } from './work';

export async function evaluateStage(ctx: StageContext): Promise<void> {
  const { plan, store } = ctx;
  const e = plan.evaluation;
  const model = requireModel(plan, e.model);
  const task = taskById(plan.task);
  const k = e.samplesPerQuestion;
  const ownDataset = e.datasetFile === undefined;
  const path = e.datasetFile ?? plan.datasetPath;
  const { questions, sha256 } = await loadQuestions(ctx.workspaceDir, path, plan.task, e.limit, ctx.log, ownDataset ? plan.datasetSha256 : undefined);
  const evaluations = await store.table<EvaluationRecord>('evaluations');
  const id = recordId('evaluation', { endpoint: model.baseUrl, model: model.model, api: model.api, sampling: model.sampling, promptSha256: plan.solveTemplateSha256, datasetSha256: sha256, limit: e.limit, samplesPerQuestion: k });
  ctx.progress.setTotal(questions.length);
  if (evaluations.has(id)) {
    ctx.progress.addDone(questions.length);
    return;
  }

  const ids = (q: Question): string[] => Array.from({ length: k }, (_, i) => pathId(q, model, plan.solveTemplateSha256, i));
  const stored = e.model === 'reasoner' ? await storedVerdicts(ctx, new Set(questions.flatMap(ids))) : new Map<string, Verdict>();
  const verdicts = new Map<string, Verdict[]>();
  const texts = new Map<string, string[]>();
  // Only where they are the very paths the sample stage would store (same model, dataset and k), so a run's paths stay k a question.
  const paths = e.model === 'reasoner' && ownDataset && k === plan.samplesPerQuestion ? await store.table<PathRecord>('paths') : undefined;
  const todo: Question[] = [];
  for (const q of questions) {
    const known = ids(q).map((pid) => stored.get(pid));
    if (known.every((v): v is Verdict => v !== undefined)) verdicts.set(q.id, known);
    else todo.push(q);
  }
  ctx.progress.addDone(questions.length - todo.length);
  await runLive(ctx, {
    role: e.model,
    model,
    todo,
    itemId: (q) => q.id,
    request: (q) => solveRequest(plan.solveTemplate, q, model, k),
    ingest: async (q, answer) => {
      const candidates = q.candidates === undefined ? undefined : { candidates: q.candidates };
      verdicts.set(q.id, answer.samples.map((s) => task.judge(s.text, q.goldAnswer, candidates)));
      texts.set(q.id, answer.samples.map((s) => s.text));
      if (paths !== undefined) await appendPaths(paths, task, q, model, ids(q), answer);
      ctx.progress.addDone(1);
    },
  });
  // Accuracy over part of the test set would be wrong; the stage ends failed or cancelled instead.
  if (verdicts.size < questions.length) return;

  let firstRight = 0;
  let majorityRight = 0;
  const rightPerQuestion: number[] = [];
  const perQuestion: EvaluationQuestion[] = [];
  for (const q of questions) {
    const v = verdicts.get(q.id) ?? [];
    const right = v.filter((x) => x.correct).length;
    const majority = majorityIsRight(task, v, q);
    if (v[0]?.correct === true) firstRight++;
    if (majority) majorityRight++;
    rightPerQuestion.push(right);
    const sampleTexts = texts.get(q.id);
    perQuestion.push({
      questionId: q.id,
      question: q.question,
      goldAnswer: q.goldAnswer,
      samples: v.map((x, i) => ({ answer: x.answer, correct: x.correct, ...(sampleTexts?.[i] === undefined ? {} : { text: sampleTexts[i] }) })),
      right,
      majorityCorrect: majority,
    });
  }
  const pass = passAt1Estimate(rightPerQuestion, k);
  const majority = wilsonInterval(majorityRight, questions.length);
  await mkdir(join(store.dir, EVALUATIONS_DIR), { recursive: true });
  await writeFileAtomic(join(store.dir, evaluationQuestionsFile(id)), perQuestion.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const row: EvaluationRecord = {
    id,
    model: model.model,
    endpoint: model.baseUrl,
    dataset: path,
    datasetSha256: sha256,
    questions: questions.length,
    samplesPerQuestion: k,
    passAt1: pass.value,
    passAt1Ci95: [pass.low, pass.high],
    passAt1Method: PASS_AT_1_METHOD,
    firstSampleCorrect: firstRight / questions.length,
    majorityVote: majorityRight / questions.length,
    majorityVoteCi95: [majority.low, majority.high],
    questionsFile: evaluationQuestionsFile(id),
    createdAt: new Date().toISOString(),
  };
  await evaluations.append(row);
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  ctx.log(`evaluate: ${model.model} on ${questions.length} questions: pass@1 ${pct(pass.value)} (mean of ${k}, 95% CI ${pct(pass.low)}–${pct(pass.high)}), majority of ${k} ${pct(row.majorityVote)} (95% CI ${pct(majority.low)}–${pct(majority.high)})`);
}

/** Where an evaluation's questions are kept, relative to the run folder. */
export const EVALUATIONS_DIR = 'evaluations';

export function evaluationQuestionsFile(evaluationId: string): string {
  return join(EVALUATIONS_DIR, `${evaluationId}.jsonl`);
}

/** Verdicts of the stored paths among `wanted`. */
async function storedVerdicts(ctx: StageContext, wanted: ReadonlySet<string>): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  for await (const p of ctx.store.read<PathRecord>('paths')) {
    if (wanted.has(p.id)) out.set(p.id, { answer: p.answer, correct: p.correct });
  }
  return out;
}

/**
 * Whether the answer most samples agree on is right. Answers are grouped by the task's equivalence
 * ("1/2" and "0.5" vote together); samples with no answer do not vote; a tie goes to the group seen first.
 */
export function majorityIsRight(task: Task, verdicts: readonly Verdict[], question: Pick<Question, 'candidates'>): boolean {
  const groups: Array<{ answer: string; votes: number; correct: boolean }> = [];
  const candidates = question.candidates === undefined ? undefined : { candidates: question.candidates };
  for (const v of verdicts) {
    if (v.answer === null) continue;
    const answer = v.answer;
    const group = groups.find((g) => g.answer === answer || task.isEquivalent(answer, g.answer, candidates));
    if (group) group.votes++;
    else groups.push({ answer, votes: 1, correct: v.correct });
  }
  let best: (typeof groups)[number] | undefined;
  for (const g of groups) if (best === undefined || g.votes > best.votes) best = g;
  return best?.correct === true;
}
