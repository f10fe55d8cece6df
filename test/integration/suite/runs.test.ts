/**
 * The LEMA loop driven through the extension's commands inside a real VS Code, against the fake
 * OpenAI server started in this extension host: key in secret storage, Sample Reasoning Paths,
 * Generate Corrections, the Runs and Datasets trees, filters, paging, rating, reveal, resume.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import type { MistakebookApi } from '../../../src/extension/main';
import type { CorrectionNode, DatasetNode, DatasetsTreeNode, PathNode, QuestionNode } from '../../../src/extension/views/datasetsView';
import type { RunsTreeNode } from '../../../src/extension/views/runsView';
import { EXTENSION_ID, activated } from './host';
import { rateEstimate } from '../../../src/core/stats/interval';

const rateOfText = (successes: number, n: number): string => rateEstimate(successes, n).text;

const KEY = 'sk-integration-SECRET-0a1b2c3d4e5f6a7b8c9d';
const projectRoot = join(__dirname, '..', '..', '..', '..');

/** Two-step word problems the fake reasoner can solve (and slip on). */
function problems(count: number, offset = 0): { question: string; goldAnswer: string; line: string }[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const a = 11 + i;
    const b = 2 + (i % 7);
    const c = 5 + 3 * i;
    const question = `Shelf ${i} has ${a} trays with ${b} cups each, and ${c} cups stand beside them. How many cups are there?`;
    const solution = `The trays hold ${a}*${b} = <<${a}*${b}=${a * b}>>${a * b} cups.\nWith the others there are ${a * b}+${c} = <<${a * b}+${c}=${a * b + c}>>${a * b + c} cups.\n#### ${a * b + c}`;
    return { question, goldAnswer: String(a * b + c), line: JSON.stringify({ question, answer: solution }) };
  });
}

