/**
 * Comparing a run's correction variants, in one pass over its corrections: per variant its counts,
 * verify rate, ratings and cost; per pair of variants the paired table over the mistakes both
 * corrected (McNemar's exact test), agreement on the incorrect step (share and Cohen's kappa) and
 * the blind preferences (sign test). Memory grows with mistakes × variants, not with correction texts.
 */
import { costUsd, type PriceTable } from '../llm/usage';
import type { CorrectionRecord } from '../pipeline/records';
import type { Rating } from '../store/ratings';
import { rateEstimate } from '../stats/interval';
import { cohensKappa } from '../stats/kappa';
import { mcnemarExactP, SIGNIFICANCE_LEVEL, significanceText, signTest } from '../stats/significance';
import type { ComparisonReport, PairCell, PairRow, VariantRow } from './compareReport';
import { PreferenceVotes, type PreferenceRecord } from './preferences';
import { variantLabel, variantOf, type Variant } from './variant';

/** What pairing needs of a variant's first correction of a mistake. */
interface FirstCorrection {
  index: number;
  id: string;
  verified: boolean;
  /** The incorrect step a parsed correction names. */
  step: number | undefined;
}

interface MistakeEntry {
  questionId: string;
  byVariant: Map<string, FirstCorrection>;
}

interface VariantTally {
  mistakes: Set<string>;
  corrections: number;
  parsed: number;
  verified: number;
  ratings: { excellent: number; good: number; poor: number; unrated: number };
  promptTokens: number;
  completionTokens: number;
  cachedCalls: number;
}

/** A mistake a cell of the paired table stands for. */
export interface CellMistake {
  pathId: string;
  questionId: string;
}

export class VariantComparison {
  private readonly seen = new Set<string>();
  private readonly mistakes = new Map<string, MistakeEntry>();
  private readonly tallies = new Map<string, VariantTally>();
  private readonly votes = new PreferenceVotes();
  private readonly originalId: string;

  constructor(
    private readonly runId: string,
    private readonly runLabel: string,
    readonly variants: readonly Variant[],
    private readonly ratings: ReadonlyMap<string, Rating>,
    private readonly prices: PriceTable,
  ) {
    this.originalId = variants.find((v) => v.original)?.id ?? '';
    for (const v of variants) {
      this.tallies.set(v.id, { mistakes: new Set(), corrections: 0, parsed: 0, verified: 0, ratings: { excellent: 0, good: 0, poor: 0, unrated: 0 }, promptTokens: 0, completionTokens: 0, cachedCalls: 0 });
    }
  }

  /** One row of corrections.jsonl; a repeated row counts once, a correction of no known variant not at all. */
  correction(c: CorrectionRecord): void {
    if (this.seen.has(c.id)) return;
    this.seen.add(c.id);
    const variant = variantOf(c, this.originalId);
    const t = this.tallies.get(variant);
    if (t === undefined) return;
    t.mistakes.add(c.pathId);
    t.corrections++;
    if (c.outcome === 'parsed') t.parsed++;
    if (c.verified) t.verified++;
    const rating = this.ratings.get(c.id)?.rating;
    if (rating !== undefined) t.ratings[rating]++;
    else if (c.verified) t.ratings.unrated++;
    if (c.cached === true) t.cachedCalls++;
    else if (c.usage !== undefined) {
      t.promptTokens += c.usage.promptTokens;
      t.completionTokens += c.usage.completionTokens;
    }
    let m = this.mistakes.get(c.pathId);
    if (m === undefined) this.mistakes.set(c.pathId, (m = { questionId: c.questionId, byVariant: new Map() }));
    const first = m.byVariant.get(variant);
    // The variant's first correction of the mistake stands for it, so a variant asked more often is not favoured.
    if (first === undefined || c.correctionIndex < first.index) {
      m.byVariant.set(variant, { index: c.correctionIndex, id: c.id, verified: c.verified, step: c.outcome === 'parsed' ? c.incorrectStep : undefined });
    }
  }

  preference(p: PreferenceRecord): void {
    this.votes.add(p);
  }

  /** The report for these variants (default: all) and every pair of them, in the order given. */
  report(chosen: readonly string[] = this.variants.map((v) => v.id)): ComparisonReport {
    const variants = chosen.map((id) => this.variant(id));
    // Verdicts name the variants by letter, as both front ends list them: A, B, C… in this order.
    const names = new Map(variants.map((v, i) => [v.id, String.fromCharCode(65 + (i % 26))]));
    const name = (id: string): string => names.get(id) ?? id;
    const pairs: PairRow[] = [];
    for (let i = 0; i < variants.length; i++) {
      for (let j = i + 1; j < variants.length; j++) pairs.push(this.pair(variants[i]?.id ?? '', variants[j]?.id ?? '', name));
    }
    return { runId: this.runId, runLabel: this.runLabel, level: SIGNIFICANCE_LEVEL, variants: variants.map((v) => this.variantRow(v)), pairs };
  }

  /** The mistakes a cell of a pair's table stands for, in the order they were corrected. */
  cell(a: string, b: string, cell: PairCell): CellMistake[] {
    const out: CellMistake[] = [];
    for (const [pathId, m] of this.mistakes) {
      const x = m.byVariant.get(a);
      const y = m.byVariant.get(b);
      if (x === undefined || y === undefined) continue;
      if (cellOf(x.verified, y.verified) === cell) out.push({ pathId, questionId: m.questionId });
    }
    return out;
  }

