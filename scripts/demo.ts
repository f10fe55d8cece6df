/**
 * The demo set-up behind `npm start`: code-server with the packaged extension, opened on a workspace,
 * and a scripted model server (test/fake-openai, on loopback, no key needed — like a local vLLM or
 * Ollama) set as both reasoner and corrector, so the whole LEMA loop runs without a key or a GPU.
 */
import { join } from 'node:path';
import { loadAnswerKeys } from '../test/fake-openai/answer-key';
import { corrector } from '../test/fake-openai/corrector';
import type { Script } from '../test/fake-openai/scripts';
import { reasoner } from '../test/fake-openai/reasoner';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../test/fake-openai/server';
import { startCodeServer, type CodeServer } from '../test/support/codeServer';

export interface Demo {
  /** The workbench opened on the workspace. */
  url: string;
  server: CodeServer;
  models: FakeOpenAI;
  stop(): Promise<void>;
}

/** The demo models' names say what they are, so no one takes their output for a real model's. */
export const DEMO_MODELS = { reasoner: 'scripted-demo-reasoner', corrector: 'scripted-demo-corrector' } as const;
/**
 * The loopback port `npm start` serves them on, and the one in the sample run's run.json, so that
 * Regenerate on the sample run reaches them.
 */
export const DEMO_MODELS_PORT = 41_771;

/**
 * The scripted models on loopback, knowing the answers of the workspace's sample dataset; no key
 * needed. The sample run in samples/ was made with these too (scripts/makeSampleRun.ts).
 */
export async function startDemoModels(workspace: string, options: Pick<FakeOpenAIOptions, 'port' | 'latencyMs' | 'fineTuning'> = {}): Promise<FakeOpenAI> {
  const models = await startFakeOpenAI({
    // The sample dataset and its test set (the LEMA experiment evaluates on it).
    answerKey: await loadAnswerKeys([join(workspace, 'datasets', 'gsm8k-sample.jsonl'), join(workspace, 'datasets', 'gsm8k-sample-test.jsonl')]),
    requireKey: false,
    ...options,
  });
  models.setScript(DEMO_MODELS.reasoner, reasoner());
  models.setScript(DEMO_MODELS.corrector, demoCorrector());
  return models;
}

/**
 * Like a real corrector, the scripted one does better with more worked examples: shown four or more
 * (samples/prompts/gsm8k.fewshot.txt) it is always right; shown fewer (gsm8k-brief.fewshot.txt) a
 * fixed share of its corrections miss the answer or ignore the format — so comparing the two sample
 * prompts has a difference to find.
 */
function demoCorrector(): Script {
  const full = corrector();
  const brief = corrector({ wrongRate: 0.35, unparseableRate: 0.1 });
  return (request, context) => {
    // Each worked example has one "Incorrect Step:" answer; the mistake to correct has none yet.
    const examples = request.prompt.split('Incorrect Step:').length - 1;
    return (examples >= 4 ? full : brief)(request, context);
  };
}

/**
 * `port`: the workbench's; `modelsPort`: the demo models' (default: any free one); `latencyMs`: each
 * model answer's delay (default 150 ms; tests slow it to watch progress).
 */
export async function startDemo(options: { vsix: string; workspace: string; port?: number; modelsPort?: number; latencyMs?: number; settings?: Record<string, unknown> }): Promise<Demo> {
  const latencyMs = options.latencyMs ?? 150;
  const models = await startDemoModels(options.workspace, { latencyMs, ...(options.modelsPort === undefined ? {} : { port: options.modelsPort }) }).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    console.warn(`port ${options.modelsPort ?? 0} is taken, so the demo models take another; Regenerate on the sample run will not reach them.`);
    return startDemoModels(options.workspace, { latencyMs });
  });
  const server = await startCodeServer({
    install: [options.vsix],
    ...(options.port === undefined ? {} : { port: options.port }),
    settings: {
      'mistakebook.reasoner.baseUrl': models.url,
      'mistakebook.reasoner.model': DEMO_MODELS.reasoner,
      'mistakebook.corrector.baseUrl': models.url,
      'mistakebook.corrector.model': DEMO_MODELS.corrector,
      'mistakebook.samplesPerQuestion': 4,
      ...options.settings,
    },
  });
  return {
    url: `${server.url}?folder=${encodeURIComponent(options.workspace)}`,
    server,
    models,
    stop: async () => {
      await server.stop();
      await models.close();
    },
  };
}
