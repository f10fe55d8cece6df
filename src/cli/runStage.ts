/**
 * `mistakebook run sample|correct|augment|evaluate --run ID`: one stage of a run, resumable. Keys come
 * from an environment variable, never from the command line; progress goes to stderr; Ctrl-C
 * cancels cleanly (what is stored stays, and the same command resumes).
 */
import { createInterface } from 'node:readline/promises';
import { readUserText } from '../core/io/userFile';
import { DEFAULT_PRICES, parsePriceTable, type PriceTable } from '../core/llm/usage';
import { formatDiagnostic } from '../core/diagnostic';
import { DEFAULT_COST_THRESHOLD, describeEstimate, overThreshold, runStages, type PipelineStage, type ProgressEvent, type StageEstimate } from '../core/pipeline';
import { parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { apiKeysForRun, count, KEY_HELP, KEY_OPTIONS, number, workspaceOf } from './runArgs';
import { VARIANT_HELP, VARIANT_OPTIONS, variantRequest } from './variantArgs';

/** Exit code of a cancelled stage that can be resumed (128 + SIGINT, as shells report it). */
const INTERRUPTED = 130;
const PROGRESS_EVERY_MS = 2000;

const WHAT: Readonly<Record<PipelineStage, { summary: string; unit: string; detail: string }>> = {
  sample: { summary: 'Sample k reasoning paths per question from M_r and judge them (eq. 1)', unit: 'paths', detail: 'M_r writes k paths per question into paths.jsonl; the wrong ones are the mistakes.' },
  correct: { summary: 'Have M_c correct each mistake with the few-shot prompt, and verify (eq. 2)', unit: 'corrections', detail: 'M_c corrects every mistake in paths.jsonl into corrections.jsonl; unparseable replies are kept as such.' },
  augment: { summary: 'Sample CoT paths from M_c and keep the right ones', unit: 'questions', detail: "M_c's right paths go to augmented.jsonl (CoT data augmentation)." },
  evaluate: { summary: 'pass@1 and majority-vote accuracy of a model on a test set', unit: 'questions', detail: 'One row of evaluations.jsonl; paths the sample stage stored are reused.' },
};

function progressLine(e: ProgressEvent, unit: string): string {
  const percent = e.total === 0 ? 100 : Math.floor((100 * e.done) / e.total);
  const parts = [`${e.stage}: ${e.done}/${e.total} ${unit} (${percent}%)`];
  const errors = Object.values(e.errors).reduce((a, b) => a + b, 0);
  if (errors > 0) parts.push(`${errors} failed`);
  parts.push(`${e.promptTokens + e.completionTokens} tokens`);
  if (e.costUsd > 0) parts.push(`$${e.costUsd.toFixed(4)}`);
  if (e.cacheHits > 0) parts.push(`${e.cacheHits} from cache`);
  if (e.concurrency !== undefined) parts.push(`concurrency ${e.concurrency.current}/${e.concurrency.max}`);
  return parts.join(' · ');
}

const BAR_WIDTH = 24;

/** The one line a terminal redraws in place: a bar, then the figures. */
function progressBar(e: ProgressEvent, unit: string): string {
  const filled = e.total === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.floor((BAR_WIDTH * e.done) / e.total));
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${progressLine(e, unit)}`;
}

function stageCommand(stage: PipelineStage): Command {
  const { summary, unit, detail } = WHAT[stage];
  return {
    path: ['run', stage],
    summary,
    help: `Usage: mistakebook run ${stage} --run ID [options]   (or: mistakebook ${stage} --run ID …)

${detail}
Run it again after a crash, Ctrl-C or failed requests: it sends no request whose
result is stored, writes no duplicate, and retries only what is missing.

Options:
  --run ID                      the run (see 'mistakebook run list')
  --workspace DIR               the workspace (default: the current directory)
  --api-key-env NAME            ${KEY_HELP}
  --corrector-api-key-env NAME  M_c's key, when it differs from M_r's
  --concurrency N, --rpm N      requests in flight and per minute, for this
                                attempt only (default: as the run was created);
                                the client lowers the concurrency on 429s and
                                raises it slowly again
  --yes                         send even when the cost estimate is above the
                                threshold
  --confirm-above USD           the threshold in dollars (default ${DEFAULT_COST_THRESHOLD.maxUsd})
  --confirm-above-tokens N      the threshold in tokens, for models without a
                                price (default ${DEFAULT_COST_THRESHOLD.maxTokens})
  --prices FILE                 JSON price table over the built-in one:
                                {"model": {"inputPerMillion": 2.5, "outputPerMillion": 10}}
  -h, --help                    show this help
${stage === 'correct' ? VARIANT_HELP : ''}
Before sending anything the stage prints its estimate (requests, tokens,
dollars). Above the threshold it asks on a terminal, and without one stops
unless --yes is given.

Progress goes to standard error: a bar redrawn in place on a terminal, a line
every 2 s otherwise. Exit code: 0 done, 1 failed (some requests, or the stage
could not run; see the message and errors.jsonl), 2 for a wrong command line,
130 interrupted (run the same command to resume).
`,
    async run(args: string[], io: CliIo): Promise<number> {
      const { values } = parseCommandLine(
        args,
        {
          run: { type: 'string' },
          workspace: { type: 'string' },
          concurrency: { type: 'string' },
          rpm: { type: 'string' },
          yes: { type: 'boolean' },
          'confirm-above': { type: 'string' },
          'confirm-above-tokens': { type: 'string' },
          prices: { type: 'string' },
          ...KEY_OPTIONS,
          ...VARIANT_OPTIONS,
        },
        0,
      );
      if (values.run === undefined) throw new UsageError("missing --run ID (see 'mistakebook run list')");
      const variant = await variantRequest(values, stage, workspaceOf(values.workspace));
      const apiKeys = await apiKeysForRun(values, workspaceOf(values.workspace), values.run, variant?.baseUrl);
      const concurrency = count('concurrency', values.concurrency);
      const rpm = count('rpm', values.rpm);
      const limits = { ...(concurrency === undefined ? {} : { maxConcurrency: concurrency }), ...(rpm === undefined ? {} : { requestsPerMinute: rpm }) };
      const threshold = {
        maxUsd: number('confirm-above', values['confirm-above']) ?? DEFAULT_COST_THRESHOLD.maxUsd,
        maxTokens: count('confirm-above-tokens', values['confirm-above-tokens']) ?? DEFAULT_COST_THRESHOLD.maxTokens,
      };
      const prices = await priceTable(values.prices);
      let declined = false;
      const confirmCost = async (estimate: StageEstimate): Promise<boolean> => {
        await write(io.stderr, `${describeEstimate(estimate)}\n`);
        const why = overThreshold(estimate, threshold);
        if (why === undefined || values.yes === true) return true;
        const ok = await askYes(`${stage}: ${why}. Send? [y/N] `, io);
        if (ok === undefined) await write(io.stderr, `${stage}: ${why}; nothing sent. Run again with --yes to send, or raise --confirm-above.\n`);
        declined = ok !== true;
        return ok === true;
      };

      const controller = new AbortController();
      const onInterrupt = (): void => {
        if (controller.signal.aborted) process.exit(INTERRUPTED);
        controller.abort();
        io.stderr.write(`\n${stage}: cancelling — requests in flight are dropped, stored results stay (Ctrl-C again to quit at once)\n`);
      };
      process.on('SIGINT', onInterrupt);
      const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
      let lastLine = 0;
      let pending: ProgressEvent | undefined;
      const show = (e: ProgressEvent, force: boolean): void => {
        pending = e;
        const now = Date.now();
        if (!force && now - lastLine < (tty ? 200 : PROGRESS_EVERY_MS)) return;
        lastLine = now;
        pending = undefined;
        io.stderr.write(tty ? `\r${progressBar(e, unit)}\x1b[K` : `${progressLine(e, unit)}\n`);
      };
      try {
        const result = await runStages(workspaceOf(values.workspace), values.run, [stage], {
          apiKeys,
          ...(concurrency === undefined && rpm === undefined ? {} : { limits }),
          signal: controller.signal,
          prices,
          confirmCost,
          ...(variant === undefined ? {} : { variant }),
          onProgress: (e) => show(e, false),
          log: (line) => io.stderr.write(`${tty ? '\r\x1b[K' : ''}${line}\n`),
        });
        if (pending !== undefined) show(pending, true);
        if (tty) io.stderr.write('\n');
        const outcome = result.stages[stage];
        if (outcome === undefined) return 1;
        await write(io.stderr, `${stage}: ${outcome.state}, ${outcome.done} of ${outcome.total} ${unit}${outcome.message === undefined ? '' : ` — ${outcome.message}`}\n`);
        return outcome.state === 'done' ? 0 : outcome.state === 'cancelled' && !declined ? INTERRUPTED : 1;
      } finally {
        process.off('SIGINT', onInterrupt);
      }
    },
  };
}

/**
 * A yes or no from the person at the terminal; undefined when there is no terminal to ask (a
 * script, CI): then the stage must not send on its own.
 */
export async function askYes(question: string, io: CliIo): Promise<boolean | undefined> {
  if (process.stdin.isTTY !== true || (io.stderr as { isTTY?: boolean }).isTTY !== true) return undefined;
  const rl = createInterface({ input: process.stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** The built-in prices, with a user's table (--prices FILE) over them. */
export async function priceTable(file: string | undefined): Promise<PriceTable> {
  if (file === undefined) return DEFAULT_PRICES;
  const parsed = parsePriceTable(await readUserText(file, { maxBytes: 1024 * 1024, what: 'price table' }), file);
  if (parsed.diagnostics.length > 0) throw new Error(parsed.diagnostics.map(formatDiagnostic).join('\n'));
  return { ...DEFAULT_PRICES, ...parsed.prices };
}

export const runSample = stageCommand('sample');
export const runCorrect = stageCommand('correct');
export const runAugment = stageCommand('augment');
export const runEvaluate = stageCommand('evaluate');
