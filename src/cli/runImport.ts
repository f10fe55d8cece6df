/** `mistakebook run import`: outputs a model already wrote become the run's sampled paths. */
import { importPaths, IMPORT_FORMATS } from '../core/pipeline';
import { formatDiagnostic } from '../core/diagnostic';
import { summarised } from '../core/io/cappedDiagnostics';
import { choice, parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { workspaceOf } from './runArgs';

/** Bad lines printed before the rest are only counted. */
const SHOWN = 20;

export const runImport: Command = {
  path: ['run', 'import'],
  summary: "Import a model's existing outputs as sampled paths, judged like sample's",
  help: `Usage: mistakebook run import --run ID --file FILE [options]   (or: mistakebook import …)

Turns outputs you already have (a vLLM run, another lab's samples) into sampled
paths of the run in paths.jsonl, each judged against the gold answer with the
run's task, exactly as 'run sample' judges its own; the wrong ones are the
mistakes 'run correct' works on. Asks no model. Importing the same file again
adds nothing.

FILE is JSONL in one of two shapes:
  lema-samples  LEMA's inference output: one {"samples": ["…", …]} line per
                dataset line; line N holds the samples of the dataset's line N
  jsonl         {"id": "…", "completions": ["…", …]} or
                {"question": "…", "completion": "…"}: the question by its id
                (the dataset's own id or Mistakebook's) or by its text; several
                lines for one question add to its samples

Options:
  --run ID          the run (see 'mistakebook run list')
  --file FILE       the model outputs
  --format F        ${IMPORT_FORMATS.join(' or ')} (default: guessed from the first line)
  --model NAME      the model that wrote them, kept on each path and part of
                    its id (default: the run's M_r)
  --workspace DIR   the workspace (default: the current directory)
  -h, --help        show this help

Lines that cannot be imported are listed as FILE:LINE; the rest is imported.
Exit code: 0 imported, 1 some lines could not be imported (or the run cannot
be read), 2 for a wrong command line.
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(args, { run: { type: 'string' }, file: { type: 'string' }, format: { type: 'string' }, model: { type: 'string' }, workspace: { type: 'string' } }, 0);
    if (values.run === undefined) throw new UsageError("missing --run ID (see 'mistakebook run list')");
    if (values.file === undefined) throw new UsageError('missing --file FILE: the model outputs to import');
    const format = choice('format', values.format, IMPORT_FORMATS);
    const report = await importPaths(workspaceOf(values.workspace), values.run, values.file, {
      ...(format === undefined ? {} : { format }),
      ...(values.model === undefined ? {} : { model: values.model }),
      log: (line) => io.stderr.write(`${line}\n`),
    });
    for (const line of summarised(report.diagnostics.map(formatDiagnostic), report.errorCount + report.warningCount, SHOWN)) await write(io.stderr, `${line}\n`);
    const errors = report.errorCount;
    const stored = report.alreadyStored === 0 ? '' : `, ${report.alreadyStored} already stored`;
    const skipped = errors === 0 ? '' : `, ${errors} line${errors === 1 ? '' : 's'} skipped`;
    await write(io.stderr, `import: ${report.imported} paths of ${report.model} imported (${report.format})${stored}${skipped}\n`);
    return errors === 0 ? 0 : 1;
  },
};
