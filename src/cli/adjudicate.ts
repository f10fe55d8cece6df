import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { correctionIdsOf, loadRun } from '../core/runs/loadRun';
import { adjudicateCorrection } from '../core/review/rate';
import type { Command } from './command';
import { write, type CliIo } from './io';
import { judgementArgs, RATING_CHOICES } from './rate';

export const adjudicateCommand: Command = {
  path: ['adjudicate'],
  summary: 'Settle corrections the raters disagree on (adjudications.jsonl)',
  help: `Usage: mistakebook adjudicate --run ID --correction ID --rating R [options]

Records an adjudicated rating, with a note, by a named adjudicator, in the
run's adjudications.jsonl (apart from the raters' files). An adjudicated
rating is the rating in force of its correction, whatever the raters said.

Options:
  --workspace DIR       the workspace holding .mistakebook (default: .)
  --run ID              the run
  --correction ID       the corrections (repeat or comma-separate)
  --rating R            ${RATING_CHOICES.join(', ')}
  --note TEXT           why
  --adjudicator NAME    who decides (default: git config user.name)
  -h, --help            show this help
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { workspaceDir, runId, corrections, rating, note, who: adjudicator } = await judgementArgs(args, 'adjudicator', io);
    const diagnostics: Diagnostic[] = [];
    const run = await loadRun(workspaceDir, runId, (d) => diagnostics.push(d));
    const known = new Set(run.mistakes.flatMap((m) => correctionIdsOf(m)));
    for (const id of corrections) if (!known.has(id)) throw new Error(`run ${runId} has no correction ${id}.`);
    for (const id of corrections) await adjudicateCorrection(run, id, rating, note ?? '', adjudicator, (d) => diagnostics.push(d));
    for (const d of diagnostics) await write(io.stderr, `${formatDiagnostic(d)}\n`);
    await write(io.stdout, `${adjudicator} adjudicated ${corrections.length} correction${corrections.length === 1 ? '' : 's'} ${rating}\n`);
    return 0;
  },
};
