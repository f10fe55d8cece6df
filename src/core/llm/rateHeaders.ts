/**
 * The rate-limit headers OpenAI-compatible endpoints send with every answer (OpenAI, Azure, many
 * proxies): `x-ratelimit-remaining-requests` / `-tokens` and when they refill,
 * `x-ratelimit-reset-requests` / `-tokens` ("1s", "6m0s", "250ms"). When one is at zero, every
 * request sent before the reset would be refused, so the client holds them all back until then.
 */

/** "6m0s", "1.5s", "250ms", "2h" or plain seconds → milliseconds; undefined when unreadable. */
export function parseResetDuration(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const value = text.trim();
  if (value === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value) * 1000;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let rest = value;
  while (rest !== '') {
    const m = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * (unit[m[2] as string] ?? 0);
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** Milliseconds until the exhausted budget (requests or tokens) refills, or undefined when none is exhausted. */
export function exhaustedForMs(headers: Headers | undefined): number | undefined {
  if (headers === undefined) return undefined;
  let wait: number | undefined;
  for (const what of ['requests', 'tokens']) {
    const remaining = headers.get(`x-ratelimit-remaining-${what}`);
    if (remaining === null || Number(remaining) > 0) continue;
    const reset = parseResetDuration(headers.get(`x-ratelimit-reset-${what}`));
    if (reset !== undefined) wait = Math.max(wait ?? 0, reset);
  }
  return wait;
}
