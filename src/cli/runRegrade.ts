/** `mistakebook run regrade`: the current answer checker applied to a stored run's verdicts, with no model call. */
import { relative } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { regradeRun, type RegradeSummary } from '../core/pipeline';
import { parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { workspaceOf } from './runArgs';

function report(s: RegradeSummary, workspace: string): string {
  const was = s.previousChecker === undefined ? 'a checker older than recorded versions' : s.previousChecker;
  const lines = [`run ${s.runId}: verdicts of ${was} regraded with ${s.checker}`];
  for (const [table, c] of Object.entries(s.tables)) {
    const field = table === 'corrections' ? 'verified' : 'correct';
    lines.push(`  ${table}: ${c.changed} of ${c.rows} rows changed (${c.nowRight} now ${field}, ${c.nowWrong} no longer ${field}, ${c.changed - c.nowRight - c.nowWrong} answer only)`);
  }
  const changed = Object.values(s.tables).reduce((n, c) => n + c.changed, 0);
  if (changed > 0) lines.push(`  each change and its explanation: ${relative(workspace, s.log) || s.log}`);
  else lines.push(s.wrote ? '  no verdict changed; run.json now records the checker version' : '  no verdict changed; nothing written');
  return `${lines.join('\n')}\n`;
}

export const runRegrade: Command = {
  path: ['run', 'regrade'],
  summary: "Apply the current answer checker to a run's stored verdicts (no model calls)",
  help: `Usage: mistakebook run regrade --run ID [--workspace DIR] [--json]

Recomputes 'correct' of the run's sampled and augmented paths and 'verified'
of its corrections with this version's answer checker, calling no model. A
newer checker never changes a stored run by itself: only this command does.

Each table with a change is rewritten in one step (readers see the old table
or the new one), under the table's lock, so it refuses while a stage of the
run is writing. Every change is appended to the run's regrade.jsonl with the
verdict before and after and its explanation (what was read from each side,
which rule decided); run.json records the checker version. Stats, export and
the views read the new verdicts. A second regrade with the same checker
finds nothing to change and writes nothing.

Options:
  --run ID          the run (also accepted as the first argument)
  --workspace DIR   the workspace (default: the current directory)
  --json            print the summary as JSON
  -h, --help        show this help

Exit code: 0 done, 1 when the run cannot be read or is being written, 2 for a
wrong command line.
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandLine(args, { run: { type: 'string' }, workspace: { type: 'string' }, json: { type: 'boolean' } }, 1);
    const id = values.run ?? positionals[0];
    if (id === undefined) throw new UsageError("missing --run ID (see 'mistakebook run list')");
    if (values.run !== undefined && positionals[0] !== undefined && positionals[0] !== values.run) throw new UsageError(`two run ids given: '${values.run}' and '${positionals[0]}'`);
    const workspace = workspaceOf(values.workspace);
    const problems: Diagnostic[] = [];
    const summary = await regradeRun(workspace, id, { onDiagnostic: (d) => problems.push(d) });
    await write(io.stdout, values.json === true ? `${JSON.stringify(summary, null, 2)}\n` : report(summary, workspace));
    for (const d of problems) await write(io.stderr, `${formatDiagnostic(d)}\n`);
    return problems.some((d) => d.severity === 'error') ? 1 : 0;
  },
};
