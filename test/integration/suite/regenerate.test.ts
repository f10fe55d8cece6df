/**
 * Correcting one mistake on demand inside a real VS Code, against the fake OpenAI server started in
 * this extension host: Regenerate (the mistake view's toolbar command) appends a new correction to the
 * run, and "Try on selected mistake" (a CodeLens of a prompt file) corrects with the unsaved prompt and
 * shows the result without storing it.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corrector } from '../../fake-openai/corrector';
import type { ScriptRequest } from '../../fake-openai/scripts';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import { sha256Hex } from '../../../src/core/ids';
import { createRun, runStages, type CorrectionRecord, type PathRecord } from '../../../src/core/pipeline';
import { loadRun } from '../../../src/core/runs/loadRun';
import type { MistakebookApi } from '../../../src/extension/main';
import { activated } from './host';

const KEY = 'sk-regenerate-SECRET-1a2b3c4d5e6f7a8b9c0d';
const projectRoot = join(__dirname, '..', '..', '..', '..');

/** Two-step word problems the fake reasoner can solve (and slip on). */
function problems(count: number): { question: string; goldAnswer: string; line: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const a = 13 + i;
    const b = 3 + (i % 4);
    const c = 4 + 5 * i;
    const question = `Garden ${i} has ${a} rows of ${b} tulips, and ${c} tulips grow by the gate. How many tulips are there?`;
    const solution = `The rows hold ${a}*${b} = <<${a}*${b}=${a * b}>>${a * b} tulips.\nWith the others there are ${a * b}+${c} = <<${a * b}+${c}=${a * b + c}>>${a * b + c} tulips.\n#### ${a * b + c}`;
    return { question, goldAnswer: String(a * b + c), line: JSON.stringify({ question, answer: solution }) };
  });
}

function rows<R>(file: string): R[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as R);
}

