/**
 * Deterministic choice of examples: the same inputs and seed give the same file, byte for byte, on
 * any machine. Examples are first put in a stable order (by key), then shuffled with a seeded
 * generator, then cut to size. Only keys are compared, so the shuffle runs over references to the
 * examples (`ExampleRef`) as well as over the examples themselves, with the same result.
 */
/** mulberry32: tiny, fast and good enough to shuffle training data; Math.random cannot be seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher–Yates shuffle of the examples in key order. */
export function shuffleExamples<T extends { key: string }>(examples: readonly T[], seed: number): T[] {
  const out = [...examples].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * `size` examples chosen under `seed`, or all of them shuffled. A pool smaller than the size asked
 * is an error, not a silent shortfall: an ablation of unequal sizes would mislead.
 */
export function chooseExamples<T extends { key: string }>(examples: readonly T[], seed: number, size: number | undefined, what: string): T[] {
  const shuffled = shuffleExamples(examples, seed);
  if (size === undefined) return shuffled;
  if (!Number.isInteger(size) || size < 0) throw new Error(`size must be a whole number ≥ 0 (got ${size})`);
  if (size > shuffled.length) {
    throw new Error(
      `asked for ${size} examples but the filters leave only ${shuffled.length} ${what}; sample more paths (Augment CoT / Generate Corrections), loosen the filters, or ask for fewer`,
    );
  }
  return shuffled.slice(0, size);
}

/**
 * The equal-size ablation's CoT set (issue 19): every example not of source `topUp` kept, and
 * examples of `topUp` chosen under the seed to fill `size`, the whole shuffled. Too small a pool is
 * an error, as in chooseExamples.
 */
export function topUpExamples<T extends { key: string; source: string }>(examples: readonly T[], topUp: string, seed: number, size: number | undefined, what: string): T[] {
  const kept = examples.filter((e) => e.source !== topUp);
  const pool = examples.filter((e) => e.source === topUp);
  const wanted = size === undefined ? pool.length : size - kept.length;
  if (wanted < 0) throw new Error(`asked for ${size ?? 0} examples but ${kept.length} ${what} are kept before any ${topUp} one; ask for more`);
  if (wanted > pool.length) {
    throw new Error(`asked for ${size ?? 0} examples: ${kept.length} kept and ${wanted} ${topUp} ones to fill up, but the filters leave only ${pool.length} ${topUp} examples; sample more paths (Augment CoT), loosen the filters, or ask for fewer`);
  }
  return shuffleExamples([...kept, ...shuffleExamples(pool, seed).slice(0, wanted)], seed);
}
