import { resolve } from 'node:path';
import { intervalText, loadStats, RATING_BUCKETS, type StatsReport } from '../core/stats';
import { rateEstimate } from '../core/stats/interval';
import { ERROR_TYPE_INFO, ERROR_TYPES } from '../core/truth/errorTypes';
import { parseCommandLine, type Command } from './command';
import { write, type CliIo } from './io';

function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** What "questions by wrong paths" counted, in the words of the view's note. */
function countingNote(s: StatsReport): string {
  const { basis, runs } = s.mistakesPerQuestionCounting;
  if (basis === 'combined') return `combined: a question's wrong paths summed over the ${runs} chosen runs`;
  return runs > 1 ? `per run: a question counted once in each of the ${runs} runs that sampled it; pass one --run, or several to combine them` : 'per run';
}

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * The report as a few plain tables, for a terminal on the GPU server. Every rate is followed by its
 * successes/n and its 95% interval (the view's "72.4% (n = 48, 95% CI 58.4–83.2%)", in columns).
 */
function describe(s: StatsReport): string {
  const out: string[] = [];
  out.push('accuracy (sampled paths)');
  for (const r of s.accuracy) out.push(`  ${r.model} · ${r.task}  ${percent(r.accuracy)}  ${r.correct}/${r.paths} paths, ${r.questions} questions  ${intervalText(r.estimate)}`);
  if (s.evaluations.length > 0) out.push('evaluations (test sets)');
  for (const e of s.evaluations) {
    out.push(`  ${e.model} · ${e.dataset}  pass@1 ${percent(e.passAt1)}, majority ${percent(e.majorityVote)} (${e.questions} questions × ${e.samplesPerQuestion})`);
    out.push(`    pass@1 ${e.passAt1Estimate.text}; majority ${e.majorityVoteEstimate.text}`);
  }
  out.push(`questions by wrong paths (${countingNote(s)})`);
  for (const b of s.mistakesPerQuestion) out.push(`  ${b.label.padStart(3)} wrong  ${b.count}`);
  out.push('incorrect step');
  for (const b of s.incorrectStep) out.push(`  ${b.label}  ${b.count}`);
  out.push('incorrect step, share of path');
  for (const b of s.incorrectStepRelative) if (b.count > 0) out.push(`  ${b.label}  ${b.count}`);
  out.push('verify rate (corrector · prompt version)');
  for (const r of s.verifyRate) {
    out.push(`  ${r.model} · ${r.promptSha256.slice(0, 8)}  ${percent(r.rate)}  ${r.verified}/${r.corrections} (${r.parsed} parsed)  ${intervalText(r.estimate)}  ${r.prompt.file ?? '(prompt text not kept in any run.json)'}`);
  }
  out.push(`ratings  ${RATING_BUCKETS.map((b) => `${b} ${s.ratings[b]}`).join(', ')}`);
  for (const b of RATING_BUCKETS) if (s.ratingShares[b].n > 0) out.push(`  ${b.padEnd(9)} ${s.ratingShares[b].text}`);
  out.push('tokens and cost');
  for (const u of s.usage) {
    const cost = u.costUsd === null ? 'no price' : `$${u.costUsd.toFixed(4)}`;
    out.push(`  ${u.stage} · ${u.model}  ${u.calls} calls (${u.cachedCalls} cached)  ${u.promptTokens} in, ${u.completionTokens} out  ${cost}`);
  }
  if (s.errors.length > 0) out.push(`failed requests  ${s.errors.map((e) => `${e.stage}/${e.kind} ${e.count}`).join(', ')}`);
  describeTruth(s, out);
  return `${out.join('\n')}\n`;
}

/** Step-level truth: error types of parsed corrections, and how well each corrector finds the first wrong step. */
function describeTruth(s: StatsReport, out: string[]): void {
  const typed = ERROR_TYPES.reduce((n, t) => n + s.errorTypes[t], 0);
  if (typed > 0) {
    const sources = Object.entries(s.errorTypeSources).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ');
    out.push(`error types (${typed} parsed corrections; type from ${sources})`);
    for (const t of ERROR_TYPES) if (s.errorTypes[t] > 0) out.push(`  ${ERROR_TYPE_INFO[t].label.padEnd(28)} ${String(s.errorTypes[t]).padStart(5)}  ${rateEstimate(s.errorTypes[t], typed).text}`);
  }
  if (s.critic.length > 0) out.push('first wrong step (critic): accuracy on erroneous, on correct solutions, F1');
  for (const c of s.critic) {
    const against = c.against === 'dataset' ? `${c.dataset ?? "dataset"}'s labels` : 'your step labels';
    out.push(`  ${c.model} · ${c.promptSha256.slice(0, 8)} against ${against}  F1 ${percent(c.f1)}  (${c.solutions} solutions${c.unreadable > 0 ? `, ${c.unreadable} unreadable` : ''})`);
    out.push(`    erroneous ${c.erroneous.text}; correct ${c.correct.text}`);
  }
}

export const statsCommand: Command = {
  path: ['stats'],
  summary: 'Print accuracy, mistakes, incorrect steps, verify rate, ratings and cost of runs',
  help: `Usage: mistakebook stats [options]

Aggregates the runs in WORKSPACE/.mistakebook/runs: accuracy per model and
task, questions by number of wrong paths, where the incorrect step falls,
verify rate per corrector and prompt version, ratings, tokens and cost,
error types of parsed corrections, and how well each corrector names the
first wrong step (accuracy on erroneous and on correct solutions, F1)
against a ProcessBench-layout dataset (run critique) and against your own
step labels.
Every rate is printed with its n and a 95% Wilson interval. Questions by
wrong paths are counted per run; several --run ids combine those runs.

Options:
  --workspace DIR   the workspace holding .mistakebook (default: .)
  --run ID          only these runs (repeat or comma-separate; several combine)
  --model M         only these models
  --json            print the report as JSON
  -h, --help        show this help
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(
      args,
      { workspace: { type: 'string' }, run: { type: 'string', multiple: true }, model: { type: 'string', multiple: true }, json: { type: 'boolean' } },
      0,
    );
    const report = await loadStats(resolve(values.workspace ?? '.'), { runs: list(values.run), models: list(values.model) });
    await write(io.stdout, values.json === true ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
    return 0;
  },
};
