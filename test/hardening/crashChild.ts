/**
 * The process the crash suite kills: runs the sample and correct stages of an existing run and
 * says on stdout when it starts working (`working`), every line the pipeline logs (`log …`) and
 * how the stages ended (`result {…}`). Usage: crashChild.ts WORKSPACE RUN_ID API_KEY
 */
import { runStages } from '../../src/core/pipeline';

async function main(): Promise<void> {
  const [workspace, runId, apiKey] = process.argv.slice(2);
  if (workspace === undefined || runId === undefined || apiKey === undefined) throw new Error('usage: crashChild.ts WORKSPACE RUN_ID API_KEY');
  let working = false;
  const result = await runStages(workspace, runId, ['sample', 'correct'], {
    apiKeys: { reasoner: apiKey, corrector: apiKey },
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4 },
    log: (line) => console.log(`log ${line}`),
    onProgress: () => {
      if (working) return;
      working = true;
      console.log('working');
    },
  });
  console.log(`result ${JSON.stringify(result)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
