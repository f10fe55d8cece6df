import { resolve } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { formatAgreement, loadAgreement } from '../core/stats/agreementReport';
import { parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { ids } from './rate';

export const agreementCommand: Command = {
  path: ['agreement'],
  summary: "How far the raters of runs agree: Cohen's kappa per pair, Fleiss' kappa, Krippendorff's alpha",
  help: `Usage: mistakebook agreement --run ID [options]

Reads every rater's ratings of the runs (ratings/<rater>.jsonl; the old
ratings.jsonl counts as the rater "(unnamed)") and prints: the raters and
how many corrections each rated, how many were rated by two or more; for
each pair of raters Cohen's kappa, unweighted and linear-weighted (poor <
good < excellent), with the number of shared corrections, the share rated
the same (with its 95% interval) and the confusion matrix; Fleiss' kappa and
Krippendorff's alpha (ordinal) over all raters. A figure that is undefined
(no shared corrections, or one rating used throughout) prints as undefined
(null in JSON).

Options:
  --workspace DIR   the workspace holding .mistakebook (default: .)
  --run ID          the runs (repeat or comma-separate; their items add up)
  --json            print the report as JSON (raters[], items, pairs[] with
                    a, b, shared, kappa, weightedKappa, confusion;
                    fleissKappa, krippendorffAlpha)
  -h, --help        show this help
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(args, { workspace: { type: 'string' }, run: { type: 'string', multiple: true }, json: { type: 'boolean' } }, 0);
    const runs = ids(values.run);
    if (runs.length === 0) throw new UsageError('missing --run ID');
    const diagnostics: Diagnostic[] = [];
    const report = await loadAgreement(resolve(values.workspace ?? '.'), runs, (d) => diagnostics.push(d));
    for (const d of diagnostics) await write(io.stderr, `${formatDiagnostic(d)}\n`);
    await write(io.stdout, values.json === true ? `${JSON.stringify(report, null, 2)}\n` : `${formatAgreement(report).join('\n')}\n`);
    return 0;
  },
};
