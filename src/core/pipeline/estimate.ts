/**
 * What a stage will cost before it sends anything: requests, tokens and dollars, from the prompts
 * it would send (the few-shot prompt and the data), the sampling settings and the price table. A
 * 5,000-example prompt then shows up as "460k tokens a request, $476" instead of a bill.
 */
import type { SampleRequest } from '../llm/wire';
import { costUsd, type PriceTable } from '../llm/usage';
import { COMPLETION_DEFAULT_MAX_TOKENS } from '../llm/wire';
import type { ModelRole } from '../store/runInfo';
import type { PipelineStage } from './progress';
import type { StageRequests } from './work';

/** Tokens a sample is assumed to run to when the run sets no max_tokens (a chain of thought). */
export const ASSUMED_COMPLETION_TOKENS = 512;
/** About four characters a token, as the client estimates for endpoints that report no usage. */
const CHARS_PER_TOKEN = 4;
/** A prompt above this many tokens is worth a word even when the stage is cheap. */
export const LARGE_PROMPT_TOKENS = 100_000;

export interface StageEstimate {
  stage: PipelineStage;
  role: ModelRole;
  model: string;
  /** Requests still to send (what is stored is not asked again). */
  requests: number;
  promptTokens: number;
  /** From max_tokens × samples (an upper bound), or ASSUMED_COMPLETION_TOKENS a sample when max_tokens is unset. */
  completionTokens: number;
  completionBasis: 'maxTokens' | 'assumed';
  /** Prompt tokens of the largest request. */
  largestPromptTokens: number;
  /** Dollars at the price table's price; undefined when it has none for the model (a local model). */
  costUsd: number | undefined;
}

/** Characters of a request's prompt, counted without building the request body. */
function promptChars(prompt: SampleRequest['prompt']): number {
  if (typeof prompt === 'string') return prompt.length;
  let chars = 0;
  for (const m of prompt) chars += m.content.length + 8; // a few for the role and framing
  return chars;
}

/** The estimate for sending `requests.todo`; reads nothing from the network and stores nothing. */
export function estimateStage<T>(stage: PipelineStage, requests: StageRequests<T>, prices: PriceTable): StageEstimate {
  const { model } = requests;
  const perSample = model.sampling.maxTokens ?? (model.api === 'completion' ? COMPLETION_DEFAULT_MAX_TOKENS : ASSUMED_COMPLETION_TOKENS);
  let promptTokens = 0;
  let completionTokens = 0;
  let largest = 0;
  for (const item of requests.todo) {
    const request = requests.request(item);
    const tokens = Math.ceil(promptChars(request.prompt) / CHARS_PER_TOKEN);
    promptTokens += tokens;
    largest = Math.max(largest, tokens);
    completionTokens += (request.n ?? 1) * perSample;
  }
  return {
    stage,
    role: requests.role,
    model: model.model,
    requests: requests.todo.length,
    promptTokens,
    completionTokens,
    completionBasis: model.sampling.maxTokens === undefined && model.api !== 'completion' ? 'assumed' : 'maxTokens',
    largestPromptTokens: largest,
    costUsd: costUsd(model.model, { promptTokens, completionTokens }, prices),
  };
}

/** "1.2M", "460k", "812" */
export function describeTokens(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(n);
}

/** One line for a person: what the stage will send and what it may cost. */
export function describeEstimate(e: StageEstimate): string {
  const cost = e.costUsd === undefined ? `no price for ${e.model} (add it to the price table)` : `≈ $${e.costUsd.toFixed(2)} at ${e.model}'s price`;
  const completion = `${describeTokens(e.completionTokens)} completion tokens (${e.completionBasis === 'maxTokens' ? 'at most, from max_tokens' : `assuming ${ASSUMED_COMPLETION_TOKENS} a sample`})`;
  const large = e.largestPromptTokens > LARGE_PROMPT_TOKENS ? `; the largest request alone carries ${describeTokens(e.largestPromptTokens)} prompt tokens` : '';
  return `${e.stage}: ${e.requests} request${e.requests === 1 ? '' : 's'} to ${e.model}, ≈ ${describeTokens(e.promptTokens)} prompt + ${completion}, ${cost}; cached answers cost nothing${large}`;
}

/** When a stage needs a yes before it sends: its cost above `maxUsd`, or (unpriced) its tokens above `maxTokens`. */
export interface CostThreshold {
  maxUsd: number;
  maxTokens: number;
}

export const DEFAULT_COST_THRESHOLD: CostThreshold = { maxUsd: 5, maxTokens: 20_000_000 };

/** Why the estimate needs confirming, or undefined when it is under the threshold. */
export function overThreshold(e: StageEstimate, t: CostThreshold): string | undefined {
  if (e.costUsd !== undefined && e.costUsd > t.maxUsd) return `the estimate ($${e.costUsd.toFixed(2)}) is above $${t.maxUsd.toFixed(2)}`;
  const tokens = e.promptTokens + e.completionTokens;
  if (tokens > t.maxTokens) return `the estimate (${describeTokens(tokens)} tokens) is above ${describeTokens(t.maxTokens)} tokens`;
  return undefined;
}

/** Thrown out of a stage whose estimate was not confirmed: nothing was sent. */
export class CostNotConfirmed extends Error {}
