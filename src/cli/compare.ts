/** `mistakebook compare --run ID [--variants A,B] [--json]`: a run's correction variants side by side, with their tests. */
import { resolve } from 'node:path';
import { formatDiagnostic } from '../core/diagnostic';
import { loadRun } from '../core/runs/loadRun';
import { intervalText } from '../core/stats/interval';
import { findVariant, loadComparison, type ComparisonReport, type PairRow, type VariantRow } from '../core/variants';
import { parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { priceTable } from './runStage';

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

function variantLines(v: VariantRow, letter: string): string[] {
  const cost = v.costUsd === null ? 'no price' : `$${v.costUsd.toFixed(4)}`;
  return [
    `  ${letter}  ${v.id}  ${v.model} · ${v.promptFile ?? `prompt ${v.promptSha256.slice(0, 8)} (from an editor)`}${v.original ? '  (the run\'s own)' : ''}`,
    `     ${v.corrections} corrections of ${v.mistakes} mistakes, ${v.parsed} parsed, ${v.verified} verified`,
    `     verify rate ${v.verify.text}`,
    `     ratings  excellent ${v.ratings.excellent}, good ${v.ratings.good}, poor ${v.ratings.poor}, unrated verified ${v.ratings.unrated}`,
    `     tokens ${v.promptTokens} in, ${v.completionTokens} out, ${v.cachedCalls} from cache  cost ${cost}`,
  ];
}

function pairLines(p: PairRow, letter: (id: string) => string): string[] {
  const [a, b] = [letter(p.a), letter(p.b)];
  const kappa = p.stepKappa === null ? 'undefined' : p.stepKappa.toFixed(3);
  const same = p.stepPairs === 0 ? 'no mistake where both name a step' : `${p.sameStepRate.successes} of ${p.stepPairs} (${percent(p.sameStepRate.value)}, ${intervalText(p.sameStepRate)}), Cohen's kappa ${kappa}`;
  const votes = p.preferences;
  const decided = votes.a + votes.b;
  return [
    `  ${a} ${p.a} vs ${b} ${p.b}: ${p.paired} mistakes corrected by both`,
    `     both verified ${p.bothVerified}, only ${a} ${p.onlyA}, only ${b} ${p.onlyB}, neither ${p.neither}`,
    `     verify rate on these  ${a} ${p.pairedA.text}; ${b} ${p.pairedB.text}`,
    `     ${p.verdict}`,
    `     same incorrect step  ${same}`,
    `     blind votes  ${a} ${votes.a}, ${b} ${votes.b}, tie ${votes.tie}` + (decided === 0 ? '' : `; ${a} preferred in ${p.preferenceRate.text} of decided votes`),
    `     ${p.preferenceVerdict}`,
  ];
}

/** The report as plain lines for a terminal; variants are lettered A, B, C… in the order shown. */
export function describeComparison(r: ComparisonReport): string {
  const letters = new Map(r.variants.map((v, i) => [v.id, String.fromCharCode(65 + (i % 26))]));
  const letter = (id: string): string => letters.get(id) ?? id;
  const out = [`run ${r.runId} (${r.runLabel}): ${r.variants.length} correction variant${r.variants.length === 1 ? '' : 's'}`, 'variants'];
  for (const v of r.variants) for (const line of variantLines(v, letter(v.id))) out.push(line);
  if (r.pairs.length > 0) out.push(`pairs (each mistake by each variant's first correction; tests two-sided, significant below ${r.level})`);
  for (const p of r.pairs) for (const line of pairLines(p, letter)) out.push(line);
  if (r.variants.length < 2) out.push("one variant only: add another with 'mistakebook correct --run ID --prompt FILE'");
  return `${out.join('\n')}\n`;
}

export const compareCommand: Command = {
  path: ['compare'],
  summary: "Compare a run's correction variants: verify rates, paired tests, step agreement, blind votes",
  help: `Usage: mistakebook compare --run ID [--variants A,B] [--json]

A run's correction variants (its own corrector and prompt, and each one added
with 'mistakebook correct --run ID --prompt FILE'), side by side: per variant
its corrections, parsed, verified, the verify rate with n and a 95% Wilson
interval, ratings, tokens and cost; per pair, over the mistakes both
corrected (each by its first correction): both verified, only A, only B,
neither, McNemar's exact two-sided p-value, how often both name the same
incorrect step with Cohen's kappa over the step numbers, and the blind votes
(Blind Review in VS Code) with a sign test. Significant means p < 0.05.

Options:
  --run ID          the run (see 'mistakebook run list')
  --variants A,B    only these variants (ids, unique starts of ids, or
                    'original'), in this order
  --workspace DIR   the workspace holding .mistakebook (default: .)
  --prices FILE     JSON price table over the built-in one
  --json            print the report as JSON
  -h, --help        show this help
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(
      args,
      { run: { type: 'string' }, variants: { type: 'string' }, workspace: { type: 'string' }, prices: { type: 'string' }, json: { type: 'boolean' } },
      0,
    );
    if (values.run === undefined) throw new UsageError("missing --run ID (see 'mistakebook run list')");
    const workspace = resolve(values.workspace ?? '.');
    const onDiagnostic = (d: Parameters<typeof formatDiagnostic>[0]): void => void io.stderr.write(`${formatDiagnostic(d)}\n`);
    // The rating in force comes from the one place that decides it.
    const { ratings } = await loadRun(workspace, values.run, onDiagnostic);
    const comparison = await loadComparison(workspace, values.run, { ratings, prices: await priceTable(values.prices), onDiagnostic });
    const wanted = (values.variants ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (wanted.length === 1) throw new UsageError('--variants needs two or more variants to compare (A,B)');
    let chosen: string[] | undefined;
    try {
      chosen = wanted.length === 0 ? undefined : wanted.map((w) => findVariant(comparison.variants, w).id);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (chosen !== undefined && new Set(chosen).size !== chosen.length) throw new UsageError('--variants names the same variant twice');
    const report = comparison.report(chosen);
    await write(io.stdout, values.json === true ? `${JSON.stringify(report, null, 2)}\n` : describeComparison(report));
    return 0;
  },
};
