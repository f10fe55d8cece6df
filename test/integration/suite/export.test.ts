/**
 * Export Fine-tuning Data and Show Statistics through the extension's commands in a real VS Code.
 * The export runs with arguments (no UI) on a fixture workspace of its own, so the runs other suites
 * create in the window's folder do not change its counts.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportManifest, ExportResult } from '../../../src/core/export';
import type { ExportCommandArgs } from '../../../src/extension/commands/export';
import { buildExportFixture, FIXTURE_QUESTIONS } from '../../support/exportFixture';
import { EXTENSION_ID, eventually } from './host';

describe('Export and statistics commands', () => {
  let workspace: string;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    workspace = mkdtempSync(join(tmpdir(), 'mb-export-it-'));
    await buildExportFixture(workspace);
  });

  after(() => rmSync(workspace, { recursive: true, force: true }));

  const exportWith = (args: Omit<ExportCommandArgs, 'workspace'>): Thenable<ExportResult | undefined> =>
    vscode.commands.executeCommand<ExportResult | undefined>('mistakebook.exportFineTuningData', { workspace, ...args });

  it('are contributed with their titles', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: Array<{ command: string; title: string }> } };
    const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));
    assert.equal(titles.get('mistakebook.exportFineTuningData'), 'Export Fine-tuning Data…');
    assert.equal(titles.get('mistakebook.showStatistics'), 'Show Statistics');
  });

  it('Export Fine-tuning Data with arguments writes a chat JSONL file and its manifest', async () => {
    const result = await exportWith({ output: 'exports/lema.jsonl', format: 'openai-chat', seed: 5 });
    assert.ok(result, 'the command returns its result when given arguments');
    assert.equal(result.output, join(workspace, 'exports', 'lema.jsonl'));
    const rows = readFileSync(result.output, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { messages: Array<{ role: string; content: string }> });
    // The fixture's 12 examples hold 3 exact duplicates (see test/unit/export/provenance.test.ts).
    assert.equal(rows.length, 9);
    for (const row of rows) {
      assert.deepEqual(row.messages.map((m) => m.role), ['user', 'assistant']);
      assert.ok(row.messages.every((m) => m.content.trim().length > 0));
    }
    assert.equal(rows.filter((r) => r.messages[1]?.content.startsWith('Incorrect Step: Step ')).length, 3);
    const manifest = JSON.parse(readFileSync(join(workspace, 'exports', 'lema.jsonl.manifest.json'), 'utf8')) as ExportManifest;
    assert.deepEqual(manifest.written, { gold: 4, augmented: 2, correction: 3 });
    assert.equal(manifest.duplicatesRemoved, 3);
    assert.equal(manifest.output.path, 'lema.jsonl');
    assert.equal(manifest.seed, 5);
    assert.equal(manifest.toolVersion, (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { version: string }).version);
  });

  it('writes Alpaca and ShareGPT JSON that parse, with the filters applied', async () => {
    const alpaca = await exportWith({ output: 'exports/corrections.json', format: 'alpaca', content: 'correction', minRating: 'good' });
    const items = JSON.parse(readFileSync(alpaca?.output ?? '', 'utf8')) as Array<{ instruction: string; input: string; output: string }>;
    assert.equal(items.length, 1, 'the excellent and the good correction are the same text');
    for (const item of items) assert.deepEqual(Object.keys(item).sort(), ['input', 'instruction', 'output']);
    const share = await exportWith({ output: 'exports/cot.json', format: 'sharegpt', content: 'cot', size: 4, seed: 1 });
    const convs = JSON.parse(readFileSync(share?.output ?? '', 'utf8')) as Array<{ conversations: Array<{ from: string }> }>;
    assert.equal(convs.length, 4);
    for (const c of convs) assert.deepEqual(c.conversations.map((t) => t.from), ['human', 'gpt']);
  });

  it('refuses to replace an export unless given overwrite: true', async () => {
    const first = await exportWith({ output: 'exports/twice.jsonl', seed: 1 });
    assert.ok(first);
    await assert.rejects(
      Promise.resolve(exportWith({ output: 'exports/twice.jsonl', seed: 2 })),
      (e: Error) => /refusing to overwrite .*twice\.jsonl and .*twice\.jsonl\.manifest\.json/.test(e.message),
    );
    assert.equal((JSON.parse(readFileSync(first.manifestPath, 'utf8')) as ExportManifest).seed, 1);
    const second = await exportWith({ output: 'exports/twice.jsonl', seed: 2, overwrite: true });
    assert.deepEqual(second?.replaced, [first.output, first.manifestPath]);
    assert.equal((JSON.parse(readFileSync(first.manifestPath, 'utf8')) as ExportManifest).seed, 2);
    assert.ok(existsSync(first.output));
  });

  it('refuses an export that holds test-set questions, naming them', async () => {
    const test = join(workspace, 'test.jsonl');
    writeFileSync(test, `${JSON.stringify({ question: FIXTURE_QUESTIONS[0]?.question, answer: '#### 18' })}\n`);
    await assert.rejects(
      Promise.resolve(exportWith({ output: 'exports/never.jsonl', testSets: [test] })),
      (e: Error) => /refusing to export: 1 question of the test set/.test(e.message) && e.message.includes('Mara bakes 4 trays'),
    );
  });

  it('Show Statistics opens the statistics webview', async () => {
    await vscode.commands.executeCommand('mistakebook.showStatistics');
    const isStats = (t: vscode.Tab): boolean => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mistakebook.statistics');
    const tab = await eventually(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find(isStats));
    assert.ok(tab, 'a statistics tab is open');
    assert.equal(tab.label, 'Mistakebook Statistics');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
