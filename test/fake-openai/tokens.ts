/**
 * A deterministic stand-in for a tokenizer: a token is a run of letters/digits or one other
 * non-space character. Real tokenizers differ; tests only need counts that are stable and
 * roughly proportional to length.
 */
const TOKEN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

export function countTokens(text: string): number {
  return text.match(TOKEN)?.length ?? 0;
}

/** The longest prefix of `text` holding at most `limit` tokens, and whether anything was cut. */
export function truncateToTokens(text: string, limit: number): { text: string; cut: boolean } {
  let seen = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (seen === limit) return { text: text.slice(0, m.index), cut: true };
    seen += 1;
  }
  return { text, cut: false };
}
