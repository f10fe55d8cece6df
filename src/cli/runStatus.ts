/** `mistakebook run status ID`: what a run is, how far each stage got, and what its tables hold. */
import { storedPassAt1 } from '../core/stats/passAtK';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { tallyRun } from '../core/stats';
import { listRuns } from '../core/store/listRuns';
import { parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { workspaceOf } from './runArgs';
import { stat } from 'node:fs/promises';
import { runDir, tableFile } from '../core/store/layout';
import { RunStore } from '../core/store/runStore';
import { readVariants } from '../core/variants';

export const runStatus: Command = {
  path: ['run', 'status'],
  summary: "Show a run's configuration, stages, mistakes, corrections and evaluations",
  help: `Usage: mistakebook run status ID [--workspace DIR]

Prints the run's task, dataset and models, each stage's state (and why it
failed or was cancelled), the paths, mistakes (eq. 1), corrections, verified
corrections (eq. 2) and unparseable replies, failed requests and evaluations.

Options:
  --workspace DIR   the workspace (default: the current directory)
  -h, --help        show this help
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandLine(args, { workspace: { type: 'string' } }, 1);
    const id = positionals[0];
    if (id === undefined) throw new UsageError("missing the run id (see 'mistakebook run list')");
    const workspace = workspaceOf(values.workspace);
    const summary = (await listRuns(workspace, { counts: false })).find((r) => r.id === id);
    if (summary === undefined) throw new UsageError(`no run '${id}' in ${workspace}; 'mistakebook run list' shows the runs there`);
    if (summary.info === undefined) {
      await write(io.stderr, `${summary.problem === undefined ? `${id}: unreadable` : formatDiagnostic(summary.problem)}\n`);
      return 1;
    }
    const problems: Diagnostic[] = [];
    const info = summary.info;
    const lines = [`run ${id}: ${summary.status}`, `  task ${info.task}, dataset ${info.dataset.path} (sha256 ${info.dataset.sha256.slice(0, 12)}…)`];
    for (const [role, m] of Object.entries(info.models)) lines.push(`  ${role} ${m.model} at ${m.endpoint} (${m.api}), sampling ${JSON.stringify(m.sampling)}`);
    if (info.prompts.correction !== undefined) lines.push(`  few-shot prompt ${info.prompts.correction.file ?? '(inline)'} (sha256 ${info.prompts.correction.sha256.slice(0, 12)}…)`);
    for (const [stage, s] of Object.entries(info.stages)) lines.push(`  stage ${stage}: ${s.state}${s.finishedAt === undefined ? '' : ` at ${s.finishedAt}`}${s.message === undefined ? '' : ` — ${s.message}`}`);

    const t = await tallyRun(workspace, id, (d) => problems.push(d));
    lines.push(
      `  paths ${t.paths}, mistakes ${t.mistakes}, corrected ${t.corrected}`,
      `  corrections ${t.corrections}: verified ${t.verified}, unparseable ${t.unparseable}`,
      `  augmented paths ${t.augmented}${t.augmented === t.augmentedRight ? '' : ` (${t.augmentedRight} right, kept as CoT data)`}, failed items ${t.errors}${t.resolvedErrors === 0 ? '' : ` (${t.resolvedErrors} earlier failures resolved by reruns)`}`,
    );
    // Correction variants: the tally counts every variant's corrections; say how many there are and where they are told apart.
    const variants = await variantCount(workspace, id, (d) => problems.push(d));
    if (variants > 1) lines.push(`  correction variants ${variants} (the counts above add them up; mistakebook compare --run ${id} sets them apart)`);
    for (const e of t.evaluations) {
      // pass@1 with its interval (issue 19: passAtK.ts; older rows get Wilson over the questions).
      lines.push(`  evaluation of ${e.model} on ${e.dataset ?? e.datasetSha256.slice(0, 12)}: ${e.questions} questions, pass@1 ${storedPassAt1(e).text}, majority of ${e.samplesPerQuestion} ${(100 * e.majorityVote).toFixed(1)}%`);
    }
    await write(io.stdout, `${lines.join('\n')}\n`);
    for (const d of problems) await write(io.stderr, `${formatDiagnostic(d)}\n`);
    return 0;
  },
};

/** How many correction variants the run has; 1 (its own) unless variants.jsonl holds added ones, which only runs new enough to read have. */
async function variantCount(workspace: string, runId: string, onDiagnostic: (d: Diagnostic) => void): Promise<number> {
  const added = await stat(tableFile(runDir(workspace, runId), 'variants')).catch(() => undefined);
  if (added === undefined || added.size === 0) return 1;
  const store = await RunStore.open(workspace, runId, { onDiagnostic });
  try {
    return (await readVariants(store)).length;
  } finally {
    await store.close();
  }
}
