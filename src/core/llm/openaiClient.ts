/**
 * The one place an `openai` SDK client is made (the model client, the Batch API, listing an
 * endpoint's models): the same defaults everywhere, and no Authorization (or api-key) header at all
 * when there is no key — a local server needs none, and a placeholder key must never travel.
 */
import OpenAI, { AzureOpenAI } from 'openai';

export interface OpenAiConnection {
  /** The endpoint's base URL, e.g. http://gpu1:8000/v1. */
  baseUrl: string;
  /** Absent or empty: no key is sent. */
  apiKey?: string;
  timeoutMs: number;
  /** The SDK's own retries; the model client does its own (0). */
  maxRetries?: number;
  /** Azure OpenAI: the API version, and the deployment the requests go to. */
  azure?: { apiVersion: string; deployment: string };
}

export function openAiClient(c: OpenAiConnection): OpenAI {
  const noKey = c.apiKey === undefined || c.apiKey === '';
  const common = {
    // The SDK insists on a key; without one it gets a placeholder and the header made from it is removed.
    apiKey: noKey ? 'no-key' : (c.apiKey as string),
    organization: null,
    project: null,
    maxRetries: c.maxRetries ?? 0,
    timeout: Math.ceil(c.timeoutMs),
    logLevel: 'off' as const,
    ...(noKey ? { defaultHeaders: { Authorization: null, 'api-key': null } } : {}),
  };
  if (c.azure === undefined) return new OpenAI({ ...common, baseURL: c.baseUrl });
  const at = c.baseUrl.includes('/openai') ? { baseURL: c.baseUrl } : { endpoint: c.baseUrl };
  return new AzureOpenAI({ ...common, apiVersion: c.azure.apiVersion, deployment: c.azure.deployment, ...at });
}
