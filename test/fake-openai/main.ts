/**
 * The fake OpenAI server as a process, for the demo, benchmarks and child-process tests:
 *   npx tsx test/fake-openai/main.ts --port 0 --answer-key train.jsonl
 * Prints its base URL (ending /v1) as the first line of stdout and runs until SIGINT or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { loadAnswerKeys } from './answer-key';
import { startFakeOpenAI, type FakeOpenAIOptions } from './server';

const USAGE = `usage: tsx test/fake-openai/main.ts [--port N] [--answer-key FILE.jsonl]... [--api-key KEY] [--latency MS] [--capacity N] [--refuse-over-capacity RETRY_AFTER_MS]
       [--wrong-rate R] [--corrector-wrong-rate R] [--corrector-unparseable-rate R] [--fine-tune-step-ms MS]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'answer-key': { type: 'string', multiple: true },
      'api-key': { type: 'string' },
      latency: { type: 'string' },
      capacity: { type: 'string' },
      'refuse-over-capacity': { type: 'string' },
      'wrong-rate': { type: 'string' },
      'corrector-wrong-rate': { type: 'string' },
      'corrector-unparseable-rate': { type: 'string' },
      'fine-tune-step-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const num = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const v = Number(text);
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} wants a non-negative number, got "${text}"\n${USAGE}`);
    return v;
  };
  const options: FakeOpenAIOptions = { port: num('port', values.port) ?? 0 };
  if (values['answer-key'] !== undefined) options.answerKey = await loadAnswerKeys(values['answer-key']);
  if (values['api-key'] !== undefined) options.apiKey = values['api-key'];
  const latency = num('latency', values.latency);
  if (latency !== undefined) options.latencyMs = latency;
  const capacity = num('capacity', values.capacity);
  if (capacity !== undefined) options.capacity = capacity;
  const refuse = num('refuse-over-capacity', values['refuse-over-capacity']);
  if (refuse !== undefined) options.refuseOverCapacityMs = refuse;
  const wrongRate = num('wrong-rate', values['wrong-rate']);
  if (wrongRate !== undefined) options.reasoner = { wrongRate };
  const correctorWrong = num('corrector-wrong-rate', values['corrector-wrong-rate']);
  const correctorUnparseable = num('corrector-unparseable-rate', values['corrector-unparseable-rate']);
  options.corrector = {
    ...(correctorWrong === undefined ? {} : { wrongRate: correctorWrong }),
    ...(correctorUnparseable === undefined ? {} : { unparseableRate: correctorUnparseable }),
  };

  const stepMs = num('fine-tune-step-ms', values['fine-tune-step-ms']);
  if (stepMs !== undefined) options.fineTuning = { stepMs };

  const server = await startFakeOpenAI(options);
  console.log(server.url);
  process.stderr.write(`fake-openai: API key ${server.apiKey}; ${server.answerKey.size} questions in the answer key; models reasoner, corrector, echo\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`fake-openai: ${(e as Error).message}`);
  process.exit(1);
});
