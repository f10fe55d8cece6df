import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePrompt } from '../../../src/core/fewshot';
import type { CorrectionRecord, PathRecord } from '../../../src/core/pipeline/records';
import { RunStore } from '../../../src/core/store/runStore';
import { activated } from './host';

const LANGUAGE = 'mistakebook-fewshot';

const GOOD = [
  'Find the first wrong step, say why it is wrong, and correct the solution from there.',
  '',
  'Question: Ana has 3 bags of 5 apples. How many apples does she have?',
  'Original Solution:',
  '{',
  'Step 1: Ana has 3 + 5 = 8 apples.',
  'Step 2: The answer is 8.',
  '}',
  'Incorrect Step: Step 1.',
  'Explanation: Three bags of five apples is a product, not a sum.',
  'Correct Solution:',
  '{',
  'Step 1: Ana has 3 * 5 = 15 apples.',
  'Step 2: The answer is 15.',
  '}',
  '',
  'Question: A pen costs $2 and a book costs $7. Ben buys 2 pens and a book. What does he pay?',
  'Original Solution:',
  '{',
  'Step 1: Two pens cost 2 * $2 = $4.',
  'Step 2: With the book he pays $4 - $7 = -$3.',
  'Step 3: The answer is -3.',
  '}',
  'Incorrect Step: Step 2.',
  'Explanation: Buying the book adds its price; the step subtracts it.',
  'Correct Solution:',
  '{',
  '...',
  'Step 2: With the book he pays $4 + $7 = $11.',
  'Step 3: The answer is 11.',
  '}',
  '',
].join('\n');

const workspace = (): string => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration workspace has a folder');
  return folder.uri.fsPath;
};

/** Files and runs this suite made, removed at its end so later suites see the workspace as it was. */
const made: string[] = [];

function writePrompt(name: string, text: string): vscode.Uri {
  const dir = join(workspace(), 'prompts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  made.push(join(dir, name));
  return vscode.Uri.file(join(dir, name));
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle));

