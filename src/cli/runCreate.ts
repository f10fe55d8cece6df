/** `mistakebook run create`: snapshot a run's configuration in run.json, ready for its stages. */
import { readUserText } from '../core/io/userFile';
import { createRun, type ModelConfig, type RunConfig } from '../core/pipeline';
import { TASK_IDS } from '../core/task';
import { choice, parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { count, number } from './runArgs';

const APIS = ['chat', 'completion'] as const;
const ROLES = ['reasoner', 'corrector'] as const;

const OPTIONS = {
  workspace: { type: 'string' },
  dataset: { type: 'string' },
  task: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  api: { type: 'string' },
  samples: { type: 'string' },
  temperature: { type: 'string' },
  'top-p': { type: 'string' },
  'max-tokens': { type: 'string' },
  seed: { type: 'string' },
  concurrency: { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'corrector-base-url': { type: 'string' },
  'corrector-model': { type: 'string' },
  'corrector-api': { type: 'string' },
  'corrector-temperature': { type: 'string' },
  'corrector-max-tokens': { type: 'string' },
  'corrector-seed': { type: 'string' },
  'corrector-concurrency': { type: 'string' },
  'corrector-rpm': { type: 'string' },
  corrections: { type: 'string' },
  'augment-samples': { type: 'string' },
  prompt: { type: 'string' },
  'solve-template': { type: 'string' },
  limit: { type: 'string' },
  'eval-dataset': { type: 'string' },
  'eval-samples': { type: 'string' },
  'eval-model': { type: 'string' },
  id: { type: 'string' },
} as const;

type Values = Partial<Record<keyof typeof OPTIONS, string>>;

function model(v: Values, prefix: '' | 'corrector-', fallback?: ModelConfig): ModelConfig | undefined {
  const name = v[`${prefix}model`];
  if (name === undefined) return undefined;
  const baseUrl = v[`${prefix}base-url`] ?? fallback?.baseUrl;
  if (baseUrl === undefined) throw new UsageError(`missing --${prefix}base-url: the OpenAI-compatible endpoint, e.g. http://localhost:8000/v1`);
  const config: ModelConfig = {
    baseUrl,
    model: name,
    api: choice(`${prefix}api`, v[`${prefix}api`], APIS) ?? 'chat',
    sampling: { ...fallback?.sampling },
  };
  const temperature = number(`${prefix}temperature`, v[`${prefix}temperature`]);
  if (temperature !== undefined) config.sampling.temperature = temperature;
  const maxTokens = count(`${prefix}max-tokens`, v[`${prefix}max-tokens`]);
  if (maxTokens !== undefined) config.sampling.maxTokens = maxTokens;
  if (prefix === 'corrector-') {
    const seed = number('corrector-seed', v['corrector-seed']);
    if (seed !== undefined) config.sampling.seed = seed;
  }
  const concurrency = count(`${prefix}concurrency`, v[`${prefix}concurrency`]) ?? fallback?.maxConcurrency;
  if (concurrency !== undefined) config.maxConcurrency = concurrency;
  const rpm = count(`${prefix}rpm`, v[`${prefix}rpm`]) ?? fallback?.requestsPerMinute;
  if (rpm !== undefined) config.requestsPerMinute = rpm;
  return config;
}

function reasoner(v: Values): ModelConfig {
  const config = model(v, '');
  if (config === undefined) throw new UsageError('missing --model: the reasoning model M_r');
  const topP = number('top-p', v['top-p']);
  if (topP !== undefined) config.sampling.topP = topP;
  const seed = number('seed', v.seed);
  if (seed !== undefined) config.sampling.seed = seed;
  const tpm = count('tpm', v.tpm);
  if (tpm !== undefined) config.tokensPerMinute = tpm;
  const timeout = count('timeout-ms', v['timeout-ms']);
  if (timeout !== undefined) config.timeoutMs = timeout;
  return config;
}

export const runCreate: Command = {
  path: ['run', 'create'],
  summary: 'Create a run: dataset, models M_r and M_c, few-shot prompt, sampling',
  help: `Usage: mistakebook run create --dataset FILE --base-url URL --model NAME [options]

Writes .mistakebook/runs/<id>/run.json in the workspace and prints the run id.
Then run its stages: mistakebook run sample|correct|augment|evaluate --run ID.
Keys are never given here; the stages read them from an environment variable.

Options:
  --workspace DIR           the workspace (default: the current directory)
  --dataset FILE            training questions (GSM8K, MATH, LEMA, CSQA JSONL/JSON)
  --task T                  ${TASK_IDS.join(', ')} (default: detected from the dataset)
  --limit N                 only the first N questions
  --base-url URL            M_r's OpenAI-compatible endpoint, e.g. http://localhost:8000/v1
  --model NAME              the reasoning model M_r
  --api chat|completion     completion for base models on /v1/completions (default chat)
  --samples K               paths sampled per question (default 4)
  --temperature T, --top-p P, --max-tokens N, --seed N
  --concurrency N, --rpm N, --tpm N, --timeout-ms N
                            limits for M_r's endpoint
  --corrector-model NAME    the corrector M_c (needed by correct and augment)
  --corrector-base-url URL  (default: --base-url)
  --corrector-api chat|completion
  --corrector-temperature T, --corrector-max-tokens N,
  --corrector-seed N        M_c's seed (default: drawn once and kept in run.json,
                            so a resumed run gets the corrections it would have)
  --corrector-concurrency N, --corrector-rpm N
  --prompt FILE             the few-shot correction prompt P_c (refused if it has errors)
  --corrections C           corrections asked per mistake (default 1)
  --augment-samples K       CoT paths M_c samples per question (default: --samples)
  --solve-template FILE     solve prompt with {question} (and {candidates})
  --eval-dataset FILE       test set of the evaluate stage (default: --dataset)
  --eval-samples K          samples per test question (default: --samples)
  --eval-model reasoner|corrector   the model evaluated (default reasoner)
  --id ID                   the run's id (default: made from the date and models)
  -h, --help                show this help

Exit code: 0 created, 1 a file cannot be read or the prompt has errors, 2 for
a wrong command line.
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(args, OPTIONS, 0);
    const v = values as Values;
    if (v.dataset === undefined) throw new UsageError('missing --dataset: the questions to sample');
    const m = reasoner(v);
    const c = model(v, 'corrector-', { ...m, sampling: { ...(m.sampling.maxTokens === undefined ? {} : { maxTokens: m.sampling.maxTokens }) } });
    const config: RunConfig = { workspaceDir: v.workspace ?? process.cwd(), datasetFile: v.dataset, reasoner: m, samplesPerQuestion: count('samples', v.samples) ?? 4 };
    if (c !== undefined) config.corrector = c;
    const task = choice('task', v.task, TASK_IDS);
    if (task !== undefined) config.task = task;
    const corrections = count('corrections', v.corrections);
    if (corrections !== undefined) config.correctionsPerMistake = corrections;
    const augment = count('augment-samples', v['augment-samples']);
    if (augment !== undefined) config.augmentSamplesPerQuestion = augment;
    if (v.prompt !== undefined) config.promptFile = v.prompt;
    if (v['solve-template'] !== undefined) config.solveTemplate = await readUserText(v['solve-template'], { maxBytes: 1024 * 1024, what: 'solve template' });
    const limit = count('limit', v.limit);
    if (limit !== undefined) config.limit = limit;
    const evalModel = choice('eval-model', v['eval-model'], ROLES);
    const evalSamples = count('eval-samples', v['eval-samples']);
    if (evalModel !== undefined || evalSamples !== undefined || v['eval-dataset'] !== undefined) {
      config.evaluation = {
        ...(evalModel === undefined ? {} : { model: evalModel }),
        ...(evalSamples === undefined ? {} : { samplesPerQuestion: evalSamples }),
        ...(v['eval-dataset'] === undefined ? {} : { datasetFile: v['eval-dataset'] }),
      };
    }
    if (v.id !== undefined) config.runId = v.id;
    const id = await createRun(config);
    await write(io.stdout, `${id}\n`);
    return 0;
  },
};
