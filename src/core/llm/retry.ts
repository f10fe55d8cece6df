/** When to try a failed request again, and after how long. */
import type { LlmError } from './errors';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** Backoff before the 2nd try; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the request fails and says so. */
  maxRetryAfterMs: number;
  /**
   * How long one request may spend, in all, waiting out 429s (rate limited, not out of credit).
   * Within it a rate-limited request is retried however often it takes, and its 429s do not count
   * against `maxAttempts`: an overnight run against a busy endpoint finishes instead of failing.
   * 0: a 429 is a failure like any other, counted against `maxAttempts`.
   */
  rateLimitBudgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 5 * 60_000, rateLimitBudgetMs: 60 * 60_000 };

/**
 * The wait before the next try after `attempt` failed with `error`, or undefined when it should
 * not be retried. Honours the endpoint's `Retry-After`, plus a little jitter so that requests it
 * held back together do not all return at once; otherwise exponential backoff with equal jitter.
 */
export function retryDelayMs(attempt: number, error: LlmError, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (!error.retryable || attempt >= policy.maxAttempts) return undefined;
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) return undefined;
    return error.retryAfterMs + random() * Math.min(1000, error.retryAfterMs * 0.1);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * The wait before retrying a request after its `limited`-th 429, given it has waited `waitedMs` on
 * 429s already; undefined once that would go past the policy's rate-limit budget (or the endpoint
 * asks for a wait longer than `maxRetryAfterMs`). The endpoint's `Retry-After` when it sends one,
 * else exponential backoff; jittered either way, so requests held back together do not return together.
 */
export function rateLimitDelayMs(limited: number, waitedMs: number, error: LlmError, policy: RetryPolicy, random: () => number = Math.random): number | undefined {
  if (!error.retryable) return undefined;
  let delay: number;
  if (error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) return undefined;
    delay = error.retryAfterMs + random() * Math.min(1000, Math.max(10, error.retryAfterMs * 0.5));
  } else {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(30, limited - 1));
    delay = ceiling / 2 + random() * (ceiling / 2);
  }
  return waitedMs + delay > policy.rateLimitBudgetMs ? undefined : delay;
}
