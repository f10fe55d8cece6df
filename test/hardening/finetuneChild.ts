/**
 * The process the fine-tuning crash test kills: starts (or finds) one fine-tuning job and waits for
 * it. Says `waiting <job id>` once the job is recorded, and `done <model>` when it has succeeded.
 * Usage: finetuneChild.ts WORKSPACE BASE_URL API_KEY TRAINING_FILE
 */
import { FineTuneClient } from '../../src/core/finetune/client';

async function main(): Promise<void> {
  const [workspace, baseUrl, apiKey, trainingFile] = process.argv.slice(2);
  if (workspace === undefined || baseUrl === undefined || apiKey === undefined || trainingFile === undefined) throw new Error('usage: finetuneChild.ts WORKSPACE BASE_URL API_KEY TRAINING_FILE');
  const client = new FineTuneClient(workspace, { baseUrl, apiKey }, { pollMs: 20 });
  const job = await client.ensureJob({ baseModel: 'reasoner', trainingFile, suffix: 'crash', seed: 1 });
  console.log(`waiting ${job.jobId}`);
  const done = await client.waitFor(job, { onUpdate: (r) => console.log(`state ${r.status}`) });
  console.log(`done ${done.fineTunedModel ?? ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
