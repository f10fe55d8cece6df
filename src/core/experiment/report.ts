/**
 * The experiment's report: each model's pass@1 (mean of k, with its interval) and majority vote,
 * and paired tests between the models on the same questions — McNemar's exact test on each
 * question's majority verdict (right or wrong), at the tool's significance level. Written as
 * report.json (the keys the issue names) and as Markdown.
 */
import { mcnemarExactP, signTest, SIGNIFICANCE_LEVEL } from '../stats/significance';
import type { ExperimentReport, ModelResult, ModelRoleInExperiment, PairResult } from './types';

export const PAIRS_METHOD =
  "McNemar's exact two-sided test on each test question's majority-vote verdict (right or wrong), and the exact sign test on each question's pass@1 (share of its k samples right; ties set aside), the same questions for both models";
export const MAJORITY_METHOD = 'share of questions whose most frequent answer among the k samples is right; 95% Wilson interval over the questions';

/** The pairs compared: each fine-tuned model against the base, and the two fine-tuned models (the paper's comparison). */
const PAIRS: ReadonlyArray<[ModelRoleInExperiment, ModelRoleInExperiment]> = [
  ['cot', 'lema'],
  ['base', 'cot'],
  ['base', 'lema'],
];

/** How a model did on one test question: its majority vote's verdict and the share of its k samples that are right. */
export interface QuestionOutcome {
  majorityCorrect: boolean;
  passRate: number;
}

/** `outcomes`: per role, question id → how the model did. Only questions both models answered count. */
export function pairResults(outcomes: ReadonlyMap<ModelRoleInExperiment, ReadonlyMap<string, QuestionOutcome>>): PairResult[] {
  const out: PairResult[] = [];
  for (const [a, b] of PAIRS) {
    const oa = outcomes.get(a);
    const ob = outcomes.get(b);
    if (oa === undefined || ob === undefined) continue;
    let onlyA = 0;
    let onlyB = 0;
    let aHigher = 0;
    let bHigher = 0;
    let same = 0;
    for (const [q, x] of oa) {
      const y = ob.get(q);
      if (y === undefined) continue;
      if (x.majorityCorrect && !y.majorityCorrect) onlyA++;
      if (!x.majorityCorrect && y.majorityCorrect) onlyB++;
      if (x.passRate > y.passRate) aHigher++;
      else if (x.passRate < y.passRate) bHigher++;
      else same++;
    }
    const p = mcnemarExactP(onlyA, onlyB);
    const sign = signTest(aHigher, bHigher, same);
    const pair: PairResult = {
      a,
      b,
      onlyA,
      onlyB,
      mcnemarP: p,
      significant: p < SIGNIFICANCE_LEVEL,
      passAt1Sign: { aHigher, bHigher, same, p: sign.p, significant: sign.p < SIGNIFICANCE_LEVEL },
    };
    out.push({ ...pair, text: pairSentence(pair) });
  }
  return out;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const LEVEL = `${Math.round(100 * SIGNIFICANCE_LEVEL)}%`;
const ROLE_NAMES: Readonly<Record<ModelRoleInExperiment, string>> = { base: 'base', cot: 'CoT-only', lema: 'LEMA' };

const pValue = (p: number): string => (p < 0.001 ? p.toExponential(2) : p.toFixed(3));

function pairSentence(p: PairResult): string {
  const [a, b] = [ROLE_NAMES[p.a], ROLE_NAMES[p.b]];
  const verdict = (significant: boolean, bAhead: boolean): string => (significant ? `${bAhead ? b : a} is better at the ${LEVEL} level` : `no significant difference at the ${LEVEL} level`);
  const majority = `${a} vs ${b}: ${p.onlyA} questions only ${a} got right, ${p.onlyB} only ${b}; McNemar exact p = ${pValue(p.mcnemarP)} — ${verdict(p.significant, p.onlyB > p.onlyA)}`;
  const s = p.passAt1Sign;
  if (s === undefined) return majority;
  return `${majority}. By pass@1 per question: ${b} higher on ${s.bHigher}, ${a} higher on ${s.aHigher}, the same on ${s.same}; sign test p = ${pValue(s.p)} — ${verdict(s.significant, s.bHigher > s.aHigher)}`;
}

function modelRow(m: ModelResult): string {
  return `| ${ROLE_NAMES[m.role]} | \`${m.model}\` | ${m.trainingExamples} (${m.correctionExamples} corrections) | ${pct(m.passAt1)} (${pct(m.passAt1Ci95[0])}–${pct(m.passAt1Ci95[1])}) | ${pct(m.majority)} (${pct(m.majorityCi95[0])}–${pct(m.majorityCi95[1])}) | ${m.questions} × ${m.samplesPerQuestion} |`;
}

export function reportMarkdown(r: ExperimentReport): string {
  return [
    `# LEMA experiment ${r.id}`,
    '',
    `Run \`${r.runId}\`, base model \`${r.baseModel}\` at ${r.baseUrl}, test set \`${r.testSet}\` (sha256 ${r.testSetSha256.slice(0, 12)}…), sets of ${r.sizes === 'equal' ? 'equal size (gold CoT + corrections against gold CoT topped up with augmented CoT)' : 'all examples'}, seed ${r.seed}.`,
    '',
    '| model | name | trained on | pass@1 (95% CI) | majority vote (95% CI) | questions × samples |',
    '|---|---|---|---|---|---|',
    ...r.models.map(modelRow),
    '',
    ...r.pairs.map((p) => `- ${p.text ?? pairSentence(p)}`),
    '',
    `pass@1: ${r.methods.passAt1}. Majority vote: ${r.methods.majority}. Pairs: ${r.methods.pairs}.`,
    '',
  ].join('\n');
}

/** The report as terminal lines: a table and the pairs. */
export function reportText(r: ExperimentReport): string {
  const rows = r.models.map((m) => `  ${ROLE_NAMES[m.role].padEnd(9)} ${pct(m.passAt1).padStart(6)} (95% CI ${pct(m.passAt1Ci95[0])}–${pct(m.passAt1Ci95[1])})  majority ${pct(m.majority).padStart(6)}  trained on ${m.trainingExamples}  ${m.model}`);
  return [`LEMA experiment ${r.id} on ${r.models[0]?.questions ?? 0} test questions × ${r.models[0]?.samplesPerQuestion ?? 0} samples (pass@1 = mean of the samples):`, ...rows, ...r.pairs.map((p) => `  ${p.text ?? pairSentence(p)}`), ''].join('\n');
}
