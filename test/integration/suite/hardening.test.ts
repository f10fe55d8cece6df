/**
 * Issue 8, bad input inside VS Code: every broken few-shot prompt of test/fixtures/bad gets the same
 * diagnostics in the Problems panel as from `mistakebook prompt check` (line, column, severity,
 * reason); every broken dataset opens in the Datasets tree without an error escaping, loads the
 * questions that are fine, and reports each bad line in the Mistakebook output channel as FILE:LINE.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { MistakebookApi } from '../../../src/extension/main';
import { BAD_DATASETS, BAD_PROMPTS } from '../../hardening/badInputCases';

const EXTENSION_ID = 'mistakebook.mistakebook';
// The suite runs from out/test/integration/suite; the fixtures stay in the source tree.
const BAD = join(__dirname, '../../../../test/fixtures/bad');

/** Cases VS Code cannot show as text: it refuses binary files, and decodes invalid UTF-8 with replacement characters. */
const NOT_TEXT = new Set(['binary.fewshot.txt', 'invalid-utf8.fewshot.txt']);

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The files VS Code writes the Mistakebook output channel to, found from the extension's log folder upwards. */
function outputChannelText(logUri: vscode.Uri): string {
  const found: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (depth > 4 || !existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path, depth + 1);
      else if (/Mistakebook\.log$/.test(name)) found.push(path);
    }
  };
  visit(dirname(dirname(logUri.fsPath)), 0);
  return found.map((f) => readFileSync(f, 'utf8')).join('\n');
}

describe('Bad input in a real VS Code (issue 8)', function () {
  this.timeout(60_000);
  let api: MistakebookApi;
  before(async () => {
    const ext = vscode.extensions.getExtension<MistakebookApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
  });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  describe('few-shot prompts: the Problems panel', () => {
    for (const c of BAD_PROMPTS.filter((p) => !NOT_TEXT.has(p.file))) {
      it(c.file, async () => {
        const uri = vscode.Uri.file(join(BAD, 'prompts', c.file));
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        const diagnostics = await until(() => {
          const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'mistakebook');
          return d.length >= c.diagnostics.length ? d : undefined;
        }, `${c.diagnostics.length} diagnostics`);
        assert.equal(diagnostics.length, c.diagnostics.length, diagnostics.map((d) => d.message).join('\n'));
        for (const want of c.diagnostics) {
          const severity = want.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
          const match = diagnostics.find(
            (d) => d.range.start.line === want.line - 1 && d.severity === severity && want.reason.test(d.message) && (want.column === undefined || d.range.start.character === want.column - 1),
          );
          assert.ok(match, `no ${want.severity} at ${want.line}:${want.column ?? '?'} matching ${want.reason}; got\n${diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join('\n')}`);
        }
      });
    }
  });

  describe('datasets: the Datasets tree and the output channel', () => {
    for (const c of BAD_DATASETS) {
      it(c.file, async () => {
        const file = join(BAD, 'datasets', c.file);
        const node = await api.datasets.add(vscode.Uri.file(file));
        const children = await api.datasets.getChildren(node);
        const questions = children.filter((n) => n.kind === 'question');
        assert.equal(questions.length, c.questions, `questions that load from ${c.file}`);
        // The tree logs errors (warnings stay in `mistakebook dataset inspect`), each as FILE:LINE: reason.
        const errors = c.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length === 0) return;
        await until(() => {
          const text = outputChannelText(api.logUri);
          return errors.every((d) => text.split('\n').some((l) => l.includes(`${file}:${d.line}: `) && d.reason.test(l))) ? true : undefined;
        }, `the errors of ${c.file} in the output channel:\n${outputChannelText(api.logUri).slice(-1500)}`);
      });
    }
  });

  describe('files that are no regular files (issue 14): Open Dataset says why at once, nothing hangs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-not-files-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const cases: { name: string; make: () => string; reason: RegExp }[] = [
      { name: 'a FIFO with no writer', make: () => (execFileSync('mkfifo', [join(dir, 'pipe.jsonl')]), join(dir, 'pipe.jsonl')), reason: /FIFO|pipe/i },
      { name: 'a folder', make: () => dir, reason: /folder/ },
      { name: 'a device', make: () => '/dev/zero', reason: /device/ },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const file = c.make();
        const started = Date.now();
        await assert.rejects(Promise.resolve(vscode.commands.executeCommand('mistakebook.openDataset', vscode.Uri.file(file))), (e: Error) => {
          assert.match(e.message, c.reason);
          assert.ok(e.message.includes(file), `the message names ${file}: ${e.message}`);
          return true;
        });
        assert.ok(Date.now() - started < 5000, 'refused at once');
        const listed = await api.datasets.getChildren();
        assert.ok(!listed.some((n) => n.kind === 'dataset' && n.uri.fsPath === file), 'the file is not listed as a dataset');
      });
    }
  });
});