describe('Few-shot prompt files in a real VS Code', function () {
  before(activated);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
  after(() => {
    for (const path of made) rmSync(path, { recursive: true, force: true });
  });

  it('gives *.fewshot.txt the few-shot language', async () => {
    const document = await vscode.workspace.openTextDocument(writePrompt('language.fewshot.txt', GOOD));
    assert.equal(document.languageId, LANGUAGE);
  });

  it('shows a diagnostic at the broken step, and removes it once the step is fixed', async () => {
    const broken = GOOD.replace('Step 3: The answer is -3.', 'Step 4: The answer is -3.');
    const uri = writePrompt('broken.fewshot.txt', broken);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await until(() => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    }, 'a diagnostic');
    assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('; '));
    const [problem] = diagnostics;
    assert.equal(problem?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problem?.range.start.line, lineOf(broken, 'Step 4: The answer is -3.'));
    assert.equal(problem?.range.start.character, 0);
    assert.match(problem?.message ?? '', /expected 'Step 3:'/);

    const line = lineOf(broken, 'Step 4: The answer is -3.');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(line, 0, line, 'Step 4'.length), 'Step 3');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until(() => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined), 'the diagnostic to go');
  });

  it('puts a diagnostic inside a line at the column the problem is at', async () => {
    const broken = GOOD.replace('Incorrect Step: Step 2.', 'Incorrect Step: Step 7.');
    const uri = writePrompt('out-of-range.fewshot.txt', broken);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const [problem] = await until(() => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    }, 'a diagnostic');
    const line = lineOf(broken, 'Incorrect Step: Step 7.');
    assert.equal(problem?.range.start.line, line);
    assert.equal(problem?.range.start.character, 'Incorrect Step: Step '.length);
    assert.match(problem?.message ?? '', /Step 7/);
  });

  it('folds each example and lists examples and sections in the outline', async () => {
    const uri = writePrompt('outline.fewshot.txt', GOOD);
    await vscode.workspace.openTextDocument(uri);
    const first = lineOf(GOOD, 'Question: Ana');
    const second = lineOf(GOOD, 'Question: A pen');
    const lastOfFirst = second - 2; // the closing brace before the blank line
    const lastOfSecond = GOOD.trimEnd().split('\n').length - 1;

    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    const has = (start: number, end: number): boolean => folds.some((f) => f.start === start && f.end === end);
    assert.ok(has(first, lastOfFirst), `example 1 folds (${JSON.stringify(folds)})`);
    assert.ok(has(second, lastOfSecond), 'example 2 folds');
    assert.ok(has(lineOf(GOOD, 'Correct Solution:'), lastOfFirst), 'a solution block folds on its own');

    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['Instruction', 'Example 1', 'Example 2'],
    );
    const example2 = symbols[2];
    assert.equal(example2?.range.start.line, second);
    assert.equal(example2?.range.end.line, lastOfSecond);
    assert.match(example2?.detail ?? '', /^A pen costs \$2/);
    assert.deepEqual(
      example2?.children.map((c) => [c.name, c.detail]),
      [
        ['Question', ''],
        ['Original Solution', '3 steps'],
        ['Incorrect Step', 'Step 2'],
        ['Explanation', ''],
        ['Correct Solution', 'from Step 2'],
      ],
    );
  });

  it('offers CodeLens at the top and on each example', async () => {
    const uri = writePrompt('lens.fewshot.txt', GOOD);
    await vscode.workspace.openTextDocument(uri);
    const lenses = await until(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l.length > 0 ? l : undefined;
    }, 'CodeLens');
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [0, 'Preview corrector request', 'mistakebook.previewCorrectionRequest'],
        [0, 'Try on selected mistake', 'mistakebook.tryPromptOnMistake'],
        [0, "Run on this run's mistakes", 'mistakebook.correctWithAnotherPrompt'],
        [lineOf(GOOD, 'Question: Ana'), "Preview request with this example's question", 'mistakebook.previewCorrectionRequest'],
        [lineOf(GOOD, 'Question: A pen'), "Preview request with this example's question", 'mistakebook.previewCorrectionRequest'],
      ],
    );
  });

  it("previews an example's request with the example held out, and follows edits of the prompt", async () => {
    const uri = writePrompt('preview.fewshot.txt', GOOD);
    const document = await vscode.workspace.openTextDocument(uri);
    const lens = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).find((l) => l.range.start.line > 0);
    assert.ok(lens?.command);
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>(lens.command.command, ...(lens.command.arguments ?? []));
    assert.equal(preview.uri.scheme, 'mistakebook-preview');
    const text = preview.getText();
    assert.ok(text.startsWith('── system ──\nFind the first wrong step'), text.slice(0, 80));
    assert.ok(text.includes('── user ──\nQuestion: A pen costs'), 'the other example is the few-shot part');
    assert.ok(
      text.trimEnd().endsWith('Question: Ana has 3 bags of 5 apples. How many apples does she have?\nOriginal Solution:\n{\nStep 1: Ana has 3 + 5 = 8 apples.\nStep 2: The answer is 8.\n}'),
      text.slice(-200),
    );
    assert.ok(!text.includes('a product, not a sum'), 'the held-out example’s correction is not in the request');

    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, document.lineAt(0).range, 'Correct the first wrong step of each solution.');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until(() => (preview.getText().startsWith('── system ──\nCorrect the first wrong step') ? true : undefined), 'the preview to follow the edit');
  });

  it('previews the first mistake of the latest run when there is one', async () => {
    const uri = writePrompt('run-preview.fewshot.txt', GOOD);
    const { runId } = await makeRun();
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>('mistakebook.previewCorrectionRequest', uri);
    assert.ok(preview.uri.path.includes(runId), preview.uri.path);
    const text = preview.getText();
    assert.ok(text.trimEnd().endsWith('Step 1: Each box holds 6 eggs, so 4 boxes hold 4 + 6 = 10 eggs.\nStep 2: The answer is 10.\n}'), text.slice(-200));
    assert.ok(text.includes('Question: Ana has 3 bags') && text.includes('Question: A pen costs'), 'both examples stay in the prompt');
  });

  it('previews a path of a run named by its ids (as the tree and the mistake view pass them)', async () => {
    const uri = writePrompt('path-preview.fewshot.txt', GOOD);
    const { runId, pathId } = await makeRun();
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>('mistakebook.previewCorrectionRequest', uri, { runId, pathId });
    assert.ok(preview.uri.path.endsWith(`run ${runId}, path ${pathId}`), preview.uri.path);
    assert.ok(preview.getText().trimEnd().endsWith('Step 2: The answer is 10.\n}'));
  });

  it('Add Correction appends an example that parses cleanly, and Undo takes it back', async () => {
    const uri = writePrompt('add.fewshot.txt', GOOD);
    const correction = {
      question: 'Lia walks 2 km a day for 6 days. How far does she walk?',
      originalSteps: ['She walks 2 + 6 = 8 km.', 'The answer is 8.'],
      incorrectStep: 1,
      explanation: 'Walking 2 km on each of 6 days is 2 times 6.',
      correctedSteps: ['She walks 2 * 6 = 12 km.', 'The answer is 12.'],
    };
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('mistakebook.addCorrectionToPrompt', correction, uri);
    const prompt = parsePrompt(document.getText());
    assert.deepEqual(prompt.diagnostics, []);
    assert.equal(prompt.examples.length, 3);
    assert.equal(prompt.examples[2]?.question, correction.question);
    assert.ok(document.isDirty, 'the edit is left for the researcher to review and save');
    assert.equal(readFileSync(uri.fsPath, 'utf8'), GOOD, 'nothing is written to disk behind the editor');

    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    await vscode.commands.executeCommand('undo');
    await until(() => (document.getText() === GOOD ? true : undefined), 'undo to restore the file');
  });

  it('Add Correction takes a correction of a run by its ids', async () => {
    const uri = writePrompt('add-from-run.fewshot.txt', GOOD);
    const { runId, correctionId } = await makeRun();
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('mistakebook.addCorrectionToPrompt', { runId, correctionId }, uri);
    const prompt = parsePrompt(document.getText());
    assert.deepEqual(prompt.diagnostics, []);
    const added = prompt.examples.at(-1);
    assert.ok(added?.format === 'steps');
    assert.equal(added.question, 'Sam has 4 boxes of 6 eggs. How many eggs does he have?');
    assert.equal(added.incorrectStep, 1);
    assert.deepEqual(added.correctedSteps, ['Each box holds 6 eggs, so 4 boxes hold 4 * 6 = 24 eggs.', 'The answer is 24.']);
    await vscode.commands.executeCommand('undo');
  });

  it('from the Datasets tree: a wrong path previews against the prompt being edited; a correction asks which prompt', async () => {
    const uri = writePrompt('from-tree.fewshot.txt', GOOD);
    const { runId, pathId, correctionId } = await makeRun();
    await vscode.window.showTextDocument(uri);
    // Tree nodes as the Datasets view passes them: (node, selection).
    const pathNode = { kind: 'path', path: { runId, record: { id: pathId } } };
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>('mistakebook.previewCorrectionRequest', pathNode, [pathNode]);
    assert.ok(preview.uri.path.endsWith(`from-tree.fewshot.txt · run ${runId}, path ${pathId}`), preview.uri.path);

    await vscode.window.showTextDocument(uri);
    const correctionNode = { kind: 'correction', correction: { runId, record: { id: correctionId } } };
    const adding = vscode.commands.executeCommand<vscode.TextDocument>('mistakebook.addCorrectionToPrompt', correctionNode, [correctionNode]);
    // The quick pick offers the prompt being edited first; accept it as a user pressing Enter would
    // (again until it takes: the pick opens once the workspace search for prompt files returns).
    let settled = false;
    void adding.then(() => (settled = true), () => (settled = true));
    await until(async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 200));
      return settled ? true : undefined;
    }, 'the prompt to be picked', 10_000);
    const document = await adding;
    assert.equal(document.uri.toString(), uri.toString());
    assert.equal(parsePrompt(document.getText()).examples.at(-1)?.question, 'Sam has 4 boxes of 6 eggs. How many eggs does he have?');
    await vscode.commands.executeCommand('undo');
  });

  it('lists prompt files and their examples in the Prompts view', async () => {
    const api = await activated();
    const uri = writePrompt('view.fewshot.txt', GOOD);
    const files = await until(async () => {
      const nodes = await api.prompts.getChildren();
      return nodes.some((n) => n.uri.toString() === uri.toString()) ? nodes : undefined;
    }, 'the file in the Prompts view');
    const file = files.find((n) => n.uri.toString() === uri.toString());
    assert.ok(file);
    const fileItem = api.prompts.getTreeItem(file);
    assert.equal(fileItem.label, 'view.fewshot.txt');
    assert.equal(fileItem.description, '2 examples');

    const examples = await api.prompts.getChildren(file);
    const items = examples.map((e) => api.prompts.getTreeItem(e));
    assert.deepEqual(
      items.map((i) => [i.label, i.description]),
      [
        ['Ana has 3 bags of 5…', 'Step 1 wrong'],
        ['A pen costs $2 and a…', 'Step 2 wrong'],
      ],
    );
    const open = items[1]?.command;
    assert.equal(open?.command, 'vscode.open');
    await vscode.commands.executeCommand(open?.command ?? '', ...(open?.arguments ?? []));
    const editor = await until(() => (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor : undefined), 'the example to open');
    assert.equal(editor.selection.active.line, lineOf(GOOD, 'Question: A pen'));
  });

  it('New Few-shot Prompt creates prompts/<name>.fewshot.txt that has no problems', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('mistakebook.newFewShotPrompt', 'fresh');
    made.push(document.uri.fsPath);
    assert.equal(document.uri.fsPath, join(workspace(), 'prompts', 'fresh.fewshot.txt'));
    assert.equal(document.languageId, LANGUAGE);
    const prompt = parsePrompt(readFileSync(document.uri.fsPath, 'utf8'));
    assert.ok(prompt.examples.length >= 2);
    assert.deepEqual(prompt.diagnostics, []);
    assert.deepEqual(vscode.languages.getDiagnostics(document.uri), []);
  });

  it('Treat File as Few-shot Prompt switches a .txt to the language and checks it', async () => {
    const file = join(workspace(), 'notes.txt');
    made.push(file);
    writeFileSync(file, GOOD.replace('Incorrect Step: Step 1.', 'Incorrect Step: the first one'));
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    assert.equal(editor.document.languageId, 'plaintext');
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('mistakebook.treatAsFewShot');
    assert.equal(document.languageId, LANGUAGE);
    const [problem] = await until(() => {
      const d = vscode.languages.getDiagnostics(document.uri);
      return d.length > 0 ? d : undefined;
    }, 'a diagnostic in the .txt');
    assert.equal(problem?.range.start.line, lineOf(GOOD, 'Incorrect Step: Step 1.'));
  });
});

