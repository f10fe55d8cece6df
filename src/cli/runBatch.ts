/** `mistakebook run batch submit|collect`: a stage's requests through the OpenAI Batch API. */
import { collectBatch, submitBatch, type BatchReport, type BatchStage } from '../core/pipeline';
import { choice, parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { apiKeysForRun, KEY_HELP, KEY_OPTIONS, workspaceOf } from './runArgs';

const STAGES: readonly BatchStage[] = ['sample', 'correct', 'augment'];

function batchCommand(verb: 'submit' | 'collect'): Command {
  const act = verb === 'submit' ? submitBatch : collectBatch;
  return {
    path: ['run', 'batch', verb],
    summary: verb === 'submit' ? "Send a stage's missing requests as one OpenAI batch (half price, within 24 h)" : "Store a finished batch's results, as a live run would",
    help: `Usage: mistakebook run batch ${verb} --stage sample|correct|augment --run ID [options]
       (or: mistakebook batch ${verb} …)

${
  verb === 'submit'
    ? `Writes the stage's missing requests as batch JSONL (custom_id = the record id),
uploads it and creates a batch on the model's endpoint (OpenAI's Batch API).
The batch id is kept in the run's batches.json.`
    : `Asks for the stage's batch; once it has ended, stores its results exactly as
a live run would, and lists failed lines in errors.jsonl. What the batch did
not cover stays missing: run the stage (live) or submit a new batch.`
}

Options:
  --stage S                     ${STAGES.join(', ')}
  --run ID                      the run
  --workspace DIR               the workspace (default: the current directory)
  --api-key-env NAME            ${KEY_HELP}
  --corrector-api-key-env NAME  M_c's key, when it differs from M_r's
  -h, --help                    show this help

Exit code: 0 ${verb === 'submit' ? 'submitted (or nothing to submit)' : 'collected, or still running (the message says which)'}, 1 failed, 2 for a wrong command line.
`,
    async run(args: string[], io: CliIo): Promise<number> {
      const { values } = parseCommandLine(args, { stage: { type: 'string' }, run: { type: 'string' }, workspace: { type: 'string' }, ...KEY_OPTIONS }, 0);
      const stage = choice('stage', values.stage, STAGES);
      if (stage === undefined) throw new UsageError(`missing --stage (${STAGES.join(', ')})`);
      if (values.run === undefined) throw new UsageError("missing --run ID (see 'mistakebook run list')");
      const report: BatchReport = await act(workspaceOf(values.workspace), values.run, stage, { apiKeys: await apiKeysForRun(values, workspaceOf(values.workspace), values.run), log: (line) => io.stderr.write(`${line}\n`) });
      await write(io.stderr, `${report.message}\n`);
      if (report.batchId !== undefined) await write(io.stdout, `${report.batchId} ${report.status}\n`);
      return verb === 'collect' && report.failed > 0 ? 1 : 0;
    },
  };
}

export const runBatchSubmit = batchCommand('submit');
export const runBatchCollect = batchCommand('collect');
