/**
 * The experiment's report: each model's pass@1 (mean of k, with its interval) and majority vote,
 * and paired tests between the models on the same questions — McNemar's exact test on each
 * question's majority verdict (right or wrong), at the tool's significance level. Written as
 * report.json (the keys the issue names) and as Markdown.
 */
import { mcnemarExactP, SIGNIFICANCE_LEVEL } from '../stats/significance';
import type { ExperimentReport, ModelResult, ModelRoleInExperiment, PairResult } from './types';

export const PAIRS_METHOD = "McNemar's exact two-sided test on each test question's majority-vote verdict (right or wrong), the same questions for both models";
export const MAJORITY_METHOD = 'share of questions whose most frequent answer among the k samples is right; 95% Wilson interval over the questions';

/** The pairs compared: each fine-tuned model against the base, and the two fine-tuned models (the paper's comparison). */
const PAIRS: ReadonlyArray<[ModelRoleInExperiment, ModelRoleInExperiment]> = [
  ['cot', 'lema'],
  ['base', 'cot'],
  ['base', 'lema'],
];

/** `verdicts`: per role, question id → the majority verdict. Only questions both models answered count. */
export function pairResults(verdicts: ReadonlyMap<ModelRoleInExperiment, ReadonlyMap<string, boolean>>): PairResult[] {
  const out: PairResult[] = [];
  for (const [a, b] of PAIRS) {
    const va = verdicts.get(a);
    const vb = verdicts.get(b);
    if (va === undefined || vb === undefined) continue;
    let onlyA = 0;
    let onlyB = 0;
    for (const [q, right] of va) {
      const other = vb.get(q);
      if (other === undefined) continue;
      if (right && !other) onlyA++;
      if (!right && other) onlyB++;
    }
    const p = mcnemarExactP(onlyA, onlyB);
    out.push({ a, b, onlyA, onlyB, mcnemarP: p, significant: p < SIGNIFICANCE_LEVEL });
  }
  return out;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const LEVEL = `${Math.round(100 * SIGNIFICANCE_LEVEL)}%`;
const ROLE_NAMES: Readonly<Record<ModelRoleInExperiment, string>> = { base: 'base', cot: 'CoT-only', lema: 'LEMA' };

function pairSentence(p: PairResult): string {
  const [a, b] = [ROLE_NAMES[p.a], ROLE_NAMES[p.b]];
  const verdict = !p.significant
    ? `no significant difference at the ${LEVEL} level`
    : `${p.onlyB > p.onlyA ? b : a} is better at the ${LEVEL} level`;
  return `${a} vs ${b}: ${p.onlyA} questions only ${a} got right, ${p.onlyB} only ${b}; McNemar exact p = ${p.mcnemarP < 0.001 ? p.mcnemarP.toExponential(2) : p.mcnemarP.toFixed(3)} — ${verdict}`;
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
    ...r.pairs.map((p) => `- ${pairSentence(p)}`),
    '',
    `pass@1: ${r.methods.passAt1}. Majority vote: ${r.methods.majority}. Pairs: ${r.methods.pairs}.`,
    '',
  ].join('\n');
}

/** The report as terminal lines: a table and the pairs. */
export function reportText(r: ExperimentReport): string {
  const rows = r.models.map((m) => `  ${ROLE_NAMES[m.role].padEnd(9)} ${pct(m.passAt1).padStart(6)} (95% CI ${pct(m.passAt1Ci95[0])}–${pct(m.passAt1Ci95[1])})  majority ${pct(m.majority).padStart(6)}  trained on ${m.trainingExamples}  ${m.model}`);
  return [`LEMA experiment ${r.id} on ${r.models[0]?.questions ?? 0} test questions × ${r.models[0]?.samplesPerQuestion ?? 0} samples (pass@1 = mean of the samples):`, ...rows, ...r.pairs.map((p) => `  ${pairSentence(p)}`), ''].join('\n');
}
