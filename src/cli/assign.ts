import { resolve } from 'node:path';
import type { Diagnostic } from '../core/diagnostic';
import { assignReview, describeAssignment } from '../core/review/assign';
import { unratedVerified } from '../core/review/assignable';
import { loadRun } from '../core/runs/loadRun';
import { assignmentFile, writeAssignment } from '../core/store/assignmentFile';
import { runDir } from '../core/store/layout';
import { parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { ids } from './rate';
import { number } from './runArgs';

export const assignCommand: Command = {
  path: ['assign'],
  summary: 'Split the unrated corrections of a run among raters, some rated by two',
  help: `Usage: mistakebook assign --run ID --rater A --rater B [options]

Splits the run's verified corrections that nobody has rated among the named
raters, seeded: --overlap of them go to two raters (each pair in turn), the
rest to one. Written to the run's review-assignment.json (replacing an
earlier one); in VS Code, each rater's Next unrated then walks their share.

Options:
  --workspace DIR   the workspace holding .mistakebook (default: .)
  --run ID          the run
  --rater NAME      the raters (repeat or comma-separate)
  --overlap X       share rated by two, 0–1 (default 0.2)
  --seed N          the shuffle's seed (default 0)
  -h, --help        show this help
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(
      args,
      { workspace: { type: 'string' }, run: { type: 'string' }, rater: { type: 'string', multiple: true }, overlap: { type: 'string' }, seed: { type: 'string' } },
      0,
    );
    if (values.run === undefined) throw new UsageError('missing --run ID');
    const raters = ids(values.rater);
    if (raters.length === 0) throw new UsageError('missing --rater NAME');
    const workspaceDir = resolve(values.workspace ?? '.');
    const diagnostics: Diagnostic[] = [];
    const run = await loadRun(workspaceDir, values.run, (d) => diagnostics.push(d));
    let assignment;
    try {
      assignment = assignReview(unratedVerified(run), raters, number('overlap', values.overlap) ?? 0.2, number('seed', values.seed) ?? 0);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    await writeAssignment(runDir(workspaceDir, values.run), assignment);
    await write(io.stdout, `${describeAssignment(assignment)}\nwritten to ${assignmentFile(runDir(workspaceDir, values.run))}\n`);
    return 0;
  },
};
