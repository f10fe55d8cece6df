/**
 * `run classify`: the optional second opinion on error types. The corrector model M_c is asked, with
 * a short fixed prompt (truth/classifyPrompt.ts), to file each parsed correction's error under one
 * type of the fixed set; each answer is a `model` row of errortypes.jsonl, with an id made of the
 * correction, the model and the prompt's sha, so a rerun asks nothing it has (and the response cache
 * answers a repeat). A type set by hand stays in force over the model's.
 */
import { recordId } from '../ids';
import { classificationPrompt, CLASSIFY_PROMPT_SHA256, readErrorType } from '../truth/classifyPrompt';
import type { ErrorTypeLabel } from '../truth/labels';
import { requireModel } from './models';
import type { CorrectionRecord, PathRecord } from './records';
import { runLive, type StageContext } from './work';

interface Item {
  correction: Pick<CorrectionRecord, 'id' | 'pathId' | 'incorrectStep' | 'explanation'>;
}

export async function classifyStage(ctx: StageContext): Promise<void> {
  const { plan, store } = ctx;
  const model = requireModel(plan, 'corrector');
  const labels = await store.table<ErrorTypeLabel>('errortypes');
  const idOf = (correctionId: string): string => recordId('errortype-model', { correctionId, endpoint: model.baseUrl, model: model.model, prompt: CLASSIFY_PROMPT_SHA256 });
  const items: Item[] = [];
  const seen = new Set<string>();
  for await (const c of store.read<CorrectionRecord>('corrections')) {
    if (c.outcome !== 'parsed' || c.incorrectStep === undefined || c.explanation === undefined || seen.has(c.id)) continue;
    seen.add(c.id);
    items.push({ correction: { id: c.id, pathId: c.pathId, incorrectStep: c.incorrectStep, explanation: c.explanation } });
  }
  ctx.progress.setTotal(items.length);
  const todo = items.filter((i) => !labels.has(idOf(i.correction.id)));
  ctx.progress.addDone(items.length - todo.length);
  // The question and the wrong step of each path still to classify: one pass over paths.jsonl.
  const needed = new Set(todo.map((i) => i.correction.pathId));
  const paths = new Map<string, Pick<PathRecord, 'question' | 'steps'>>();
  for await (const p of store.read<PathRecord>('paths')) if (needed.has(p.id) && !paths.has(p.id)) paths.set(p.id, { question: p.question, steps: p.steps });
  await runLive(ctx, {
    role: 'corrector',
    model,
    todo,
    itemId: (i) => i.correction.id,
    request: (i) => {
      const path = paths.get(i.correction.pathId);
      const step = path?.steps[(i.correction.incorrectStep ?? 1) - 1] ?? '';
      // A one-word answer: temperature 0 and a few tokens, whatever the run samples corrections with.
      return { prompt: classificationPrompt(path?.question ?? '', step, i.correction.explanation ?? ''), n: 1, temperature: 0, maxTokens: 16, ...(model.sampling.seed === undefined ? {} : { seed: model.sampling.seed }) };
    },
    ingest: async (i, answer) => {
      const type = readErrorType(answer.samples[0]?.text ?? '');
      if (type === undefined) {
        // Nothing is stored, so the rules' type stays in force (a stored "other" would override it); a rerun
        // gets the same reply from the response cache, without a request.
        ctx.log(`run classify: ${model.model} named no error type for correction ${i.correction.id} ("${(answer.samples[0]?.text ?? '').slice(0, 60)}"); the rules' type stays in force`);
        ctx.progress.addDone(1);
        return;
      }
      const row: ErrorTypeLabel = { id: idOf(i.correction.id), correctionId: i.correction.id, errorType: type, source: 'model', who: model.model, at: new Date().toISOString() };
      if (await labels.append(row)) ctx.progress.addDone(1);
    },
  });
}
