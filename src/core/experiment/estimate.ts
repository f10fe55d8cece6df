/**
 * What an experiment will cost before anything is uploaded: training (tokens of each set × epochs
 * at the base model's training price) and the evaluation of three models on the test set (the base
 * at its price, the two fine-tuned models at the fine-tuned price), from `mistakebook.prices`. A job
 * already started costs nothing more; a model without a price is named and left out of the total.
 */
import { describeTokens } from '../pipeline/estimate';
import { priceFor, type PriceTable } from '../llm/usage';
import type { EstimateLine, ExperimentEstimate } from './types';

/** What the engine is assumed to choose when the epochs are left to it (OpenAI's "auto" gives 3 for sets of a few hundred or more). */
export const ASSUMED_EPOCHS = 3;

export interface EstimateInput {
  experimentId: string;
  baseModel: string;
  /** Tokens of one pass over each set, and its examples. */
  sets: { cot: { tokens: number; examples: number }; lema: { tokens: number; examples: number } };
  /** Sets whose job was started before: no new training cost. */
  started: ReadonlySet<'cot' | 'lema'>;
  /** Models whose evaluation is stored: nothing asked again. */
  evaluated?: ReadonlySet<'base' | 'cot' | 'lema'>;
  epochs: number | undefined;
  /** Test questions, their prompt tokens summed (one request of k samples each), samples and the cap of an answer. */
  test: { questions: number; promptTokens: number; samplesPerQuestion: number; maxTokens: number };
  prices: PriceTable;
}

export function estimateExperiment(input: EstimateInput): ExperimentEstimate {
  const lines: EstimateLine[] = [];
  const base = priceFor(input.baseModel, input.prices);
  const epochs = input.epochs ?? ASSUMED_EPOCHS;
  for (const set of ['cot', 'lema'] as const) {
    const tokens = input.sets[set].tokens * epochs;
    const what = `train ${set === 'cot' ? 'CoT-only' : 'LEMA (CoT + corrections)'} on ${input.sets[set].examples} examples`;
    if (input.started.has(set)) {
      lines.push({ what, tokens: 0, costUsd: 0, note: 'job started before; nothing new' });
      continue;
    }
    const note = `${describeTokens(input.sets[set].tokens)} tokens × ${epochs} epochs${input.epochs === undefined ? ', assumed: the engine chooses' : ''}`;
    lines.push({ what, tokens, costUsd: base?.trainingPerMillion === undefined ? undefined : (tokens * base.trainingPerMillion) / 1e6, note });
  }
  const { questions, promptTokens, samplesPerQuestion, maxTokens } = input.test;
  const completion = questions * samplesPerQuestion * maxTokens;
  const evalCost = (price: { inputPerMillion: number; outputPerMillion: number } | undefined): number | undefined =>
    price === undefined ? undefined : (promptTokens * price.inputPerMillion + completion * price.outputPerMillion) / 1e6;
  const fineTuned = priceFor(`ft:${input.baseModel}:`, input.prices);
  const note = `${questions} questions × ${samplesPerQuestion} samples; ${describeTokens(promptTokens)} prompt + at most ${describeTokens(completion)} completion tokens`;
  const evaluation = (role: 'base' | 'cot' | 'lema', what: string, price: typeof base): EstimateLine =>
    input.evaluated?.has(role) === true ? { what, tokens: 0, costUsd: 0, note: 'evaluated before; nothing new' } : { what, tokens: promptTokens + completion, costUsd: evalCost(price), note };
  lines.push(evaluation('base', `evaluate the base model ${input.baseModel}`, base));
  lines.push(evaluation('cot', 'evaluate the CoT-only model', fineTuned), evaluation('lema', 'evaluate the LEMA model', fineTuned));
  let totalUsd = 0;
  const unpriced: string[] = [];
  for (const l of lines) {
    if (l.costUsd === undefined) unpriced.push(l.what);
    else totalUsd += l.costUsd;
  }
  return { experimentId: input.experimentId, lines, totalUsd, unpriced, examples: { cot: input.sets.cot.examples, lema: input.sets.lema.examples } };
}

/** The estimate for a person, one line each and the total. */
export function describeExperimentEstimate(e: ExperimentEstimate, baseModel: string): string {
  const rows = e.lines.map((l) => `  ${l.what}: ${l.costUsd === undefined ? 'no price' : `$${l.costUsd.toFixed(2)}`}${l.note === undefined ? '' : ` (${l.note})`}`);
  const unpriced = e.unpriced.length === 0 ? '' : ` — without a price for ${e.unpriced.length === e.lines.length ? baseModel : e.unpriced.join(', ')} (add it to mistakebook.prices / --prices)`;
  return [`Experiment ${e.experimentId}: estimated cost ≈ $${e.totalUsd.toFixed(2)}${unpriced}`, ...rows].join('\n');
}
