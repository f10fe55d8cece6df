/**
 * `run critique`: the corrector as a critic. For a run over a ProcessBench-layout dataset (solutions
 * with the index of their earliest wrong step), M_c is shown each solution with the run's few-shot
 * prompt, and only the step it names as the first incorrect one is read ("Incorrect Step: None." for
 * a solution it finds right). Each reply is a row of critiques.jsonl beside the dataset's label, so
 * `stats` can score the critic; nothing is sampled from M_r.
 */
import { processBenchItem, readDataset } from '../dataset';
import { readFirstWrongStep } from '../correction/parse';
import { formatDiagnostic } from '../diagnostic';
import { recordId } from '../ids';
import { isAbsolute, resolve } from 'node:path';
import { sha256File } from '../store/fileHash';
import { correctorRequest, runPrompt, usablePrompt } from './correct';
import { requireModel } from './models';
import { shareOfUsage } from './paths';
import type { TokenUsage } from './records';
import { runLive, type StageContext, type StageRequests } from './work';

/** One line of critiques.jsonl. Steps are numbered from 1 (ProcessBench's label k is Step k + 1). */
export interface CritiqueRecord {
  /** recordId('critique', { questionId, endpoint, model, api, promptSha256, sampling }) */
  id: string;
  questionId: string;
  model: string;
  promptSha256: string;
  /** The dataset's earliest wrong step (null: label -1, no step is wrong). */
  labelStep: number | null;
  /** How many steps the solution has. */
  steps: number;
  raw: string;
  outcome: 'parsed' | 'unparseable';
  reason?: string;
  /** The step the critic named (null: it said no step is wrong); set when parsed. */
  predictedStep?: number | null;
  usage?: TokenUsage;
  cached?: boolean;
  createdAt: string;
}

interface Item {
  questionId: string;
  question: string;
  steps: string[];
  labelStep: number | null;
}

/** The run's dataset read as ProcessBench; anything else is refused with what to do. */
async function readItems(ctx: StageContext): Promise<Item[]> {
  const { plan } = ctx;
  const file = isAbsolute(plan.datasetPath) ? plan.datasetPath : resolve(ctx.workspaceDir, plan.datasetPath);
  const sha = await sha256File(file);
  if (sha !== plan.datasetSha256) throw new Error(`${file} changed since the run was created; restore it, or create a new run for the new file.`);
  const items: Item[] = [];
  let problems = 0;
  for await (const record of readDataset(file)) {
    if (record.kind === 'format' && record.format !== 'processbench') {
      throw new Error(`${file} is a ${record.format} dataset; run critique needs solutions in ProcessBench's layout (id, problem, steps, label). Use run sample and run correct for this run.`);
    }
    if (record.kind === 'diagnostic' && record.diagnostic.severity === 'error' && problems++ < 5) ctx.log(formatDiagnostic(record.diagnostic));
    if (record.kind !== 'question') continue;
    const item = processBenchItem(record.question.meta);
    if (item === undefined) continue;
    items.push({ questionId: record.question.id, question: record.question.question, steps: item.steps, labelStep: item.firstWrongStep });
    if (plan.limit !== undefined && items.length >= plan.limit) break;
  }
  if (items.length === 0) throw new Error(`${file}: no solution could be read; check it with 'mistakebook dataset inspect'.`);
  return items;
}

export async function critiqueRequests(ctx: StageContext): Promise<StageRequests<Item>> {
  const { plan, store } = ctx;
  const model = requireModel(plan, 'corrector');
  const snapshot = runPrompt(plan.correctionPrompt);
  const prompt = usablePrompt(snapshot.text, snapshot.file, "the run's few-shot prompt has errors, so no critique was asked for; fix the file and create a new run");
  if (prompt.format !== 'steps') throw new Error(`${snapshot.file}: run critique needs a prompt in the step layout (Incorrect Step: Step k.), not the multiple-choice one.`);
  const critiques = await store.table<CritiqueRecord>('critiques');
  const idOf = (item: Item): string => recordId('critique', { questionId: item.questionId, endpoint: model.baseUrl, model: model.model, api: model.api, promptSha256: snapshot.sha256, sampling: model.sampling });
  const items = await readItems(ctx);
  ctx.progress.setTotal(items.length);
  const todo = items.filter((item) => {
    const stored = critiques.has(idOf(item));
    if (stored) ctx.progress.addDone(1);
    return !stored;
  });
  const requestOf = (item: Item): ReturnType<typeof correctorRequest> => correctorRequest(prompt, { question: item.question, originalSteps: item.steps }, model, 1);
  return {
    role: 'corrector',
    model,
    todo,
    itemId: (item) => item.questionId,
    request: (item) => requestOf(item).request,
    ingest: async (item, answer) => {
      const id = idOf(item);
      const sample = answer.samples[0];
      if (sample === undefined || critiques.has(id)) return;
      const read = readFirstWrongStep(`${requestOf(item).cue}${sample.text}`, item.steps.length);
      const row: CritiqueRecord = {
        id,
        questionId: item.questionId,
        model: model.model,
        promptSha256: snapshot.sha256,
        labelStep: item.labelStep,
        steps: item.steps.length,
        raw: sample.text,
        outcome: 'reason' in read ? 'unparseable' : 'parsed',
        ...('reason' in read ? { reason: read.reason } : { predictedStep: read.step }),
        usage: shareOfUsage(answer.usage, answer.samples.length, 0),
        ...(answer.fromCache ? { cached: true } : {}),
        createdAt: new Date().toISOString(),
      };
      if (await critiques.append(row)) ctx.progress.addDone(1);
    },
  };
}

export async function critiqueStage(ctx: StageContext): Promise<void> {
  await runLive(ctx, await critiqueRequests(ctx));
}
