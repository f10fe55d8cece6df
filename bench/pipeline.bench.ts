/**
 * The pipeline's overhead: sample → correct over a fake endpoint in its own process, against the
 * same requests sent straight through the model client (no store, no judging, no parsing). And the
 * requests a rerun of the finished run sends (the cost of resuming: none).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parsePrompt, renderCorrectionMessages } from '../src/core/fewshot';
import { LlmClient } from '../src/core/llm/client';
import type { SampleRequest } from '../src/core/llm/wire';
import { createRun, runStages, type ModelConfig, type PathRecord } from '../src/core/pipeline';
import { DEFAULT_SOLVE_TEMPLATE, renderSolvePrompt } from '../src/core/task/solvePrompt';
import { DEFAULT_FAKE_API_KEY } from '../test/fake-openai/server';
import { questions } from '../test/unit/pipeline/fixture';
import type { Benchmark } from './benchmark';

const QUESTIONS = 300;
const K = 4;
const CONCURRENCY = 16;
const LATENCY_MS = 20;
const ROUNDS = 4;

async function spawnFake(args: readonly string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../test/fake-openai/main.ts'), '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    if (!child.stdout) return reject(new Error('fake-openai has no stdout'));
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake-openai exited with ${code} before printing its URL`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const overhead: Benchmark = {
  name: 'pipeline sample+correct vs raw client',
  async run() {
    const dir = await mkdtemp(join(tmpdir(), 'mistakebook-bench-pipeline-'));
    const entries = questions(QUESTIONS);
    const keyFile = join(dir, 'key.jsonl');
    await writeFile(keyFile, entries.map((e) => JSON.stringify({ question: e.question, goldAnswer: e.goldAnswer, goldSolution: e.goldSolution })).join('\n') + '\n');
    const dataset = join(dir, 'train.jsonl');
    await writeFile(dataset, entries.map((e) => JSON.stringify({ question: e.question, answer: `${e.goldSolution}\n#### ${e.goldAnswer}` })).join('\n') + '\n');
    const promptFile = join(__dirname, '../samples/prompts/gsm8k.fewshot.txt');
    const fake = await spawnFake(['--answer-key', keyFile, '--latency', String(LATENCY_MS), '--wrong-rate', '0.3']);
    try {
      const model = (name: string): ModelConfig => ({ baseUrl: fake.url, model: name, api: 'chat', sampling: { temperature: 0.7, seed: 1, maxTokens: 400 }, maxConcurrency: CONCURRENCY });
      const opts = (round: string) => ({ apiKeys: { reasoner: DEFAULT_FAKE_API_KEY, corrector: DEFAULT_FAKE_API_KEY }, cacheDir: join(dir, `cache-${round}`) });
      const pipelineRound = async (round: string): Promise<{ seconds: number; runId: string }> => {
        const runId = await createRun({ workspaceDir: dir, datasetFile: dataset, reasoner: model('reasoner'), corrector: model('corrector'), samplesPerQuestion: K, promptFile, runId: `bench-${round}` });
        const started = performance.now();
        const result = await runStages(dir, runId, ['sample', 'correct'], opts(round));
        if (result.stages.correct?.state !== 'done') throw new Error(`bench run ${runId}: ${JSON.stringify(result.stages)}`);
        return { seconds: (performance.now() - started) / 1000, runId };
      };

      // A first run: warms connections and tells which paths are mistakes, for the raw client's requests.
      const warm = await pipelineRound('warm');
      const paths = (await readFile(join(dir, '.mistakebook', 'runs', warm.runId, 'paths.jsonl'), 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as PathRecord);
      const mistakes = paths.filter((p) => !p.correct);
      const prompt = parsePrompt(await readFile(promptFile, 'utf8'), promptFile);
      const sampling = model('reasoner').sampling;
      const solveRequests: SampleRequest[] = entries.map((e) => ({ prompt: renderSolvePrompt(DEFAULT_SOLVE_TEMPLATE, { question: e.question }), n: K, ...sampling }));
      const correctRequests: SampleRequest[] = mistakes.map((m) => ({ prompt: renderCorrectionMessages(prompt, { question: m.question, originalSteps: m.steps }), n: 1, ...sampling }));
      // The client as the pipeline configures it (with a fresh response cache), minus the pipeline.
      const rawRound = async (round: string): Promise<number> => {
        const endpoint = (name: string) => ({ endpoint: { baseUrl: fake.url, apiKey: DEFAULT_FAKE_API_KEY, model: name }, maxConcurrency: CONCURRENCY, cacheDir: join(dir, `raw-cache-${round}`) });
        const reasoner = new LlmClient(endpoint('reasoner'));
        const corrector = new LlmClient(endpoint('corrector'));
        const started = performance.now();
        await inWorkers(solveRequests, (r) => reasoner.complete(r));
        await inWorkers(correctRequests, (r) => corrector.complete(r));
        return (performance.now() - started) / 1000;
      };

      let rawSeconds = 0;
      let pipelineSeconds = 0;
      let last = warm;
      // ABBA order: on a loaded machine whichever goes second in a pair tends to be faster.
      for (let round = 0; round < ROUNDS; round++) {
        if (round % 2 === 0) rawSeconds += await rawRound(String(round));
        last = await pipelineRound(String(round));
        pipelineSeconds += last.seconds;
        if (round % 2 === 1) rawSeconds += await rawRound(String(round));
      }
      const requestsBefore = await requestCount(fake.url);
      await runStages(dir, last.runId, ['sample', 'correct'], { ...opts('rerun'), cacheDir: join(dir, 'cache-rerun-empty') });
      // The second probe counts itself once.
      const rerunRequests = (await requestCount(fake.url)) - requestsBefore - 1;
      const requests = solveRequests.length + correctRequests.length;
      return [
        {
          name: 'pipeline: sample+correct time ÷ raw client time',
          value: pipelineSeconds / rawSeconds,
          unit: '×',
          target: 1.3,
          better: 'lower',
          detail: `${(pipelineSeconds / ROUNDS).toFixed(2)} s vs ${(rawSeconds / ROUNDS).toFixed(2)} s for ${requests} requests (${QUESTIONS} questions × ${K} paths, ${mistakes.length} mistakes; ${CONCURRENCY} in flight, ${LATENCY_MS} ms each)`,
        },
        {
          name: 'pipeline: requests sent by a rerun of a finished run',
          value: rerunRequests,
          unit: 'requests',
          target: 0,
          better: 'lower',
          detail: 'sample+correct again with an empty response cache: stored ids are skipped',
        },
      ];
    } finally {
      await fake.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/** Sends every request, CONCURRENCY × 2 at a time, as the pipeline's workers do (faster here than handing all over at once). */
async function inWorkers<T>(items: readonly T[], send: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await send(items[next++] as T);
  };
  await Promise.all(Array.from({ length: 2 * CONCURRENCY }, worker));
}

/** The fake's own count of requests answered, from a `GET /v1/models` probe (which itself counts once). */
async function requestCount(url: string): Promise<number> {
  const seqHeader = await fetch(`${url}/models`, { headers: { authorization: `Bearer ${DEFAULT_FAKE_API_KEY}` } });
  const id = seqHeader.headers.get('x-request-id') ?? '';
  await seqHeader.arrayBuffer();
  const seq = Number(/(\d+)$/.exec(id)?.[1]);
  if (!Number.isFinite(seq)) throw new Error(`the fake's x-request-id "${id}" carries no sequence number`);
  return seq;
}

export const benchmarks: Benchmark[] = [overhead];
