/**
 * Issue 14, point 5, in the workbench: before a stage sends anything its estimate is shown, and above
 * mistakebook.confirmCostAboveTokens (the scripted models have no price) a modal asks. Cancel sends
 * nothing (the fake server counts no request and the run says cancelled); Send samples every path.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAnswerKey } from '../fake-openai/answer-key';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';
import { answerIfAsked, runCommand } from '../support/palette';
import { projectRoot } from '../support/tools';
import { openWorkbench, screenshotIfFailed, type Workbench } from '../support/workbench';

describe('The cost guard in the workbench (e2e)', function () {
  this.timeout(240_000);
  let fake: FakeOpenAI;
  let wb: Workbench;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'mistakebook-e2e-cost-'));
    cpSync(join(projectRoot, 'samples'), workspace, { recursive: true });
    rmSync(join(workspace, '.mistakebook'), { recursive: true, force: true });
    fake = await startFakeOpenAI({ requireKey: false, answerKey: await loadAnswerKey(join(workspace, 'datasets/gsm8k-sample.jsonl')) });
    wb = await openWorkbench(workspace, {
      settings: {
        'mistakebook.reasoner.baseUrl': fake.url,
        'mistakebook.reasoner.model': 'reasoner',
        'mistakebook.corrector.baseUrl': fake.url,
        'mistakebook.questionLimit': 3,
        'mistakebook.samplesPerQuestion': 2,
        'mistakebook.correctionPrompt': 'prompts/gsm8k.fewshot.txt',
        // Any request at all is "above the threshold", so the stage must ask.
        'mistakebook.confirmCostAboveTokens': 1,
      },
    });
  });

  after(async () => {
    await wb?.close();
    await fake?.close();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, wb?.page, 'cost-');
  });

  const runs = (): string[] => {
    const dir = join(workspace, '.mistakebook/runs');
    return existsSync(dir) ? readdirSync(dir).map((id) => join(dir, id)) : [];
  };
  const stageState = (run: string): string | undefined =>
    (JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as { stages?: Record<string, { state: string }> }).stages?.['sample']?.state;

  async function sampleAndAnswer(button: 'Send' | 'Cancel'): Promise<void> {
    const page = wb.page;
    await runCommand(page, 'Mistakebook: Sample Reasoning Paths');
    await answerIfAsked(page, 'gsm8k-sample.jsonl');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    const text = await dialog.innerText();
    assert.match(text, /above 1 tokens?\. Send these requests\?/);
    assert.match(text, /sample: 3 requests to reasoner/); // 3 questions, 2 samples in one request each
    assert.match(text, /no price for reasoner/);
    await dialog.locator('.monaco-button', { hasText: button }).first().click();
    await dialog.waitFor({ state: 'hidden' });
  }

  it('Cancel in the estimate dialog sends no request', async () => {
    await wb.page.locator('.activitybar .action-item a[aria-label^="Mistakebook"]').click({ timeout: 60_000 });
    const before = fake.requests.length;
    await sampleAndAnswer('Cancel');
    const [run] = runs();
    assert.ok(run, 'the run was created');
    for (const deadline = Date.now() + 20_000; stageState(run) !== 'cancelled' && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 200));
    assert.equal(stageState(run), 'cancelled');
    assert.equal(fake.requests.length, before, 'no request reached the endpoint');
    assert.ok(!existsSync(join(run, 'paths.jsonl')) || readFileSync(join(run, 'paths.jsonl'), 'utf8').trim() === '', 'no path was stored');
  });

  it('Send in the estimate dialog samples every path', async () => {
    await sampleAndAnswer('Send');
    const run = runs().find((r) => stageState(r) !== 'cancelled');
    assert.ok(run, 'a second run was created');
    for (const deadline = Date.now() + 60_000; stageState(run) !== 'done' && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 250));
    assert.equal(stageState(run), 'done');
    assert.equal(readFileSync(join(run, 'paths.jsonl'), 'utf8').trim().split('\n').length, 6);
  });
});