  /** The mistakes both variants corrected, each with the two first corrections (for blind review). */
  pairedMistakes(a: string, b: string): { pathId: string; questionId: string; a: string; b: string }[] {
    const out: { pathId: string; questionId: string; a: string; b: string }[] = [];
    for (const [pathId, m] of this.mistakes) {
      const x = m.byVariant.get(a);
      const y = m.byVariant.get(b);
      if (x !== undefined && y !== undefined) out.push({ pathId, questionId: m.questionId, a: x.id, b: y.id });
    }
    return out;
  }

  votedBy(a: string, b: string, who: string, pathId: string): boolean {
    return this.votes.voted(a, b, who, pathId);
  }

  private variant(id: string): Variant {
    const v = this.variants.find((x) => x.id === id);
    if (v === undefined) throw new Error(`run ${this.runId} has no variant ${id}`);
    return v;
  }

  private variantRow(v: Variant): VariantRow {
    const t = this.tallies.get(v.id) ?? { mistakes: new Set(), corrections: 0, parsed: 0, verified: 0, ratings: { excellent: 0, good: 0, poor: 0, unrated: 0 }, promptTokens: 0, completionTokens: 0, cachedCalls: 0 };
    const verify = rateEstimate(t.verified, t.corrections);
    const rated = t.ratings.excellent + t.ratings.good + t.ratings.poor;
    const cost = costUsd(v.model.model, { promptTokens: t.promptTokens, completionTokens: t.completionTokens }, this.prices);
    return {
      id: v.id,
      label: variantLabel(v),
      original: v.original,
      model: v.model.model,
      endpoint: v.model.baseUrl,
      promptSha256: v.prompt.sha256,
      promptFile: v.prompt.file ?? null,
      mistakes: t.mistakes.size,
      corrections: t.corrections,
      parsed: t.parsed,
      verified: t.verified,
      verifyRate: t.corrections === 0 ? null : verify.value,
      verifyCi95: [verify.low, verify.high],
      verify,
      parse: rateEstimate(t.parsed, t.corrections),
      ratings: { ...t.ratings },
      ratingShares: { excellent: rateEstimate(t.ratings.excellent, rated), good: rateEstimate(t.ratings.good, rated), poor: rateEstimate(t.ratings.poor, rated) },
      promptTokens: t.promptTokens,
      completionTokens: t.completionTokens,
      cachedCalls: t.cachedCalls,
      costUsd: cost ?? null,
    };
  }

  private pair(a: string, b: string, name: (id: string) => string): PairRow {
    const counts: Record<PairCell, number> = { bothVerified: 0, onlyA: 0, onlyB: 0, neither: 0 };
    const steps: [number, number][] = [];
    for (const m of this.mistakes.values()) {
      const x = m.byVariant.get(a);
      const y = m.byVariant.get(b);
      if (x === undefined || y === undefined) continue;
      counts[cellOf(x.verified, y.verified)]++;
      if (x.step !== undefined && y.step !== undefined) steps.push([x.step, y.step]);
    }
    const paired = counts.bothVerified + counts.onlyA + counts.onlyB + counts.neither;
    const mcnemarP = mcnemarExactP(counts.onlyA, counts.onlyB);
    const same = steps.filter(([x, y]) => x === y).length;
    const kappa = cohensKappa(steps);
    const preferences = this.votes.tally(a, b);
    const sign = signTest(preferences.a, preferences.b, preferences.tie);
    const sameStepRate = rateEstimate(same, steps.length);
    return {
      a,
      b,
      paired,
      ...counts,
      pairedA: rateEstimate(counts.bothVerified + counts.onlyA, paired),
      pairedB: rateEstimate(counts.bothVerified + counts.onlyB, paired),
      mcnemarP,
      significant: mcnemarP < SIGNIFICANCE_LEVEL,
      verdict: verifyVerdict(name(a), name(b), counts, paired, mcnemarP),
      sameStep: steps.length === 0 ? null : sameStepRate.value,
      sameStepRate,
      stepKappa: kappa.kappa,
      stepPairs: steps.length,
      preferences,
      preferenceRate: rateEstimate(preferences.a, sign.n),
      preferenceP: sign.p,
      preferenceSignificant: sign.p < SIGNIFICANCE_LEVEL,
      preferenceVerdict: preferenceVerdict(name(a), name(b), preferences, sign.p),
    };
  }
}

function cellOf(a: boolean, b: boolean): PairCell {
  if (a && b) return 'bothVerified';
  if (a) return 'onlyA';
  if (b) return 'onlyB';
  return 'neither';
}

function verifyVerdict(a: string, b: string, c: Record<PairCell, number>, paired: number, p: number): string {
  if (paired === 0) return 'no mistake was corrected by both, so nothing to compare';
  const test = `McNemar exact ${significanceText(p)}`;
  if (c.onlyA === c.onlyB) return `the two verify equally often on the ${paired} paired mistakes (${test})`;
  const [better, worse] = c.onlyA > c.onlyB ? [a, b] : [b, a];
  return p < SIGNIFICANCE_LEVEL ? `${better} verifies more often than ${worse} (${test})` : `${better} verified more often here, but the difference is not significant (${test})`;
}

function preferenceVerdict(a: string, b: string, t: { a: number; b: number; tie: number }, p: number): string {
  const decided = t.a + t.b;
  if (decided === 0) return t.tie === 0 ? 'no blind votes yet' : `${t.tie} tie${t.tie === 1 ? '' : 's'}, no decided vote yet`;
  const test = `sign test ${significanceText(p)}`;
  if (t.a === t.b) return `each preferred equally often (${test})`;
  const [better, worse] = t.a > t.b ? [a, b] : [b, a];
  return p < SIGNIFICANCE_LEVEL ? `${better} is preferred to ${worse} (${test})` : `${better} was preferred more often, but not significantly (${test})`;
}
