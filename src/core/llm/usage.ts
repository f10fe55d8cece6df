/** Tokens and dollars: per request, and summed over a run, from a price table the user can edit. */
import type { Diagnostic } from '../diagnostic';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** US dollars per million tokens, for one model. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  /**
   * Fine-tuning (issue 19), all optional: the price of a training token (billed per token of the
   * file, per epoch), and of the input and output tokens of a model fine-tuned from this one
   * (`ft:<this model>:…`). Without them a fine-tuning estimate says the price is unknown.
   */
  trainingPerMillion?: number;
  fineTunedInputPerMillion?: number;
  fineTunedOutputPerMillion?: number;
}

const FINE_TUNING_FIELDS = ['trainingPerMillion', 'fineTunedInputPerMillion', 'fineTunedOutputPerMillion'] as const;

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * List prices (USD per 1M tokens) of a few OpenAI models when this table was written, with the
 * standard (not batch) fine-tuning prices of those that can be fine-tuned: training per token and
 * epoch, and the fine-tuned model's input and output. Prices change and contracts differ: users
 * override it with their own table (`parsePriceTable`). Local servers (vLLM, Ollama, llama.cpp)
 * have no price, and their cost is reported as unknown.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10, trainingPerMillion: 25, fineTunedInputPerMillion: 3.75, fineTunedOutputPerMillion: 15 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, trainingPerMillion: 3, fineTunedInputPerMillion: 0.3, fineTunedOutputPerMillion: 1.2 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8, trainingPerMillion: 25, fineTunedInputPerMillion: 3, fineTunedOutputPerMillion: 12 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6, trainingPerMillion: 5, fineTunedInputPerMillion: 0.8, fineTunedOutputPerMillion: 3.2 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4, trainingPerMillion: 1.5, fineTunedInputPerMillion: 0.2, fineTunedOutputPerMillion: 0.8 },
  'gpt-4-turbo': { inputPerMillion: 10, outputPerMillion: 30 },
  'gpt-4': { inputPerMillion: 30, outputPerMillion: 60 },
  'gpt-3.5-turbo': { inputPerMillion: 0.5, outputPerMillion: 1.5, trainingPerMillion: 8, fineTunedInputPerMillion: 3, fineTunedOutputPerMillion: 6 },
};

/**
 * The model's price; a dated snapshot (`gpt-4o-2024-08-06`) takes its family's price, and a
 * fine-tuned model (`ft:gpt-4o-mini-2024-07-18:org:suffix:id`) its base's fine-tuned price.
 */
export function priceFor(model: string, prices: PriceTable): ModelPrice | undefined {
  const fineTuned = /^ft:([^:]+):/.exec(model);
  if (fineTuned?.[1] !== undefined && prices[model] === undefined) {
    const base = priceFor(fineTuned[1], prices);
    if (base?.fineTunedInputPerMillion === undefined || base.fineTunedOutputPerMillion === undefined) return undefined;
    return { inputPerMillion: base.fineTunedInputPerMillion, outputPerMillion: base.fineTunedOutputPerMillion };
  }
  const exact = prices[model];
  if (exact) return exact;
  const family = /^(.*)-\d{4}-\d{2}-\d{2}$|^(.*)-\d{4}$/.exec(model);
  const base = family?.[1] ?? family?.[2];
  return base === undefined ? undefined : prices[base];
}

/** Dollars for `usage` of `model`, or undefined when the table has no price for it. */
export function costUsd(model: string, usage: TokenUsage, prices: PriceTable): number | undefined {
  const p = priceFor(model, prices);
  return p && (usage.promptTokens * p.inputPerMillion + usage.completionTokens * p.outputPerMillion) / 1e6;
}

/**
 * Reads a price table from JSON: `{ "model": { "inputPerMillion": 2.5, "outputPerMillion": 10 } }`.
 * Bad entries are reported and left out; the rest is used.
 */
export function parsePriceTable(text: string, file: string): { prices: PriceTable; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { prices: {}, diagnostics: [{ file, line: 1, severity: 'error', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { prices: {}, diagnostics: [{ file, line: 1, severity: 'error', message: 'expected an object mapping model names to { "inputPerMillion", "outputPerMillion" }' }] };
  }
  const prices: Record<string, ModelPrice> = {};
  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    const e = entry as Partial<Record<keyof ModelPrice, unknown>> | null;
    const input = e?.inputPerMillion;
    const output = e?.outputPerMillion;
    const extra = FINE_TUNING_FIELDS.filter((f) => e?.[f] !== undefined);
    const badExtra = extra.find((f) => typeof e?.[f] !== 'number' || (e[f] as number) < 0);
    if (typeof input === 'number' && typeof output === 'number' && input >= 0 && output >= 0 && badExtra === undefined) {
      const price: ModelPrice = { inputPerMillion: input, outputPerMillion: output };
      for (const f of extra) price[f] = e?.[f] as number;
      prices[model] = price;
    } else if (badExtra !== undefined) {
      diagnostics.push({ file, line: lineOf(text, model), severity: 'error', message: `price of "${model}": "${badExtra}" must be a non-negative number (USD per 1M tokens)` });
    } else {
      diagnostics.push({ file, line: lineOf(text, model), severity: 'error', message: `price of "${model}" needs non-negative numbers "inputPerMillion" and "outputPerMillion" (USD per 1M tokens)` });
    }
  }
  return { prices, diagnostics };
}

function lineOf(text: string, key: string): number {
  const at = text.indexOf(JSON.stringify(key));
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

/** What a run has spent: requests that reached the endpoint, and those the cache answered instead. */
export interface RunUsage extends TokenUsage {
  /** Requests answered by the endpoint (each retry of one counts once more in `retries`). */
  requests: number;
  retries: number;
  cacheHits: number;
  /** Tokens the cache saved re-paying. */
  cachedTokens: number;
  /** Dollars spent on models with a price. */
  costUsd: number;
  /** Models used that the price table does not know, so `costUsd` leaves them out. */
  unpricedModels: string[];
}

export class UsageMeter {
  private readonly total: RunUsage = { requests: 0, retries: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, cachedTokens: 0, costUsd: 0, unpricedModels: [] };

  constructor(private readonly prices: PriceTable) {}

  recordResponse(model: string, usage: TokenUsage, fromCache: boolean): void {
    if (fromCache) {
      this.total.cacheHits += 1;
      this.total.cachedTokens += usage.promptTokens + usage.completionTokens;
      return;
    }
    this.total.requests += 1;
    this.total.promptTokens += usage.promptTokens;
    this.total.completionTokens += usage.completionTokens;
    const cost = costUsd(model, usage, this.prices);
    if (cost === undefined) {
      if (!this.total.unpricedModels.includes(model)) this.total.unpricedModels.push(model);
    } else {
      this.total.costUsd += cost;
    }
  }

  recordRetry(): void {
    this.total.retries += 1;
  }

  snapshot(): RunUsage {
    return { ...this.total, unpricedModels: [...this.total.unpricedModels] };
  }
}
