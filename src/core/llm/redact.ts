/**
 * Keys never leave the client in an error, a log line or a cache file. Servers sometimes echo
 * the key they were sent, so every outgoing text passes through here.
 */

const PLACEHOLDER = '[redacted]';

/** `text` with `secrets`, bearer tokens, `api-key` header values and `sk-…` keys replaced. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    // Very short "keys" (e.g. "none" for local servers) are not secrets and would mangle text.
    if (s !== undefined && s.length >= 8) out = out.split(s).join(PLACEHOLDER);
  }
  return out
    .replace(/(authorization["']?\s*[:=]\s*["']?bearer\s+)[^\s"',}]+/gi, `$1${PLACEHOLDER}`)
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g, `Bearer ${PLACEHOLDER}`)
    .replace(/(api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, `$1${PLACEHOLDER}`)
    .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, PLACEHOLDER);
}