let runs = 0;

/** A run in the workspace with one wrong path and its parsed correction. */
async function makeRun(): Promise<{ runId: string; pathId: string; correctionId: string }> {
  runs++;
  const store = await RunStore.create(
    workspace(),
    {
      toolVersion: 'test',
      task: 'gsm8k',
      dataset: { path: 'datasets/eggs.jsonl', sha256: '0'.repeat(64) },
      models: {},
      runId: `fewshot-it-${runs}-${Date.now()}`,
    },
    { onDiagnostic: () => undefined },
  );
  const path: PathRecord = {
    id: `path-${runs}`,
    questionId: 'q1',
    task: 'gsm8k',
    question: 'Sam has 4 boxes of 6 eggs. How many eggs does he have?',
    goldAnswer: '24',
    model: 'reasoner',
    sampleIndex: 0,
    completion: 'Each box holds 6 eggs, so 4 boxes hold 4 + 6 = 10 eggs. The answer is 10.',
    steps: ['Each box holds 6 eggs, so 4 boxes hold 4 + 6 = 10 eggs.', 'The answer is 10.'],
    answer: '10',
    correct: false,
    createdAt: new Date().toISOString(),
  };
  const correction: CorrectionRecord = {
    id: `correction-${runs}`,
    pathId: path.id,
    questionId: 'q1',
    model: 'corrector',
    promptSha256: '0'.repeat(64),
    correctionIndex: 0,
    raw: '',
    outcome: 'parsed',
    incorrectStep: 1,
    explanation: 'Four boxes of six eggs is four times six.',
    correctedSteps: ['Each box holds 6 eggs, so 4 boxes hold 4 * 6 = 24 eggs.', 'The answer is 24.'],
    correctedFrom: 1,
    answer: '24',
    verified: true,
    createdAt: new Date().toISOString(),
  };
  await (await store.table<PathRecord>('paths')).append(path);
  await (await store.table<CorrectionRecord>('corrections')).append(correction);
  await store.close();
  made.push(store.dir);
  return { runId: store.id, pathId: path.id, correctionId: correction.id };
}
