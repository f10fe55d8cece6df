/**
 * Makes the finished run committed in samples/ (`npx tsx scripts/makeSampleRun.ts`), so that a new
 * user sees mistakes, corrections and ratings before pointing at any model. It really runs the
 * pipeline, sample then correct, against the scripted demo models of `npm start`, with fixed seeds
 * so running it again gives the same paths, corrections and ratings (only the times differ).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRun, runStages, type CorrectionRecord, type ModelConfig } from '../src/core/pipeline';
import { newRating, type Rating, type RatingValue } from '../src/core/store/ratings';
import { tableFile } from '../src/core/store/layout';
import { RunStore } from '../src/core/store/runStore';
import { readTable } from '../src/core/store/tableReader';
import { projectRoot } from '../test/support/tools';
import { DEMO_MODELS, DEMO_MODELS_PORT, startDemoModels } from './demo';

export const SAMPLE_RUN_ID = 'sample-run';
const workspace = join(projectRoot, 'samples');

/** A few ratings as a researcher would give them, so the rating filters and statistics have something to show. */
const RATINGS: readonly RatingValue[] = ['excellent', 'good', 'excellent', 'poor'];
const RATED_AT = Date.parse('2026-01-15T10:00:00Z');

async function main(): Promise<void> {
  await rm(join(workspace, '.mistakebook', 'runs', SAMPLE_RUN_ID), { recursive: true, force: true });
  // run.json keeps the base URL: npm start's port, the same at every generation, is where Regenerate goes.
  const models = await startDemoModels(workspace, { port: DEMO_MODELS_PORT });
  // A scratch cache: a cached answer from an earlier generation would hide a change of the models.
  const cacheDir = await mkdtemp(join(tmpdir(), 'mistakebook-sample-cache-'));
  try {
    const model = (name: string, temperature: number): ModelConfig => ({ baseUrl: models.url, model: name, api: 'chat', sampling: { temperature, maxTokens: 1024, seed: 7 } });
    const runId = await createRun({
      workspaceDir: workspace,
      datasetFile: 'datasets/gsm8k-sample.jsonl',
      reasoner: model(DEMO_MODELS.reasoner, 0.8),
      corrector: model(DEMO_MODELS.corrector, 0),
      samplesPerQuestion: 4,
      promptFile: 'prompts/gsm8k.fewshot.txt',
      runId: SAMPLE_RUN_ID,
    });
    const { stages } = await runStages(workspace, runId, ['sample', 'correct'], { cacheDir, log: (line) => console.log(line) });
    for (const [stage, result] of Object.entries(stages)) {
      if (result.state !== 'done') throw new Error(`the ${stage} stage ended ${result.state}: ${result.message ?? ''}`);
    }
    const rated = await rateSome(runId);
    console.log(`samples/.mistakebook/runs/${runId}: ${stages.sample?.total ?? 0} paths sampled, ${stages.correct?.total ?? 0} mistakes corrected, ${rated} rated.`);
  } finally {
    await models.close();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** Rates a few verified corrections, one minute apart; by id, since concurrent requests fill the table in any order. */
async function rateSome(runId: string): Promise<number> {
  const onDiagnostic = (d: { message: string }): void => console.log(d.message);
  const store = await RunStore.open(workspace, runId, { onDiagnostic });
  try {
    const corrections: CorrectionRecord[] = [];
    for await (const c of readTable<CorrectionRecord>(tableFile(store.dir, 'corrections'), onDiagnostic)) if (c.verified) corrections.push(c);
    const ratings = await store.table<Rating>('ratings');
    const rated = corrections.sort((a, b) => a.id.localeCompare(b.id)).slice(0, RATINGS.length);
    for (const [i, c] of rated.entries()) await ratings.append(newRating(c.id, RATINGS[i] ?? 'good', undefined, new Date(RATED_AT + i * 60_000)));
    return rated.length;
  } finally {
    await store.close();
  }
}

main().catch((e: unknown) => {
  console.error('makeSampleRun failed:', e);
  process.exit(1);
});
