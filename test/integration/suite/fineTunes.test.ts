/**
 * Issue 19 in a real VS Code: a fine-tuning job recorded in the workspace (started here through the
 * engine's client, as the CLI in another terminal would) appears in the Runs view's Fine-tunes
 * section with its state, and Cancel Fine-Tuning Job on its node cancels it on the engine and in the
 * record, and the node says so.
 */
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { FineTuneClient } from '../../../src/core/finetune/client';
import { listJobs, type FineTuneRecord } from '../../../src/core/finetune/records';
import type { MistakebookApi } from '../../../src/extension/main';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import { activated } from './host';

describe('Fine-tunes in the Runs view (issue 19)', function () {
  this.timeout(60_000);
  let api: MistakebookApi;
  let fake: FakeOpenAI;
  let workspace: string;

  before(async () => {
    api = await activated();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder);
    workspace = folder;
    fake = await startFakeOpenAI({ requireKey: false, fineTuning: { stepMs: 600_000 } });
  });

  after(async () => {
    await fake.close();
    rmSync(join(workspace, '.mistakebook', 'finetunes'), { recursive: true, force: true });
    rmSync(join(workspace, 'finetune-train.jsonl'), { force: true });
    api.runs.refresh();
  });

  it('lists a recorded job with its state, and cancels it from its node', async () => {
    const training = join(workspace, 'finetune-train.jsonl');
    writeFileSync(training, `${JSON.stringify({ messages: [{ role: 'user', content: 'What is 2 + 3?' }, { role: 'assistant', content: 'The answer is 5.' }] })}\n`);
    const job = await new FineTuneClient(workspace, { baseUrl: fake.url }).ensureJob({ baseModel: 'reasoner', trainingFile: training, suffix: 'it', role: 'lema' });
    api.runs.refresh();

    const roots = await api.runs.getChildren();
    const group = roots.find((n) => n.kind === 'finetunes');
    assert.ok(group, 'the Fine-tunes section is there');
    assert.equal((await api.runs.getTreeItem(group)).label, 'Fine-tunes');
    const [node, ...others] = await api.runs.getChildren(group);
    assert.equal(others.length, 0);
    assert.ok(node?.kind === 'finetune');
    const item = await api.runs.getTreeItem(node);
    assert.equal(item.label, `lema · ${job.jobId}`);
    assert.equal(item.contextValue, 'finetune.validating_files');
    assert.match(String(item.description), /^validating_files · reasoner · 1 examples$/);

    const cancelled = (await vscode.commands.executeCommand('mistakebook.cancelFineTune', node)) as FineTuneRecord | undefined;
    assert.equal(cancelled?.status, 'cancelled');
    const onEngine = (await (await fetch(`${fake.url}/fine_tuning/jobs/${job.jobId}`)).json()) as { status: string };
    assert.equal(onEngine.status, 'cancelled');
    const [stored] = await listJobs(workspace);
    assert.deepEqual(stored?.states.map((s) => s.status), ['validating_files', 'cancelled']);
    const [after] = await api.runs.getChildren(group);
    assert.ok(after?.kind === 'finetune');
    assert.equal((await api.runs.getTreeItem(after)).contextValue, 'finetune.cancelled');
  });
});
