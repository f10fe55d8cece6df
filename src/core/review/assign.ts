/**
 * Assign Review: unrated corrections split among named raters, a chosen share of them (the overlap)
 * given to two raters so their agreement can be measured. Seeded, so the same corrections, raters,
 * overlap and seed give the same split on any machine. Overlap items go to each pair of raters in
 * turn (every pair gets shared items to compute its kappa on); single items go to whoever has the
 * fewest so far, so shares differ by one at most.
 */
import { shuffleExamples } from '../export/sample';
import { checkRaterName } from '../store/raters';

export interface ReviewAssignment {
  formatVersion: 1;
  createdAt: string;
  seed: number;
  /** Share of the corrections given to two raters, 0–1. */
  overlap: number;
  raters: string[];
  /** Rater → the correction ids assigned to them, in the order they were dealt. */
  shares: Record<string, string[]>;
}

export function assignReview(correctionIds: readonly string[], raters: readonly string[], overlap: number, seed: number, at: Date = new Date()): ReviewAssignment {
  const names = [...new Set(raters.map(checkRaterName))];
  if (names.length === 0) throw new Error('name at least one rater to assign the review to.');
  if (!(overlap >= 0 && overlap <= 1)) throw new Error(`the overlap is a share between 0 and 1 (0.2 = 20% rated by two); got ${overlap}.`);
  if (overlap > 0 && names.length < 2) throw new Error('an overlap needs two raters or more.');
  if (!Number.isInteger(seed)) throw new Error(`the seed is a whole number; got ${seed}.`);
  const order = shuffleExamples([...new Set(correctionIds)].map((key) => ({ key })), seed).map((e) => e.key);
  const doubled = Math.round(overlap * order.length);
  const shares: Record<string, string[]> = Object.fromEntries(names.map((n) => [n, []]));
  const load = (name: string): number => shares[name]?.length ?? 0;
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push([names[i] as string, names[j] as string]);
  order.forEach((id, k) => {
    if (k < doubled) {
      for (const name of pairs[k % pairs.length] as [string, string]) shares[name]?.push(id);
      return;
    }
    // The least loaded rater; ties go to the first named.
    let chosen = names[0] as string;
    for (const name of names) if (load(name) < load(chosen)) chosen = name;
    shares[chosen]?.push(id);
  });
  return { formatVersion: 1, createdAt: at.toISOString(), seed, overlap, raters: names, shares };
}

/** A rater's share as a set, or undefined when the assignment does not name them (they may rate anything). */
export function shareOf(assignment: ReviewAssignment | undefined, rater: string): ReadonlySet<string> | undefined {
  const ids = assignment?.shares[rater];
  return ids === undefined ? undefined : new Set(ids);
}

/** "ann 12, ben 12 (3 shared by two)": what an assignment gave, in a line. */
export function describeAssignment(a: ReviewAssignment): string {
  const counts = a.raters.map((r) => `${r} ${a.shares[r]?.length ?? 0}`).join(', ');
  const seen = new Set<string>();
  let twice = 0;
  for (const ids of Object.values(a.shares)) for (const id of ids) if (seen.has(id)) twice++; else seen.add(id);
  return `${seen.size} corrections: ${counts} (${twice} rated by two; overlap ${Math.round(a.overlap * 100)}%, seed ${a.seed})`;
}
