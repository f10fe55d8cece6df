/** The run's models as clients: keys come from the caller at run time, never from run.json. */
import { LlmClient } from '../llm/client';
import type { RetryPolicy } from '../llm/retry';
import type { ModelRole } from '../store/runInfo';
import type { ModelConfig, RunPlan } from './config';

export function requireModel(plan: RunPlan, role: ModelRole): ModelConfig {
  const model = plan.models[role];
  if (model === undefined) {
    throw new Error(`the run has no ${role} model; create a run with one (mistakebook run create --${role === 'corrector' ? 'corrector-' : ''}model …).`);
  }
  return model;
}

export function makeClient(model: ModelConfig, apiKey: string | undefined, cacheDir: string, log: (line: string) => void, retry: Partial<RetryPolicy> | undefined): LlmClient {
  return new LlmClient({
    endpoint: { baseUrl: model.baseUrl, model: model.model, api: model.api, ...(apiKey === undefined ? {} : { apiKey }) },
    cacheDir,
    log,
    ...(retry === undefined ? {} : { retry }),
    ...(model.maxConcurrency === undefined ? {} : { maxConcurrency: model.maxConcurrency }),
    ...(model.requestsPerMinute === undefined ? {} : { requestsPerMinute: model.requestsPerMinute }),
    ...(model.tokensPerMinute === undefined ? {} : { tokensPerMinute: model.tokensPerMinute }),
    ...(model.timeoutMs === undefined ? {} : { timeoutMs: model.timeoutMs }),
  });
}
