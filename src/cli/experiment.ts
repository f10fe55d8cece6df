/**
 * `mistakebook experiment`: the LEMA comparison in one command — export the two sets from a run,
 * show the estimated cost and ask, fine-tune the base model on each, evaluate the three models on a
 * test set and write the report (core/experiment). Ctrl-C leaves the jobs running; the same command
 * resumes.
 */
import { version } from '../../package.json';
import { ExperimentNotConfirmed, runExperiment } from '../core/experiment/experiment';
import { describeExperimentEstimate } from '../core/experiment/estimate';
import { reportText } from '../core/experiment/report';
import type { ExperimentSizes } from '../core/experiment/types';
import { parseCommandLine, choice, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { apiKeysFrom, count, KEY_HELP, number, workspaceOf } from './runArgs';
import { askYes, priceTable } from './runStage';

const INTERRUPTED = 130;
const SIZES: readonly ExperimentSizes[] = ['all', 'equal'];
const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export const experimentCommand: Command = {
  path: ['experiment'],
  summary: 'Fine-tune a base model on CoT-only and on LEMA data from a run, evaluate both and the base, and report',
  help: `Usage: mistakebook experiment --run ID --test-set FILE --base-model NAME [options]

The paper's comparison in one command. Exports the two sets of a run (CoT
only: gold solutions and correct augmented paths; LEMA: CoT + verified
corrections) in OpenAI's chat format, prints the estimated cost (training
tokens × epochs and the evaluation of three models, from the price table) and
asks before anything is uploaded; then uploads both sets, starts both
fine-tuning jobs and waits (Ctrl-C leaves them running; the same command
resumes without a second upload or job), evaluates the base model and both
fine-tuned models on the test set (k samples a question: pass@1 as their mean
with a 95% interval, majority vote) and compares them question by question
(McNemar's exact test on majority verdicts, 5% level).

Writes .mistakebook/experiments/<id>/: cot.jsonl and lema.jsonl with their
manifests, report.json, report.md (and with --trainer-files an Axolotl and a
LLaMA-Factory dataset entry for local training). Each model's test samples are
an evaluation run, <id>-base / -cot / -lema, browsable like any run. The sets
are written once per experiment (a rerun resumes with them); to export them
again from changed runs, delete the experiment's folder.

Options:
  --run ID               the run whose mistakes and corrections to learn from
  --test-set FILE        questions to evaluate on; none may be in the sets
  --base-model NAME      the model to fine-tune (e.g. gpt-4o-mini-2024-07-18)
  --base-url URL         the fine-tuning engine (default ${OPENAI_BASE_URL})
  --api-key-env NAME     ${KEY_HELP}
  --sizes equal|all      all: every example of each set (default); equal: LEMA
                         is the gold CoT + corrections, CoT-only the same gold
                         CoT topped up with augmented CoT to the same size
                         (the paper's ablation; run augment first)
  --samples K            samples per test question (default 4)
  --test-limit N         only the first N test questions
  --epochs N             training epochs (default: the engine's choice)
  --seed N               export and fine-tuning seed (default 0)
  --prices FILE          JSON price table over the built-in one
  --trainer-files        also write Axolotl and LLaMA-Factory dataset entries
  --export-only          write the sets (and entries) and the estimate; upload nothing
  --poll-seconds S       how often to look at the jobs (default 10)
  --workspace DIR        the workspace holding .mistakebook (default: .)
  --yes                  confirm the estimate in advance (needed without a terminal)
  --json                 print report.json instead of the table

Exit codes: 0 done, 1 failed or not confirmed, 2 usage, 130 interrupted
(run the same command to resume).`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(
      args,
      {
        run: { type: 'string' },
        'test-set': { type: 'string' },
        'base-model': { type: 'string' },
        'base-url': { type: 'string' },
        'api-key-env': { type: 'string' },
        sizes: { type: 'string' },
        samples: { type: 'string' },
        'test-limit': { type: 'string' },
        epochs: { type: 'string' },
        seed: { type: 'string' },
        prices: { type: 'string' },
        'trainer-files': { type: 'boolean' },
        'export-only': { type: 'boolean' },
        'poll-seconds': { type: 'string' },
        workspace: { type: 'string' },
        yes: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      0,
    );
    if (values.run === undefined) throw new UsageError("missing --run ID (see 'mistakebook run list')");
    if (values['test-set'] === undefined) throw new UsageError('missing --test-set FILE');
    if (values['base-model'] === undefined && values['export-only'] !== true) throw new UsageError('missing --base-model NAME');
    const baseUrl = values['base-url'] ?? OPENAI_BASE_URL;
    const apiKey = apiKeysFrom(values, { reasoner: baseUrl }).reasoner;
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number (got '${values.seed ?? ''}')`);
    const samples = count('samples', values.samples);
    const testLimit = count('test-limit', values['test-limit']);
    const epochs = count('epochs', values.epochs);
    const pollSeconds = number('poll-seconds', values['poll-seconds']);
    const prices = await priceTable(values.prices);
    const baseModel = values['base-model'] ?? '(none)';

    const controller = new AbortController();
    const onInterrupt = (): void => {
      if (controller.signal.aborted) process.exit(INTERRUPTED);
      controller.abort();
      io.stderr.write('\nexperiment: stopping — the fine-tuning jobs keep running on the engine; run the same command to resume\n');
    };
    process.on('SIGINT', onInterrupt);
    let unanswered = false;
    try {
      const outcome = await runExperiment({
        workspaceDir: workspaceOf(values.workspace),
        runId: values.run,
        testSet: values['test-set'],
        baseModel,
        baseUrl,
        ...(apiKey === undefined ? {} : { apiKey }),
        sizes: choice('sizes', values.sizes, SIZES) ?? 'all',
        ...(seed === undefined ? {} : { seed }),
        ...(samples === undefined ? {} : { samplesPerQuestion: samples }),
        ...(testLimit === undefined ? {} : { testLimit }),
        ...(epochs === undefined ? {} : { epochs }),
        ...(pollSeconds === undefined ? {} : { pollMs: pollSeconds * 1000 }),
        prices,
        toolVersion: version,
        trainerFiles: values['trainer-files'] === true,
        exportOnly: values['export-only'] === true,
        signal: controller.signal,
        confirm: async (estimate) => {
          await write(io.stderr, `${describeExperimentEstimate(estimate, baseModel)}\n`);
          if (values.yes === true) return true;
          const ok = await askYes('Upload both sets and start both fine-tuning jobs? [y/N] ', io);
          unanswered = ok === undefined;
          return ok === true;
        },
        log: (line) => io.stderr.write(`${line}\n`),
      });
      if (outcome.report === undefined) {
        await write(io.stderr, `${describeExperimentEstimate(outcome.estimate, baseModel)}\n`);
        await write(io.stdout, `${[`experiment ${outcome.id}: sets written to ${outcome.dir}`, ...outcome.trainerFiles.map((f) => `  ${f}`)].join('\n')}\n`);
        return 0;
      }
      await write(io.stdout, values.json === true ? `${JSON.stringify(outcome.report, null, 2)}\n` : `${reportText(outcome.report)}Report: ${outcome.dir}/report.md\n`);
      return 0;
    } catch (e) {
      if (e instanceof ExperimentNotConfirmed) {
        await write(io.stderr, `${e.message}${unanswered ? '. No terminal to ask: run again with --yes to confirm' : ''}.\n`);
        return 1;
      }
      if (controller.signal.aborted) return INTERRUPTED;
      throw e;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  },
};