describe('Regenerate and Try on selected mistake (fake OpenAI in this host)', function () {
  this.timeout(120_000);
  let api: MistakebookApi;
  let fake: FakeOpenAI;
  let workspace: string;
  let runId: string;
  let runDir: string;
  let mistakes: PathRecord[];
  const made: string[] = [];
  /** What the corrector model was asked, request by request (one entry per choice). */
  const asked: ScriptRequest[] = [];
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mistakebook');
  const settings = ['corrector.baseUrl', 'corrector.model', 'corrector.temperature'];
  const correctionsFile = (): string => join(runDir, 'corrections.jsonl');

  before(async () => {
    api = await activated();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test VS Code has a workspace folder');
    workspace = folder.uri.fsPath;
    const questions = problems(5);
    const stamp = Date.now();
    mkdirSync(join(workspace, 'datasets'), { recursive: true });
    mkdirSync(join(workspace, 'prompts'), { recursive: true });
    const dataset = join(workspace, 'datasets', `gardens-${stamp}.jsonl`);
    writeFileSync(dataset, `${questions.map((q) => q.line).join('\n')}\n`);
    const prompt = join(workspace, 'prompts', `regenerate-${stamp}.fewshot.txt`);
    copyFileSync(join(projectRoot, 'test', 'fixtures', 'prompts', 'steps-lf.fewshot.txt'), prompt);
    made.push(dataset, prompt);

    const correct = corrector();
    fake = await startFakeOpenAI({ apiKey: KEY, answerKey: questions, reasoner: { wrongRate: 0.5 } });
    fake.setScript('spied-corrector', (request, context) => {
      asked.push(request);
      return correct(request, context);
    });
    const model = (name: string, temperature: number): { baseUrl: string; model: string; api: 'chat'; sampling: { temperature: number } } => ({ baseUrl: fake.url, model: name, api: 'chat', sampling: { temperature } });
    runId = await createRun({ workspaceDir: workspace, datasetFile: dataset, reasoner: model('reasoner', 0.8), corrector: model('spied-corrector', 0.7), samplesPerQuestion: 3, promptFile: prompt, runId: `regenerate-it-${stamp}` });
    runDir = join(workspace, '.mistakebook', 'runs', runId);
    made.push(runDir);
    const result = await runStages(workspace, runId, ['sample', 'correct'], { apiKeys: { reasoner: KEY, corrector: KEY } });
    assert.equal(result.stages.correct?.state, 'done', result.stages.correct?.message);
    mistakes = rows<PathRecord>(join(runDir, 'paths.jsonl')).filter((p) => !p.correct);
    assert.ok(mistakes.length >= 2, `the fake reasoner made mistakes (${mistakes.length})`);

    await api.keys.set(fake.url, KEY);
    await config().update('corrector.baseUrl', fake.url, vscode.ConfigurationTarget.Workspace);
    await config().update('corrector.model', 'spied-corrector', vscode.ConfigurationTarget.Workspace);
    await config().update('corrector.temperature', 0.5, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of settings) await config().update(name, undefined, vscode.ConfigurationTarget.Workspace);
    await api.keys.delete(fake.url);
    await fake.close();
    for (const path of made) rmSync(path, { recursive: true, force: true });
  });

  it('the mistake view can offer Regenerate: its command is registered', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('mistakebook.regenerateCorrection'));
    assert.ok((await vscode.commands.getCommands(true)).includes('mistakebook.tryPromptOnMistake'));
  });

  it("Regenerate (the toolbar's arguments) asks M_c again and appends the next correction, which the mistake view opens on", async () => {
    const mistake = mistakes[0] as PathRecord;
    const before = rows<CorrectionRecord>(correctionsFile());
    const first = before.find((c) => c.pathId === mistake.id);
    assert.ok(first, 'Generate Corrections corrected the mistake once');
    const sent = asked.length;
    const painted = new Promise<string>((resolve) => {
      const listener = api.mistakeView.onDidPaint((e) => {
        listener.dispose();
        resolve(e.pathId);
      });
    });

    const record = await vscode.commands.executeCommand<CorrectionRecord>('mistakebook.regenerateCorrection', { runId, pathId: mistake.id, correctionId: first.id, workspaceDir: workspace });
    assert.equal(asked.length, sent + 1, 'one new request reached the corrector (no cache hit of the first correction)');
    assert.equal(record.pathId, mistake.id);
    assert.equal(record.correctionIndex, 1);
    assert.notEqual(record.id, first.id);
    assert.equal(record.promptSha256, first.promptSha256, "the run's own few-shot prompt");
    assert.equal(record.outcome, 'parsed');
    assert.equal(record.verified, true, 'the fake corrector fixes the slip (eq. 2)');

    const after = rows<CorrectionRecord>(correctionsFile());
    assert.equal(after.length, before.length + 1);
    assert.deepEqual(after.at(-1), record, 'corrections.jsonl holds the record as returned');
    assert.equal(await painted, mistake.id, 'the mistake view opened on the mistake');
    const review = await loadRun(workspace, runId, () => undefined);
    const shown = review.mistakes.find((m) => m.path.id === mistake.id);
    assert.deepEqual(shown?.corrections.map((c) => c.id).sort(), [first.id, record.id].sort(), 'the switcher has both corrections to choose from');

    const third = await vscode.commands.executeCommand<CorrectionRecord>('mistakebook.regenerateCorrection', { runId, pathId: mistake.id, workspaceDir: workspace });
    assert.equal(third.correctionIndex, 2);
    assert.equal(asked.length, sent + 2);
  });

  it('Regenerate with a temperature asks at that temperature for this request only (issue 15)', async () => {
    // Another question than the one regenerated above: two wrong paths of one question can be the same
    // text, and the same request is answered from the response cache, which would prove nothing here.
    const mistake = mistakes.find((m) => m.question !== mistakes[0]?.question);
    assert.ok(mistake !== undefined, 'the fake reasoner made mistakes on two questions');
    const record = await vscode.commands.executeCommand<CorrectionRecord>('mistakebook.regenerateCorrection', { runId, pathId: mistake.id, temperature: 1.1 });
    assert.equal(asked.at(-1)?.body['temperature'], 1.1);
    assert.equal(record.pathId, mistake.id);
    const sent = asked.length;
    const plain = await vscode.commands.executeCommand<CorrectionRecord>('mistakebook.regenerateCorrection', { runId, pathId: mistake.id });
    assert.equal(asked.length, sent + 1, `one new request (correction ${plain.correctionIndex}, first ${record.correctionIndex})`);
    assert.equal(asked.at(-1)?.body['temperature'], 0.7, "without one, the run's own temperature");
  });

  it('the Datasets tree follows the mistake view: it selects the mistake shown, and moves with j (issue 15)', async () => {
    await vscode.commands.executeCommand('mistakebook.datasets.focus');
    const selected = async (pathId: string): Promise<boolean> => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        const node = api.datasetsTree.selection[0];
        if (node?.kind === 'path' && node.path.record.id === pathId) return true;
      }
      return false;
    };
    const [first, second] = mistakes as [PathRecord, PathRecord];
    await vscode.commands.executeCommand('mistakebook.showMistake', runId, first.id);
    assert.ok(await selected(first.id), `the tree selects path ${first.id}`);
    await api.mistakeView.navigate('next');
    assert.ok(await selected(second.id), `after j the tree selects path ${second.id}`);
  });

  it('Try on selected mistake corrects with the unsaved prompt and shows the parsed, verified result without storing it', async () => {
    const prompt = vscode.Uri.file(made[1] as string);
    const document = await vscode.workspace.openTextDocument(prompt);
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(prompt, document.lineAt(0).range, 'Check each solution step by step and correct the first wrong step.');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(document.isDirty, 'the edit is not saved');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', prompt);
    const lens = lenses.find((l) => l.command?.title === 'Try on selected mistake');
    assert.ok(lens?.command, `a "Try on selected mistake" lens: ${lenses.map((l) => l.command?.title).join(', ')}`);
    const stored = readFileSync(correctionsFile(), 'utf8');
    const sent = asked.length;

    const result = await vscode.commands.executeCommand<vscode.TextDocument>(lens.command.command, ...(lens.command.arguments ?? []));
    assert.equal(result.uri.scheme, 'mistakebook-trial');
    assert.equal(asked.length, sent + 1, 'one request to the corrector of the settings');
    const request = asked.at(-1);
    assert.ok(request?.prompt.startsWith('Check each solution step by step'), `the unsaved instruction was sent: ${request?.prompt.slice(0, 80) ?? ''}`);
    assert.equal(request?.body['temperature'], 0.5, "the settings' corrector sampling");

    const text = result.getText();
    // Issue 15: the trial takes the mistake in front of the researcher, the one the mistake view shows.
    const shownIds = api.mistakeView.shown();
    const first = mistakes.find((m) => m.id === shownIds?.pathId);
    assert.ok(first !== undefined, 'the mistake view shows a mistake of the run');
    assert.ok(text.startsWith(`Trial of prompts/regenerate-`) && text.includes('(unsaved edits included) — not stored in any run'), text.slice(0, 200));
    assert.ok(text.includes(`Prompt sha256 ${sha256Hex(document.getText())}`));
    assert.ok(text.includes(`Mistake: run ${runId}, path ${first.id}`), `the mistake the mistake view shows: ${text.slice(0, 300)}`);
    assert.ok(text.includes(`── Question ──\n${first.question}`));
    assert.ok(text.includes(`── Verdict ──\n✓ verified: the corrected solution reaches the gold answer ${first.goldAnswer} (eq. 2)`), text);
    assert.match(text, /── Incorrect step ──\nStep \d+: /);
    assert.match(text, /── Corrected solution [^\n]*──\nStep 1: /);
    assert.match(text, /── Raw reply ──\n/);
    assert.equal(readFileSync(correctionsFile(), 'utf8'), stored, 'nothing was added to the run');
    await document.save(); // closing the editors later must not ask about unsaved changes
  });

  it('Try on selected mistake takes a wrong path by its ids, as the Datasets tree and the mistake view name it', async () => {
    const second = mistakes[1] as PathRecord;
    const prompt = vscode.Uri.file(made[1] as string);
    const result = await vscode.commands.executeCommand<vscode.TextDocument>('mistakebook.tryPromptOnMistake', prompt, { runId, pathId: second.id });
    const text = result.getText();
    assert.ok(text.includes(`Mistake: run ${runId}, path ${second.id}`), text.slice(0, 300));
    assert.ok(text.includes(`── Question ──\n${second.question}`));
  });
});
