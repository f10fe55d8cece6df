/**
 * Stage 1, sample: M_r writes k paths per question into paths.jsonl, each judged against the gold
 * answer (eq. 1). A question whose k paths are all stored costs nothing on a rerun.
 */
import type { Question } from '../dataset';
import { taskById } from '../task';
import { requireModel } from './models';
import { appendPaths, pathId, solveRequest } from './paths';
import { loadQuestions } from './questions';
import type { PathRecord } from './records';
import { runLive, type StageContext, type StageRequests } from './work';

export async function sampleRequests(ctx: StageContext): Promise<StageRequests<Question>> {
  const { plan, store } = ctx;
  const model = requireModel(plan, 'reasoner');
  const task = taskById(plan.task);
  const k = plan.samplesPerQuestion;
  const { questions } = await loadQuestions(ctx.workspaceDir, plan.datasetPath, plan.task, plan.limit, ctx.log, plan.datasetSha256);
  const paths = await store.table<PathRecord>('paths');
  const ids = (q: Question): string[] => Array.from({ length: k }, (_, i) => pathId(q, model, plan.solveTemplateSha256, i));

  ctx.progress.setTotal(questions.length * k);
  const todo: Question[] = [];
  for (const q of questions) {
    const stored = ids(q).filter((id) => paths.has(id)).length;
    ctx.progress.addDone(stored);
    if (stored < k) todo.push(q);
  }
  return {
    role: 'reasoner',
    model,
    todo,
    itemId: (q) => q.id,
    request: (q) => solveRequest(plan.solveTemplate, q, model, k),
    ingest: async (q, answer) => ctx.progress.addDone(await appendPaths(paths, task, q, model, ids(q), answer)),
  };
}

export async function sampleStage(ctx: StageContext): Promise<void> {
  await runLive(ctx, await sampleRequests(ctx));
}
