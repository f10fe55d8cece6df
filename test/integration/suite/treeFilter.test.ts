/**
 * `mistakebook.filterTree` (a clicked statistics bar) in a real VS Code: the Datasets tree keeps just
 * the questions, paths and corrections the bar stands for, says so in its description, combines with
 * the title toggles, and Clear Filters brings every row back. The workspace holds the two runs of
 * the export fixture (and whatever runs earlier suites left), so each check names its runs or models.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sha256Hex } from '../../../src/core/ids';
import type { CorrectionNode, DatasetNode, DatasetsTreeNode, PathNode, QuestionNode } from '../../../src/extension/views/datasetsView';
import type { MistakebookApi } from '../../../src/extension/main';
import { describeFilters, type TreeFilters } from '../../../src/core/runs/treeFilters';
import type { BarFilter } from '../../../src/shared/statsProtocol';
import { buildExportFixture, FIXTURE_PROMPT, type ExportFixture } from '../../support/exportFixture';
import { activated } from './host';

describe('filtering the Datasets tree by a statistics bar', function () {
  this.timeout(60_000);
  let api: MistakebookApi;
  let fixture: ExportFixture;
  let dataset: DatasetNode;
  let run1: string;
  let run2: string;

  const filterTree = (filter: BarFilter): Thenable<TreeFilters> => vscode.commands.executeCommand<TreeFilters>('mistakebook.filterTree', filter);
  const clear = (): Thenable<TreeFilters> => vscode.commands.executeCommand<TreeFilters>('mistakebook.clearFilters');
  const children = async <T extends DatasetsTreeNode>(node: DatasetsTreeNode): Promise<T[]> => (await api.datasets.getChildren(node)) as T[];
  const questions = (): Promise<QuestionNode[]> => children<QuestionNode>(dataset);
  const questionIds = async (): Promise<string[]> => (await questions()).map((q) => q.question.id);
  // A question sampled by both runs lists its paths under one node per run.
  const pathsUnder = async (node: DatasetsTreeNode): Promise<PathNode[]> =>
    (await Promise.all((await children(node)).map((c) => (c.kind === 'runGroup' ? children<PathNode>(c) : [c as PathNode])))).flat();
  const paths = async (): Promise<PathNode[]> => (await Promise.all((await questions()).map((q) => pathsUnder(q)))).flat();

  before(async () => {
    api = await activated();
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace, 'the suite runs with a workspace folder');
    fixture = await buildExportFixture(workspace);
    [run1, run2] = fixture.runIds;
    await clear();
    api.datasets.refresh();
    dataset = await api.datasets.add(vscode.Uri.file(fixture.dataset));
  });

  after(async () => {
    await clear();
    for (const run of fixture.runIds) rmSync(join(fixture.workspace, '.mistakebook', 'runs', run), { recursive: true, force: true });
    api.datasets.refresh();
  });

  it('a question sampled by both runs lists each run apart, with its own counts (issue 15)', async () => {
    let shared: { question: QuestionNode; groups: DatasetsTreeNode[] } | undefined;
    for (const question of await questions()) {
      const groups = await children(question);
      if (groups.length > 0 && groups.every((g) => g.kind === 'runGroup')) shared = { question, groups };
      if (shared !== undefined) break;
    }
    assert.ok(shared, 'the fixture has a question both runs sampled');
    const items = await Promise.all(shared.groups.map((g) => api.datasets.getTreeItem(g)));
    const labels = items.map((i) => String(i.label));
    assert.equal(new Set(labels).size, labels.length, `runs told apart: ${labels.join(' | ')}`);
    for (const item of items) assert.match(String(item.description), /^\d+\/\d+ wrong/);
    const question = await api.datasets.getTreeItem(shared.question);
    assert.match(String(question.description), /^2 runs$/, 'no counts summed across the runs');
    for (const group of shared.groups) {
      const paths = await children(group);
      assert.ok(paths.length > 0 && paths.every((p) => p.kind === 'path' && p.path.runId === (group.kind === 'runGroup' ? group.runId : '')));
    }
  });

  it('is contributed but kept out of the palette (it needs a bar)', async () => {
    const pkg = vscode.extensions.getExtension('mistakebook.mistakebook')?.packageJSON as {
      contributes: { commands: Array<{ command: string }>; menus: { commandPalette: Array<{ command: string; when?: string }> } };
    };
    assert.ok(pkg.contributes.commands.some((c) => c.command === 'mistakebook.filterTree'));
    assert.equal(pkg.contributes.menus.commandPalette.find((m) => m.command === 'mistakebook.filterTree')?.when, 'false');
    assert.ok((await vscode.commands.getCommands(true)).includes('mistakebook.filterTree'));
  });

  it('an accuracy bar keeps the paths of that model on that task, and the toggles narrow it further', async () => {
    const all = await paths();
    assert.equal(all.length, 32, 'unfiltered: 16 paths of each run');
    const f = await filterTree({ label: 'llama-2-13b · gsm8k', runs: [], model: 'llama-2-13b', task: 'gsm8k' });
    assert.equal(f.chart?.label, 'llama-2-13b · gsm8k');
    assert.deepEqual(await questionIds(), fixture.questionIds);
    const shown = await paths();
    assert.equal(shown.length, 16);
    assert.ok(shown.every((p) => p.path.runId === run2 && p.path.record.model === 'llama-2-13b'));

    await vscode.commands.executeCommand('mistakebook.filterMistakes', true);
    const wrong = await paths();
    assert.equal(wrong.length, 4, 'run 2 has one wrong path per question');
    assert.ok(wrong.every((p) => !p.path.record.correct && p.path.record.model === 'llama-2-13b'));
    assert.equal(api.datasets.filters.chart?.model, 'llama-2-13b', 'a toggle keeps the bar');
    assert.equal(describeFilters(api.datasets.filters), 'only mistakes · filter: llama-2-13b · gsm8k');
  });

  it('a new bar replaces the last one; a bar of questions lists just those questions', async () => {
    await clear();
    const second = fixture.questionIds[1] as string;
    await filterTree({ label: 'Step 3', runs: [], questionIds: [second] });
    assert.deepEqual(await questionIds(), [second]);
    await filterTree({ label: '1 wrong paths', runs: [run1], questionIds: [fixture.questionIds[0] as string, fixture.questionIds[3] as string] });
    assert.deepEqual(await questionIds(), [fixture.questionIds[0], fixture.questionIds[3]]);
    assert.ok((await paths()).every((p) => p.path.runId === run1));
  });

  it('a rating bar keeps the paths with a correction of that rating, and only those corrections', async () => {
    await filterTree({ label: 'rated excellent', runs: [], rating: 'excellent' });
    assert.deepEqual(await questionIds(), [fixture.questionIds[0]]);
    const [path, ...others] = await paths();
    assert.ok(path);
    assert.equal(others.length, 0);
    const corrections = await children<CorrectionNode>(path);
    assert.deepEqual(corrections.map((c) => c.correction.record.id), [fixture.corrections.verifiedExcellent]);

    await filterTree({ label: 'rated unrated', runs: [], rating: 'unrated' });
    const unrated = (await Promise.all((await paths()).map((p) => children<CorrectionNode>(p)))).flat();
    assert.ok(unrated.length >= 2, 'the unrated verified corrections of prompt v1 and v2');
    assert.ok(unrated.every((c) => c.correction.rating === undefined && c.correction.record.verified));
    assert.ok(unrated.some((c) => c.correction.record.id === fixture.corrections.verifiedUnrated));
  });

  it('a verify-rate bar keeps the corrections of that corrector and prompt version', async () => {
    const v2 = sha256Hex(FIXTURE_PROMPT.replace('Name the first incorrect step', 'Find the first wrong step'));
    await filterTree({ label: 'gpt-4 · prompt v2', runs: [], model: 'gpt-4', promptSha256: v2 });
    assert.deepEqual(await questionIds(), [fixture.questionIds[0]]);
    const shown = await paths();
    assert.equal(shown.length, 1);
    const corrections = await children<CorrectionNode>(shown[0] as PathNode);
    assert.equal(corrections.length, 1);
    assert.equal(corrections[0]?.correction.record.promptSha256, v2);
  });

  it('a bar of runs leaves out the datasets those runs never sampled', async () => {
    await filterTree({ label: 'run 2', runs: [run2] });
    const roots = (await api.datasets.getChildren()) as DatasetNode[];
    assert.deepEqual(roots.map((d) => d.uri.fsPath), [fixture.dataset]);
  });

  it('Clear Filters brings every question and path back', async () => {
    await filterTree({ label: 'Step 3', runs: [], questionIds: [fixture.questionIds[1] as string] });
    const f = await clear();
    assert.equal(f.chart, undefined);
    assert.equal(f.onlyMistakes, false);
    assert.deepEqual(await questionIds(), fixture.questionIds);
    assert.equal((await paths()).length, 32);
  });

  it('refuses an argument that is not a bar filter, and changes nothing', async () => {
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('mistakebook.filterTree', { runs: 'all' })), /expects a statistics bar filter/);
    assert.equal(api.datasets.filters.chart, undefined);
  });
});
