/**
 * Stage 4, evaluate: pass@1 and majority-vote accuracy over k samples of one of the run's models on
 * a test set, as one row of evaluations.jsonl. Paths the sample stage already stored for the same
 * questions are reused; the rest is asked for (the response cache makes a rerun free).
 */
import type { Question } from '../dataset';
import { recordId } from '../ids';
import { taskById } from '../task';
import type { Task, Verdict } from '../task/task';
import { requireModel } from './models';
import { pathId, solveRequest } from './paths';
import { loadQuestions } from './questions';
import type { EvaluationRecord, PathRecord } from './records';
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
      ctx.progress.addDone(1);
    },
  });
  // Accuracy over part of the test set would be wrong; the stage ends failed or cancelled instead.
  if (verdicts.size < questions.length) return;

  let firstRight = 0;
  let majorityRight = 0;
  for (const q of questions) {
    const v = verdicts.get(q.id) ?? [];
    if (v[0]?.correct === true) firstRight++;
    if (majorityIsRight(task, v, q)) majorityRight++;
  }
  const row: EvaluationRecord = {
    id,
    model: model.model,
    endpoint: model.baseUrl,
    dataset: path,
    datasetSha256: sha256,
    questions: questions.length,
    samplesPerQuestion: k,
    passAt1: firstRight / questions.length,
    majorityVote: majorityRight / questions.length,
    createdAt: new Date().toISOString(),
  };
  await evaluations.append(row);
  ctx.log(`evaluate: ${model.model} on ${questions.length} questions: pass@1 ${(100 * row.passAt1).toFixed(1)}%, majority of ${k} ${(100 * row.majorityVote).toFixed(1)}%`);
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
