/**
 * Stage 3, augment: M_c samples CoT paths per question for LEMA's CoT data augmentation. Every
 * path is stored in augmented.jsonl, judged (`correct`), and only the right ones are training data
 * (the exporter drops the rest as "path not correct"). Keeping the wrong ones too is what makes the
 * stage resumable without paying twice: a question is done once its paths are stored, whether or
 * not any was right, so a rerun — live or as a batch, with or without the response cache — asks
 * only for the questions it never got an answer for.
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
      await appendPaths(augmented, task, q, model, ids(q), answer);
      ctx.progress.addDone(1);
    },
  };
}

export async function augmentStage(ctx: StageContext): Promise<void> {
  await runLive(ctx, await augmentRequests(ctx));
}
