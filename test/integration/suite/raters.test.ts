/**
 * Several raters in a real VS Code (issue 18): Rate Correction from the tree as two raters (the
 * setting switched between them), the "Raters disagree" toggle keeps just the correction they
 * disagree on until it is adjudicated, and Assign Review splits the unrated corrections under a seed,
 * each rater's Next unrated in the mistake view then walking only their share.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ReviewAssignment } from '../../../src/core/review/assign';
import { loadRun } from '../../../src/core/runs/loadRun';
import { adjudicateCorrection } from '../../../src/core/review/rate';
import type { MistakebookApi } from '../../../src/extension/main';
import type { CorrectionNode, DatasetNode, DatasetsTreeNode } from '../../../src/extension/views/datasetsView';
import { buildExportFixture, type ExportFixture } from '../../support/exportFixture';
import { activated } from './host';

describe('several raters (issue 18)', function () {
  this.timeout(60_000);
  let api: MistakebookApi;
  let fixture: ExportFixture;
  let dataset: DatasetNode;
  let runDir: string;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mistakebook');
  const setRater = (name: string): Thenable<void> => config().update('raterName', name, vscode.ConfigurationTarget.Global);

  /** Every correction node of the first run under the dataset, walking questions, run groups and paths. */
  async function corrections(): Promise<CorrectionNode[]> {
    const out: CorrectionNode[] = [];
    const walk = async (node: DatasetsTreeNode): Promise<void> => {
      for (const child of await api.datasets.getChildren(node)) {
        if (child.kind === 'correction') {
          if (child.correction.runId === fixture.runIds[0]) out.push(child);
        } else if (child.kind === 'question' || child.kind === 'runGroup' || child.kind === 'path') await walk(child);
      }
    };
    await walk(dataset);
    return out;
  }
  const node = async (id: string): Promise<CorrectionNode> => {
    const found = (await corrections()).find((c) => c.correction.record.id === id);
    assert.ok(found, `correction ${id} is in the tree`);
    return found;
  };
  const rate = async (id: string, value: string): Promise<void> => {
    const saved = await vscode.commands.executeCommand<unknown[]>('mistakebook.rateCorrection', await node(id), undefined, value);
    assert.equal(saved.length, 1);
  };

  before(async () => {
    api = await activated();
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace, 'the suite runs with a workspace folder');
    fixture = await buildExportFixture(workspace);
    runDir = join(workspace, '.mistakebook', 'runs', fixture.runIds[0]);
    await vscode.commands.executeCommand('mistakebook.clearFilters');
    api.datasets.refresh();
    dataset = await api.datasets.add(vscode.Uri.file(fixture.dataset));
  });

  after(async () => {
    await vscode.commands.executeCommand('mistakebook.clearFilters');
    await setRater('tester');
    for (const run of fixture.runIds) rmSync(join(fixture.workspace, '.mistakebook', 'runs', run), { recursive: true, force: true });
    api.datasets.refresh();
  });

  it('two raters rate from the tree; "Raters disagree" keeps just their disagreement until it is adjudicated', async () => {
    const { verifiedUnrated, verifiedExcellent } = fixture.corrections;
    await setRater('ann');
    await rate(verifiedUnrated, 'excellent');
    await rate(verifiedExcellent, 'excellent');
    await setRater('ben');
    await rate(verifiedUnrated, 'poor');
    await rate(verifiedExcellent, 'excellent');
    assert.match(readFileSync(join(runDir, 'ratings', 'ann.jsonl'), 'utf8'), new RegExp(`"correctionId":"${verifiedUnrated}","rating":"excellent"`));
    assert.match(readFileSync(join(runDir, 'ratings', 'ben.jsonl'), 'utf8'), new RegExp(`"correctionId":"${verifiedUnrated}","rating":"poor"`));
    assert.match(String((await api.datasets.getTreeItem(await node(verifiedUnrated))).description), /raters disagree/);
    // The old unnamed "excellent" of verifiedExcellent agrees with ann and ben: still rated excellent.
    assert.match(String((await api.datasets.getTreeItem(await node(verifiedExcellent))).description), /rated excellent/);

    await vscode.commands.executeCommand('mistakebook.filterDisagreements', true);
    assert.match(api.datasetsTree.description ?? '', /raters disagree/);
    assert.deepEqual((await corrections()).map((c) => c.correction.record.id), [verifiedUnrated]);

    const run = await loadRun(fixture.workspace, fixture.runIds[0]);
    await adjudicateCorrection(run, verifiedUnrated, 'good', 'fine but terse', 'lead', () => undefined);
    api.datasets.refresh();
    await api.datasets.runIndex().then((index) => index.refresh());
    assert.deepEqual(await corrections(), [], 'adjudicated: settled, no longer listed');
    await vscode.commands.executeCommand('mistakebook.filterDisagreements', false);
    assert.match(String((await api.datasets.getTreeItem(await node(verifiedUnrated))).description), /rated good/);
  });

  it('Assign Review splits the unrated corrections under a seed; Next unrated walks only the rater’s share', async () => {
    const [assignment] = await vscode.commands.executeCommand<ReviewAssignment[]>('mistakebook.assignReview', fixture.runIds[0], undefined, { raters: ['cy', 'dee'], overlap: 0, seed: 4 });
    assert.ok(assignment);
    const stored = JSON.parse(readFileSync(join(runDir, 'review-assignment.json'), 'utf8')) as ReviewAssignment;
    assert.deepEqual(stored.shares, assignment.shares);
    const all = [...(stored.shares['cy'] ?? []), ...(stored.shares['dee'] ?? [])];
    assert.ok(all.length > 0 && !all.includes(fixture.corrections.verifiedUnrated), 'only corrections nobody rated');
    assert.ok(!all.includes(fixture.corrections.unverified), 'only verified corrections');

    await setRater('cy');
    const cy = new Set(stored.shares['cy'] ?? []);
    await api.mistakeView.show(fixture.runIds[0]);
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      await api.mistakeView.navigate('nextUnrated');
      const shown = api.mistakeView.shown();
      assert.ok(shown);
      const ids = (await api.datasets.runIndex()).corrections(shown.runId, shown.pathId).map((c) => c.record.id);
      const mine = ids.filter((id) => cy.has(id));
      if (cy.size > 0) assert.ok(mine.length > 0, `Next unrated stopped at a mistake with a correction of cy's share (${shown.pathId})`);
      for (const id of mine) seen.add(id);
    }
    assert.deepEqual([...seen].sort(), [...cy].sort(), "it reaches every correction of cy's share, and nothing else");
  });
});
