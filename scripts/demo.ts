/**
 * The demo set-up behind `npm start`: code-server with the packaged extension, opened on a workspace,
 * and a scripted model server (test/fake-openai, on loopback, no key needed — like a local vLLM or
 * Ollama) set as both reasoner and corrector, so the whole LEMA loop runs without a key or a GPU.
 */
import { join } from 'node:path';
import { loadAnswerKey } from '../test/fake-openai/answer-key';
import { startFakeOpenAI, type FakeOpenAI } from '../test/fake-openai/server';
import { startCodeServer, type CodeServer } from '../test/support/codeServer';

export interface Demo {
  /** The workbench opened on the workspace. */
  url: string;
  server: CodeServer;
  models: FakeOpenAI;
  stop(): Promise<void>;
}

export async function startDemo(options: { vsix: string; workspace: string; port?: number; settings?: Record<string, unknown> }): Promise<Demo> {
  const models = await startFakeOpenAI({
    answerKey: await loadAnswerKey(join(options.workspace, 'datasets', 'gsm8k-sample.jsonl')),
    requireKey: false,
    latencyMs: 150,
  });
  const server = await startCodeServer({
    install: [options.vsix],
    ...(options.port === undefined ? {} : { port: options.port }),
    settings: {
      'mistakebook.reasoner.baseUrl': models.url,
      'mistakebook.reasoner.model': 'reasoner',
      'mistakebook.corrector.baseUrl': models.url,
      'mistakebook.corrector.model': 'corrector',
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