/** Every regular file under `dir` (skipping node_modules), for searching them for the key. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    const stat = lstatSync(path);
    if (stat.isDirectory()) out.push(...filesUnder(path));
    else if (stat.isFile()) out.push(path); // not sockets or links
  }
  return out;
}

async function children<T extends DatasetsTreeNode>(api: MistakebookApi, node: DatasetsTreeNode, kind: T['kind']): Promise<T[]> {
  return (await api.datasets.getChildren(node)).filter((n): n is T => n.kind === kind);
}

describe('Runs from the extension (fake OpenAI in this host)', function () {
  this.timeout(120_000);
  let api: MistakebookApi;
  let fake: FakeOpenAI;
  let workspace: string;
  let dataset: string;
  let runId: string;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mistakebook');
  const settings: Record<string, unknown> = {};

  before(async () => {
    api = await activated();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test VS Code has a workspace folder');
    workspace = folder.uri.fsPath;
    const questions = problems(6);
    mkdirSync(join(workspace, 'datasets'), { recursive: true });
    mkdirSync(join(workspace, 'prompts'), { recursive: true });
    dataset = join(workspace, 'datasets', 'shelves.jsonl');
    writeFileSync(dataset, `${questions.map((q) => q.line).join('\n')}\n`);
    copyFileSync(join(projectRoot, 'test', 'fixtures', 'prompts', 'steps-lf.fewshot.txt'), join(workspace, 'prompts', 'steps.fewshot.txt'));
    fake = await startFakeOpenAI({ apiKey: KEY, answerKey: questions, reasoner: { wrongRate: 0.5 } });
    Object.assign(settings, {
      'reasoner.baseUrl': fake.url,
      'reasoner.model': 'reasoner',
      'corrector.baseUrl': fake.url,
      'corrector.model': 'corrector',
      samplesPerQuestion: 4,
      questionLimit: 6,
      correctionPrompt: 'prompts/steps.fewshot.txt',
    });
    for (const [name, value] of Object.entries(settings)) await config().update(name, value, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    for (const name of Object.keys(settings)) await config().update(name, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('mistakebook.clearFilters');
    await fake.close();
  });

  it('Set API Key keeps the key in secret storage, not in settings', async () => {
    assert.equal(await vscode.commands.executeCommand('mistakebook.setApiKey', `${fake.url}/`, KEY), true);
    assert.equal(await api.keys.get(fake.url), KEY, 'the key is stored for the endpoint (a trailing slash does not matter)');
    assert.ok(!JSON.stringify(config()).includes(KEY), 'no mistakebook setting holds the key');
    const settingsFile = join(workspace, '.vscode', 'settings.json');
    assert.ok(readFileSync(settingsFile, 'utf8').includes(fake.url), 'the workspace settings hold the endpoint');
    assert.ok(!readFileSync(settingsFile, 'utf8').includes(KEY), 'and not the key');
  });

  it('Sample Reasoning Paths creates a run and samples k paths per question', async () => {
    const ids = await vscode.commands.executeCommand<string[]>('mistakebook.sampleReasoningPaths', vscode.Uri.file(dataset));
    assert.equal(ids.length, 1);
    runId = ids[0] as string;
    api.runs.refresh();
    const run = (await api.runs.list()).find((r) => r.id === runId);
    assert.ok(run, 'the Runs view lists the run');
    assert.equal(run.status, 'done');
    assert.equal(run.counts.paths, 6 * 4);
    assert.equal(run.info?.models.reasoner?.endpoint, fake.url);
    const authorised = fake.requests.filter((r) => r.path.endsWith('/completions'));
    assert.ok(authorised.length > 0 && authorised.every((r) => r.status === 200), 'every request carried the stored key');
  });

  it('Generate Corrections corrects the mistakes of that run', async () => {
    const ids = await vscode.commands.executeCommand<string[]>('mistakebook.generateCorrections', runId);
    assert.deepEqual(ids, [runId]);
    api.runs.refresh();
    const run = (await api.runs.list()).find((r) => r.id === runId);
    assert.ok(run !== undefined && (run.counts.corrections ?? 0) > 0, 'corrections were stored');
    assert.equal(run.info?.stages.correct?.state, 'done');
    const node: RunsTreeNode = { kind: 'run', run };
    const item = api.runs.getTreeItem(node);
    assert.equal(item.contextValue, 'run.done');
    assert.match(String(item.description), /done · 24 paths · \d+ corrections/);
    const details = await api.runs.getChildren(node);
    const labels = details.map((d) => api.runs.getTreeItem(d).label);
    assert.ok(labels.includes('sample') && labels.includes('correct') && labels.includes('usage'), `stages and usage under the run: ${labels.join(', ')}`);
  });

  it('the Runs view sums the tokens of a run and prices them with mistakebook.prices', async () => {
    const usageOf = async (): Promise<string> => {
      const run = (await api.runs.list()).find((r) => r.id === runId);
      assert.ok(run);
      const usage = (await api.runs.getChildren({ kind: 'run', run })).find((d) => d.kind === 'detail' && d.key === 'usage');
      assert.ok(usage);
      return String(api.runs.getTreeItem(usage).description);
    };
    assert.match(await usageOf(), /^[\d,]+ tokens · no price for (reasoner|corrector)/);
    await config().update('prices', { reasoner: { inputPerMillion: 1_000_000, outputPerMillion: 0 }, corrector: { inputPerMillion: 0, outputPerMillion: 0 } }, vscode.ConfigurationTarget.Workspace);
    try {
      const priced = await usageOf();
      const dollars = Number(/\$(\d+\.\d+)/.exec(priced)?.[1]);
      assert.ok(dollars > 0, `a dollar figure once the models have prices: ${priced}`);
    } finally {
      await config().update('prices', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('the key is in no file of the workspace after the run', () => {
    const leaks = filesUnder(workspace).filter((f) => readFileSync(f).includes(KEY));
    assert.deepEqual(leaks, []);
  });

  it('the Datasets tree shows questions → paths (✓/✗ with the answer) → corrections, with counts', async () => {
    api.datasets.refresh();
    const root = (await api.datasets.getChildren()).find((n): n is DatasetNode => n.kind === 'dataset' && n.uri.fsPath === dataset);
    assert.ok(root, 'the glob setting found datasets/shelves.jsonl');
    const rootItem = await api.datasets.getTreeItem(root);
    assert.match(String(rootItem.description), /^6 lines · GSM8K · \d+\/24 wrong · \d+ corrected$/);
    const questions = await children<QuestionNode>(api, root, 'question');
    assert.equal(questions.length, 6, 'a small dataset lists every question, with no Load more');
    const withMistake = await findAsync(questions, async (q) => (await children<PathNode>(api, q, 'path')).some((p) => !p.path.record.correct));
    assert.ok(withMistake, 'some question has a wrong path');
    const qItem = await api.datasets.getTreeItem(withMistake);
    assert.match(String(qItem.description), /^\d\/4 wrong/);
    const tooltip = (qItem.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes(withMistake.question.goldAnswer) && /Shelf.*trays.*cups/.test(tooltip), `the tooltip shows the question: ${tooltip}`);
    const paths = await children<PathNode>(api, withMistake, 'path');
    assert.equal(paths.length, 4);
    const wrong = paths.find((p) => !p.path.record.correct) as PathNode;
    const pItem = await api.datasets.getTreeItem(wrong);
    assert.equal(pItem.label, `✗ ${wrong.path.record.answer ?? 'no answer'}`);
    const corrections = await children<CorrectionNode>(api, wrong, 'correction');
    assert.equal(corrections.length, 1);
    const cItem = await api.datasets.getTreeItem(corrections[0] as CorrectionNode);
    assert.match(String(cItem.label), /^(✓ verified|✗ not verified|\? unparseable)/);
    assert.equal(cItem.contextValue, 'correction.unrated');
  });

  it('filters: only mistakes, only unrated, text search', async () => {
    const root = await datasetNode(api, dataset);
    await vscode.commands.executeCommand('mistakebook.filterMistakes', true);
    const mistakes = await children<QuestionNode>(api, root, 'question');
    assert.ok(mistakes.length > 0 && mistakes.length <= 6);
    for (const q of mistakes) {
      const paths = await children<PathNode>(api, q, 'path');
      assert.ok(paths.length > 0 && paths.every((p) => !p.path.record.correct), 'only wrong paths are listed');
    }
    await vscode.commands.executeCommand('mistakebook.clearFilters');
    await vscode.commands.executeCommand('mistakebook.searchQuestions', 'Shelf 3 ');
    const found = await children<QuestionNode>(api, root, 'question');
    assert.deepEqual(found.map((q) => q.question.question.slice(0, 8)), ['Shelf 3 ']);
    await vscode.commands.executeCommand('mistakebook.clearFilters');
    assert.equal((await children<QuestionNode>(api, root, 'question')).length, 6);
  });

  it('Rate Correction stores a rating; the tree shows it and the unrated filter hides it', async () => {
    const correction = await firstCorrection(api, dataset);
    const saved = await vscode.commands.executeCommand<unknown[]>('mistakebook.rateCorrection', correction, undefined, 'good');
    assert.equal(saved.length, 1);
    // The rater named in the test settings: each rater's ratings in ratings/<rater>.jsonl (issue 18).
    const ratings = readFileSync(join(workspace, '.mistakebook', 'runs', correction.correction.runId, 'ratings', 'tester.jsonl'), 'utf8');
    assert.match(ratings, new RegExp(`"correctionId":"${correction.correction.record.id}".*"rating":"good".*"rater":"tester"`));
    const again = await firstCorrection(api, dataset);
    assert.match(String((await api.datasets.getTreeItem(again)).description), /rated good/);
    await vscode.commands.executeCommand('mistakebook.filterUnrated', true);
    const root = await datasetNode(api, dataset);
    for (const q of await children<QuestionNode>(api, root, 'question')) {
      for (const p of await children<PathNode>(api, q, 'path')) {
        for (const c of await children<CorrectionNode>(api, p, 'correction')) assert.notEqual(c.correction.record.id, again.correction.record.id);
      }
    }
    await vscode.commands.executeCommand('mistakebook.clearFilters');
  });

  it('revealInTree finds a path of a run', async () => {
    const correction = await firstCorrection(api, dataset);
    assert.equal(await vscode.commands.executeCommand('mistakebook.revealInTree', correction.correction.runId, correction.correction.record.pathId), true);
    assert.equal(await vscode.commands.executeCommand('mistakebook.revealInTree', runId, 'no-such-path'), false);
  });

  it('a 1,000-question dataset expands with 200 questions and Load more', async () => {
    const big = join(workspace, 'datasets', 'big.jsonl');
    writeFileSync(big, `${problems(1000, 100).map((q) => q.line).join('\n')}\n`);
    const node = await api.datasets.add(vscode.Uri.file(big));
    const first = await api.datasets.getChildren(node);
    assert.equal(first.length, 201);
    assert.equal(first[200]?.kind, 'more');
    assert.equal((await api.datasets.getTreeItem(first[200] as DatasetsTreeNode)).label, 'Load more…');
    await vscode.commands.executeCommand('mistakebook.loadMoreQuestions', first[200]);
    const second = await api.datasets.getChildren(node);
    assert.equal(second.length, 401);
    assert.equal((second[399] as QuestionNode).question.question.startsWith('Shelf 499 '), true);
  });

  it('a 100,000-question dataset expands at once: only the first page is read', async () => {
    const huge = join(workspace, 'datasets', 'huge.jsonl');
    writeFileSync(huge, `${problems(100_000).map((q) => q.line).join('\n')}\n`);
    const started = Date.now();
    const node = await api.datasets.add(vscode.Uri.file(huge));
    const page = await api.datasets.getChildren(node);
    const ms = Date.now() - started;
    assert.equal(page.length, 201);
    assert.equal((await api.datasets.getTreeItem(node)).description, '100,000 lines · GSM8K');
    assert.ok(ms < 5000, `listed in ${ms} ms`);
    console.log(`[integration] 100,000-question dataset: line count and first page of 200 in ${ms} ms`);
  });

  it('sampling the same dataset with the same setup again offers the finished run instead of a near-copy', async () => {
    const before = (await api.runs.list()).length;
    const shown = await vscode.commands.executeCommand<string[]>('mistakebook.sampleReasoningPaths', vscode.Uri.file(dataset), undefined, { sameRun: 'existing' });
    assert.deepEqual(shown, [runId], 'the finished twin is shown');
    api.runs.refresh();
    assert.equal((await api.runs.list()).length, before, 'no new run was left behind');
  });

  it('a run interrupted by a reload is listed as interrupted and Resume Run finishes it', async () => {
    // The same setup as the first run: asked for a new run anyway.
    const ids = await vscode.commands.executeCommand<string[]>('mistakebook.sampleReasoningPaths', vscode.Uri.file(dataset), undefined, { sameRun: 'new' });
    const id = ids[0] as string;
    // What a window that died mid-stage leaves: the stage still says running, under a process that is gone.
    const file = join(workspace, '.mistakebook', 'runs', id, 'run.json');
    const info = JSON.parse(readFileSync(file, 'utf8')) as { stages: Record<string, unknown> };
    info.stages['sample'] = { state: 'running', startedAt: new Date().toISOString(), runner: { pid: 2 ** 22 + 17, host: hostname(), processStartedAt: new Date(0).toISOString() } };
    writeFileSync(file, JSON.stringify(info));
    api.runs.refresh();
    assert.equal((await api.runs.list()).find((r) => r.id === id)?.status, 'interrupted');
    const before = fake.requests.length;
    assert.deepEqual(await vscode.commands.executeCommand('mistakebook.resumeRun', id), [id]);
    api.runs.refresh();
    assert.equal((await api.runs.list()).find((r) => r.id === id)?.status, 'done');
    assert.equal(fake.requests.length, before, 'every path was stored or cached already: nothing was paid for twice');
  });

  it('Augment CoT Data and Evaluate Model run their stages', async () => {
    assert.deepEqual(await vscode.commands.executeCommand('mistakebook.augmentCotData', runId), [runId]);
    const evaluated = await vscode.commands.executeCommand<string[]>('mistakebook.evaluateModel', vscode.Uri.file(dataset));
    assert.equal(evaluated.length, 1);
    api.runs.refresh();
    const runs = await api.runs.list();
    // The fake "corrector" only writes corrections, so none of its CoT paths is right and none is kept.
    assert.equal(runs.find((r) => r.id === runId)?.info?.stages.augment?.state, 'done');
    assert.equal(runs.find((r) => r.id === evaluated[0])?.counts.evaluations, 1, 'one evaluation row');
  });

  it('Classify Error Types with the Corrector files each parsed correction under a type, once', async () => {
    const parsed = readFileSync(join(workspace, '.mistakebook', 'runs', runId, 'corrections.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .filter((l) => (JSON.parse(l) as { outcome: string }).outcome === 'parsed').length;
    assert.ok(parsed > 0);
    assert.deepEqual(await vscode.commands.executeCommand('mistakebook.classifyErrorTypes', runId), [runId]);
    const typesFile = join(workspace, '.mistakebook', 'runs', runId, 'errortypes.jsonl');
    const rows = readFileSync(typesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { source: string; errorType: string });
    assert.equal(rows.length, parsed, 'one classification per parsed correction');
    assert.ok(rows.every((r) => r.source === 'model' && r.errorType !== ''));
    const before = fake.requests.length;
    assert.deepEqual(await vscode.commands.executeCommand('mistakebook.classifyErrorTypes', runId), [runId]);
    assert.equal(fake.requests.length, before, 'never asked twice');
    assert.equal(readFileSync(typesFile, 'utf8').trim().split('\n').length, parsed);
  });

  it('Critique Solutions runs the corrector as a critic on a ProcessBench-layout file; the statistics score it', async () => {
    const pb = join(workspace, 'datasets', 'pb.jsonl');
    copyFileSync(join(projectRoot, 'samples', 'datasets', 'processbench-sample.jsonl'), pb);
    copyFileSync(join(projectRoot, 'samples', 'prompts', 'critic.fewshot.txt'), join(workspace, 'prompts', 'critic.fewshot.txt'));
    await config().update('correctionPrompt', 'prompts/critic.fewshot.txt', vscode.ConfigurationTarget.Workspace);
    await config().update('questionLimit', 10, vscode.ConfigurationTarget.Workspace);
    try {
      // Sampling such a file is refused with the way to go.
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('mistakebook.sampleReasoningPaths', vscode.Uri.file(pb), undefined, { sameRun: 'new' })), /ProcessBench/);
      const ids = await vscode.commands.executeCommand<string[]>('mistakebook.critiqueSolutions', vscode.Uri.file(pb));
      assert.equal(ids.length, 1);
      const critiques = readFileSync(join(workspace, '.mistakebook', 'runs', ids[0] as string, 'critiques.jsonl'), 'utf8').trim().split('\n');
      assert.equal(critiques.length, 10, 'one critique per solution');
      const { loadStats } = await import('../../../src/core/stats/loadStats');
      const report = await loadStats(workspace, { runs: ids, models: [] });
      const row = report.critic.find((r) => r.against === 'dataset');
      assert.ok(row !== undefined, 'a critic row against the dataset labels');
      // The demo critic finds the 3 miscalculations of 5 erroneous solutions and clears 4 of 5 correct ones.
      assert.equal(row.erroneous.text, rateOfText(3, 5));
      assert.equal(row.correct.text, rateOfText(4, 5));
      assert.ok(Math.abs(row.f1 - (2 * 0.6 * 0.8) / 1.4) < 1e-9, `F1 ${row.f1}`);
      // A dataset of questions is not for the critic.
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('mistakebook.critiqueSolutions', vscode.Uri.file(dataset))), /ProcessBench's layout/);
    } finally {
      await config().update('correctionPrompt', 'prompts/steps.fewshot.txt', vscode.ConfigurationTarget.Workspace);
      await config().update('questionLimit', 6, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Cancel Run stops a running stage; the run shows cancelled', async () => {
    const slow = fake.injectFault({ kind: 'latency', ms: 300 });
    await config().update('samplesPerQuestion', 5, vscode.ConfigurationTarget.Workspace);
    try {
      const running = vscode.commands.executeCommand<string[]>('mistakebook.sampleReasoningPaths', vscode.Uri.file(dataset));
      const deadline = Date.now() + 10_000;
      const started = (): boolean => api.activity.runIds.some((id) => api.activity.get(id)?.progress.sample !== undefined);
      while (!started() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const [id] = api.activity.runIds;
      assert.ok(id !== undefined, 'the run is active in this window');
      assert.equal(await vscode.commands.executeCommand('mistakebook.cancelRun', id), true);
      assert.deepEqual(await running, [id]);
      api.runs.refresh();
      assert.equal((await api.runs.list()).find((r) => r.id === id)?.status, 'cancelled');
      assert.equal(api.activity.runIds.length, 0);
    } finally {
      slow.active = false;
      await config().update('samplesPerQuestion', 4, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Select Endpoint and Model writes the role settings', async () => {
    const ok = await vscode.commands.executeCommand('mistakebook.selectEndpoint', { role: 'corrector', baseUrl: fake.url, model: 'echo', api: 'completion' });
    assert.equal(ok, true);
    assert.equal(config().get('corrector.model'), 'echo');
    assert.equal(config().get('corrector.api'), 'completion');
    await config().update('corrector.model', 'corrector', vscode.ConfigurationTarget.Workspace);
    await config().update('corrector.api', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('a rejected key is never printed: no key in any file of the workspace or the user-data folder', async () => {
    const wrong = 'sk-wrong-SECRET-9f8e7d6c5b4a39281706';
    await vscode.commands.executeCommand('mistakebook.setApiKey', fake.url, wrong);
    // A new temperature makes new requests, so the response cache cannot answer them.
    await config().update('reasoner.temperature', 0.55, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('mistakebook.sampleReasoningPaths', vscode.Uri.file(dataset));
      assert.ok(fake.requests.some((r) => r.status === 401), 'the fake endpoint refused the wrong key (and echoed it in its body)');
    } finally {
      await config().update('reasoner.temperature', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('mistakebook.setApiKey', fake.url, KEY);
    }
    await new Promise((r) => setTimeout(r, 1500)); // output channels reach their log files a moment later
    let userData = api.logUri.fsPath;
    while (basename(userData) !== 'logs' && dirname(userData) !== userData) userData = dirname(userData);
    userData = dirname(userData);
    const files = [...filesUnder(workspace), ...filesUnder(userData)];
    assert.ok(files.some((f) => /Mistakebook/.test(basename(f))), `the output channel's log is among the ${files.length} files searched`);
    const leaks = files.filter((f) => {
      const bytes = readFileSync(f);
      return bytes.includes(KEY) || bytes.includes(wrong);
    });
    assert.deepEqual(leaks, []);
  });

  it('declares untrusted-workspace limits: base URLs restricted, model-calling commands need trust', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
      contributes: { commands: { command: string; enablement?: string }[] };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const s of ['mistakebook.reasoner.baseUrl', 'mistakebook.corrector.baseUrl']) assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(s));
    for (const id of ['sampleReasoningPaths', 'generateCorrections', 'augmentCotData', 'evaluateModel', 'resumeRun']) {
      assert.equal(manifest.contributes.commands.find((c) => c.command === `mistakebook.${id}`)?.enablement, 'isWorkspaceTrusted', id);
    }
  });
});

async function findAsync<T>(items: readonly T[], test: (t: T) => Promise<boolean>): Promise<T | undefined> {
  for (const item of items) if (await test(item)) return item;
  return undefined;
}

async function datasetNode(api: MistakebookApi, file: string): Promise<DatasetNode> {
  const node = (await api.datasets.getChildren()).find((n): n is DatasetNode => n.kind === 'dataset' && n.uri.fsPath === file);
  assert.ok(node, `${file} is in the tree`);
  return node;
}

async function firstCorrection(api: MistakebookApi, file: string): Promise<CorrectionNode> {
  const root = await datasetNode(api, file);
  for (const q of await children<QuestionNode>(api, root, 'question')) {
    for (const p of await children<PathNode>(api, q, 'path')) {
      const [c] = await children<CorrectionNode>(api, p, 'correction');
      if (c !== undefined) return c;
    }
  }
  throw new Error('no correction in the tree');
}
