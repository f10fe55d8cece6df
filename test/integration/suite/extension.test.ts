import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_ID, activated, eventually } from './host';

describe('Mistakebook in a real VS Code', () => {
  it('activates cheaply: no dataset or run is read on activation', async () => {
    const api = await activated();
    console.log(`      activate() took ${api.activationMs.toFixed(1)} ms`);
    assert.ok(api.activationMs < 250, `activate() took ${api.activationMs.toFixed(1)} ms`);
  });

  it('contributes its commands under the Mistakebook category', async () => {
    await activated();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mistakebook.openDataset', 'mistakebook.showMistake']) assert.ok(commands.includes(id), `${id} is registered`);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { category: string }[] } };
    assert.ok(manifest.contributes.commands.every((c) => c.category === 'Mistakebook'));
  });

  it('Open Dataset shows the file in the Datasets view with its line count', async () => {
    const api = await activated();
    const dir = mkdtempSync(join(tmpdir(), 'mb-it-'));
    const file = join(dir, 'train.jsonl');
    writeFileSync(file, '{"question":"1+1?","answer":"#### 2"}\n{"question":"2+2?","answer":"#### 4"}\n{"question":"3+3?","answer":"#### 6"}');
    await vscode.commands.executeCommand('mistakebook.openDataset', vscode.Uri.file(file));
    const nodes = await api.datasets.getChildren();
    const node = nodes.find((n) => n.kind === 'dataset' && n.uri.fsPath === file);
    assert.ok(node, 'the dataset is a node of the tree');
    const item = await api.datasets.getTreeItem(node);
    assert.equal(item.label, 'train.jsonl');
    assert.equal(item.description, '3 lines · GSM8K');
  });

  it('a dataset file created in the workspace while the window is open appears by itself, and leaves when deleted (issue 15)', async () => {
    const api = await activated();
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(workspace);
    const dir = join(workspace, 'datasets');
    mkdirSync(dir, { recursive: true });
    await api.datasets.getChildren(); // the view has scanned once
    const file = join(dir, `watched-${Date.now()}.jsonl`);
    writeFileSync(file, '{"question":"5+5?","answer":"#### 10"}\n');
    const listed = async (): Promise<boolean> => (await api.datasets.getChildren()).some((n) => n.kind === 'dataset' && n.uri.fsPath === file);
    let appeared = false;
    for (const deadline = Date.now() + 10_000; !appeared && Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) appeared = await listed();
    assert.ok(appeared, 'the new file is listed without Refresh');
    rmSync(file, { force: true });
    let gone = false;
    for (const deadline = Date.now() + 10_000; !gone && Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) gone = !(await listed());
    assert.ok(gone, 'a deleted file leaves the tree');
  });

  it('opening the same file twice keeps one node', async () => {
    const api = await activated();
    const dir = mkdtempSync(join(tmpdir(), 'mb-it-'));
    const file = join(dir, 'again.jsonl');
    writeFileSync(file, '{}\n');
    await vscode.commands.executeCommand('mistakebook.openDataset', vscode.Uri.file(file));
    await vscode.commands.executeCommand('mistakebook.openDataset', vscode.Uri.file(file));
    assert.equal((await api.datasets.getChildren()).filter((n) => n.kind === 'dataset' && n.uri.fsPath === file).length, 1);
  });

  it('Show Mistake opens a webview panel', async () => {
    await activated();
    await vscode.commands.executeCommand('mistakebook.showMistake');
    const isMistakeTab = (t: vscode.Tab): boolean => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mistakebook.mistake');
    const panel = await eventually(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(isMistakeTab));
    assert.ok(panel, 'a Mistake webview tab is open');
    assert.equal(panel.label, 'Mistake');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
