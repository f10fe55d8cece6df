/** `mistakebook run list`: the workspace's runs, newest first. */
import { listRuns } from '../core/store/listRuns';
import { parseCommandLine, type Command } from './command';
import { write, type CliIo } from './io';
import { workspaceOf } from './runArgs';

export const runList: Command = {
  path: ['run', 'list'],
  summary: "List the workspace's runs with their status and table sizes",
  help: `Usage: mistakebook run list [--workspace DIR] [--json]

One line per run, newest first: id, status (pending, running, interrupted,
done, failed, cancelled, unreadable), task, models and the rows in each table.
An interrupted run (its process is gone) resumes with 'mistakebook run STAGE'.

Options:
  --workspace DIR   the workspace (default: the current directory)
  --json            print the summaries as JSON
  -h, --help        show this help
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(args, { workspace: { type: 'string' }, json: { type: 'boolean' } }, 0);
    const runs = await listRuns(workspaceOf(values.workspace));
    if (values.json === true) {
      await write(io.stdout, `${JSON.stringify(runs.map(({ id, status, counts, info, problem }) => ({ id, status, counts, task: info?.task, createdAt: info?.createdAt, stages: info?.stages, problem })), null, 2)}\n`);
      return 0;
    }
    if (runs.length === 0) {
      await write(io.stderr, "no runs in this workspace yet; create one with 'mistakebook run create'\n");
      return 0;
    }
    for (const r of runs) {
      const models = r.info === undefined ? '' : Object.values(r.info.models).map((m) => m.model).join(' → ');
      const counts = Object.entries(r.counts).map(([table, n]) => `${table} ${n}`).join(', ');
      const detail = r.problem === undefined ? `${r.info?.task ?? ''}  ${models}  ${counts}` : r.problem.message;
      await write(io.stdout, `${r.id}  ${r.status}  ${detail}\n`);
    }
    return 0;
  },
};
