/**
 * Stage 3, augment: M_c samples CoT paths per question, and the right ones are kept in
 * augmented.jsonl (LEMA's CoT data augmentation). Wrong ones are not stored, so a rerun asks again
 * for a question that had any — and the response cache answers, so nothing is paid twice.
 */
import type { Question } from '../dataset';
import { taskById } from '../task';
import { requireModel } from './models';
import { appendPaths, pathId, solveRequest } from './paths';
import { loadQuestions } from './questions';
import type { PathRecord } from './records';
import { runLive, type StageContext, type StageRequests } from './work';

export async function augmentRequests(ctx: StageContext): Promise<StageRequests<Question>> {
  const { plan, store } = ctx;
  const model = requireModel(plan, 'corrector');
  const task = taskById(plan.task);
  const k = plan.augmentSamplesPerQuestion;
  const { questions } = await loadQuestions(ctx.workspaceDir, plan.datasetPath, plan.task, plan.limit, ctx.log, plan.datasetSha256);
  const augmented = await store.table<PathRecord>('augmented');
  const ids = (q: Question): string[] => Array.from({ length: k }, (_, i) => pathId(q, model, plan.solveTemplateSha256, i));

  // Progress counts questions: how many of a question's paths are kept is not known in advance.
  ctx.progress.setTotal(questions.length);
  const todo = questions.filter((q) => ids(q).some((id) => !augmented.has(id)));
  ctx.progress.addDone(questions.length - todo.length);
  return {
    role: 'corrector',
    model,
    todo,
    itemId: (q) => q.id,
    request: (q) => solveRequest(plan.solveTemplate, q, model, k),
    ingest: async (q, answer) => {
      await appendPaths(augmented, task, q, model, ids(q), answer, (row) => row.correct);
      ctx.progress.addDone(1);
    },
  };
}

export async function augmentStage(ctx: StageContext): Promise<void> {
  await runLive(ctx, await augmentRequests(ctx));
}
