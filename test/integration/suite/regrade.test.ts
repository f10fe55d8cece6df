/**
 * Issue 12 in a real VS Code: a path whose stored verdict an older checker made shows, on hover, what
 * the current checker reads from each side and which rule decides, and says the stored verdict is
 * stale; Regrade Run applies the current checker, logs the change, and the Datasets tree shows the
 * new verdict.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PathRecord } from '../../../src/core/pipeline/records';
import type { RegradeSummary } from '../../../src/core/pipeline/regrade';
import { RunStore } from '../../../src/core/store/runStore';
import type { MistakebookApi } from '../../../src/extension/main';
import type { DatasetNode, DatasetsTreeNode, PathNode } from '../../../src/extension/views/datasetsView';
import { activated } from './host';

describe('Regrade Run and the verdict tooltip (issue 12)', function () {
  this.timeout(60_000);
  let api: MistakebookApi;
  let workspace: string;
  let runId: string;
  let dataset: DatasetNode;

  const pathNodes = async (): Promise<PathNode[]> => {
    const [question] = (await api.datasets.getChildren(dataset)).filter((n) => n.kind === 'question');
    assert.ok(question, 'the dataset lists its question');
    return (await api.datasets.getChildren(question)).filter((n): n is PathNode => n.kind === 'path');
  };
  const tooltipOf = async (node: DatasetsTreeNode): Promise<string> => {
    const item = await api.datasets.resolveTreeItem(await api.datasets.getTreeItem(node), node);
    // Markdown keeps text inert by escaping it; read it back as the hover shows it.
    const text = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip ?? '');
    return text.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
  };

  before(async () => {
    api = await activated();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder);
    workspace = folder;
    const dir = join(workspace, 'regrade-data');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'math-regrade.jsonl');
    writeFileSync(file, `${JSON.stringify({ problem: 'What is half of 9?', solution: 'Half of 9 is $\\boxed{\\frac{9}{2}}$.' })}\n`);
    const store = await RunStore.create(
      workspace,
      { toolVersion: 'test', task: 'math', dataset: { path: file, sha256: 'x' }, models: { reasoner: { endpoint: 'http://127.0.0.1:9/v1', model: 'old-judged', api: 'chat', sampling: {} } } },
      { onDiagnostic: () => undefined },
    );
    runId = store.info.id;
    // A cue-less chat answer: the checker of the last release found no answer in it and stored "wrong".
    const path: PathRecord = {
      id: 'p-stale',
      questionId: '',
      task: 'math',
      question: 'What is half of 9?',
      goldAnswer: '\\frac{9}{2}',
      model: 'old-judged',
      sampleIndex: 0,
      completion: 'Half of nine is\n$4.5$',
      steps: ['Half of nine is $4.5$'],
      answer: null,
      correct: false,
      createdAt: new Date().toISOString(),
    };
    dataset = await api.datasets.add(vscode.Uri.file(file));
    const [question] = (await api.datasets.getChildren(dataset)).filter((n) => n.kind === 'question');
    assert.ok(question?.kind === 'question');
    await (await store.table<PathRecord>('paths')).append({ ...path, questionId: question.question.id });
    await store.close();
    api.datasets.refresh();
  });

  after(() => {
    rmSync(join(workspace, '.mistakebook', 'runs', runId), { recursive: true, force: true });
    rmSync(join(workspace, 'regrade-data'), { recursive: true, force: true });
    api.datasets.refresh();
  });

  it('the tooltip explains the verdict with the current checker and says the stored one is stale', async () => {
    const [node] = await pathNodes();
    assert.ok(node, 'the stale path is listed');
    assert.match(String((await api.datasets.getTreeItem(node)).label), /^✗/);
    const tooltip = await tooltipOf(node);
    assert.match(tooltip, /Verdict:/);
    assert.match(tooltip, /correct: same number/);
    assert.match(tooltip, /4\.5/);
    assert.match(tooltip, /older answer checker/);
    assert.match(tooltip, /command:mistakebook\.regradeRun/);
  });

  it('Regrade Run writes the change to regrade.jsonl and the tree shows the new verdict', async () => {
    const [summary] = await vscode.commands.executeCommand<RegradeSummary[]>('mistakebook.regradeRun', runId);
    assert.ok(summary);
    assert.equal(summary.tables.paths.changed, 1);
    assert.equal(summary.tables.paths.nowRight, 1);
    const log = readFileSync(join(workspace, '.mistakebook', 'runs', runId, 'regrade.jsonl'), 'utf8').trim().split('\n');
    assert.equal(log.length, 1);
    assert.equal((JSON.parse(log[0] ?? '{}') as { rowId: string }).rowId, 'p-stale');
    let label = '';
    for (const deadline = Date.now() + 5000; Date.now() < deadline && !label.startsWith('✓'); await new Promise((r) => setTimeout(r, 100))) {
      const [node] = await pathNodes();
      label = node === undefined ? '' : String((await api.datasets.getTreeItem(node)).label);
    }
    assert.match(label, /^✓ /);
    const [node] = await pathNodes();
    assert.ok(node);
    assert.doesNotMatch(await tooltipOf(node), /older answer checker/);
    const [again] = await vscode.commands.executeCommand<RegradeSummary[]>('mistakebook.regradeRun', runId);
    assert.equal(again?.wrote, false, 'a second regrade with the same checker writes nothing');
  });
});
