import { strict as assert } from 'node:assert';
import { buildExportFixture } from '../../support/exportFixture';
import { run } from '../cli/capture';
import { useTempDir } from '../store/workspace';

describe('mistakebook stats: rates with n and interval, per-run counting', () => {
  const t = useTempDir();
  beforeEach(async () => {
    await buildExportFixture(t.dir());
  });

  it('prints every rate with its n and 95% interval, and the prompt version\'s file', async () => {
    const r = await run('stats', '--workspace', t.dir());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /llama-2-13b · gsm8k {2}75\.0% {2}12\/16 paths, 4 questions {2}95% CI 50\.5–89\.8%/);
    assert.match(r.stdout, /pass@1 50\.0% \(n = 10, 95% CI 23\.7–76\.3%\); majority 60\.0% \(n = 10, 95% CI 31\.3–83\.2%\)/);
    assert.match(r.stdout, /gpt-4 · [0-9a-f]{8} {2}66\.7% {2}4\/6 \(5 parsed\) {2}95% CI 30\.0–90\.3% {2}prompts\/gsm8k\.fewshot\.txt/);
    assert.match(r.stdout, /unrated {3}40\.0% \(n = 5, 95% CI 11\.8–76\.9%\)/);
  });

  it('counts questions per run and says so; several --run ids combine them', async () => {
    const perRun = await run('stats', '--workspace', t.dir());
    assert.match(perRun.stdout, /questions by wrong paths \(per run: a question counted once in each of the 2 runs/);
    assert.match(perRun.stdout, / {3}2 wrong {2}3\n/);
    assert.doesNotMatch(perRun.stdout, / {3}3 wrong/);
    const combined = await run('stats', '--workspace', t.dir(), '--run', 'run-1-llama-7b,run-2-llama-13b');
    assert.match(combined.stdout, /questions by wrong paths \(combined: a question's wrong paths summed over the 2 chosen runs\)/);
    assert.match(combined.stdout, / {3}3 wrong {2}3\n/);
  });
});
