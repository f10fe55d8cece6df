/**
 * Issue 15, point 4, in VS Code: Select Endpoint and Model asks the endpoint (GET /models) before
 * it saves. A closed loopback port is refused and said, and nothing is saved unless the answer is
 * "save"; the fake server's models are listed and the choice saved; a model it does not list is
 * said. The answers come as arguments (onUnreachable, onUnlisted) where a person would click.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import { closedPort } from '../../support/closedPort';
import type { MistakebookApi } from '../../../src/extension/main';
import { activated } from './host';

/** The text of the Mistakebook output channel, from its log file in the user-data logs folder. */
function outputLog(api: MistakebookApi): string {
  let logs = api.logUri.fsPath;
  while (basename(logs) !== 'logs' && dirname(logs) !== logs) logs = dirname(logs);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/Mistakebook\.log$/.test(name)) found.push(readFileSync(path, 'utf8'));
    }
  };
  walk(logs);
  return found.join('\n');
}

describe('Select Endpoint and Model checks the endpoint before saving', function () {
  this.timeout(60_000);
  let api: MistakebookApi;
  let fake: FakeOpenAI;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('mistakebook');
  const keys = ['reasoner.baseUrl', 'reasoner.model', 'reasoner.api'] as const;
  let original: Record<string, unknown>;

  /** Waits until the output channel's log holds `text` (the log file is written a moment later). */
  async function said(text: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!outputLog(api).includes(text)) {
      if (Date.now() > deadline) assert.fail(`the output never said: ${text}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  before(async () => {
    api = await activated();
    fake = await startFakeOpenAI({ requireKey: false });
    original = Object.fromEntries(keys.map((k) => [k, config().inspect(k)?.workspaceValue]));
  });

  after(async () => {
    for (const k of keys) await config().update(k, original[k], vscode.ConfigurationTarget.Workspace);
    await fake?.close();
  });

  it('a closed port: the refusal is said and nothing is saved', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const was = config().get('reasoner.baseUrl');
    const saved = await vscode.commands.executeCommand('mistakebook.selectEndpoint', { role: 'reasoner', baseUrl: url, model: 'reasoner', api: 'chat', onUnreachable: 'cancel' });
    assert.equal(saved, false);
    assert.equal(config().get('reasoner.baseUrl'), was);
    await said(`the check failed: cannot connect to ${url}: connection refused (nothing listens at 127.0.0.1:`);
  });

  it('a closed port with "save": saved, and said that the check failed', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const saved = await vscode.commands.executeCommand('mistakebook.selectEndpoint', { role: 'reasoner', baseUrl: url, model: 'reasoner', api: 'chat', onUnreachable: 'save' });
    assert.equal(saved, true);
    assert.equal(config().get('reasoner.baseUrl'), url);
    await said(`the reasoner is now reasoner at ${url} (chat API) — saved although the check failed: cannot connect to ${url}: connection refused`);
  });

  it('the fake server: its models are listed and the choice is saved', async () => {
    fake.resetLog();
    const saved = await vscode.commands.executeCommand('mistakebook.selectEndpoint', { role: 'reasoner', baseUrl: fake.url, model: 'echo', api: 'completion' });
    assert.equal(saved, true);
    assert.equal(config().get('reasoner.baseUrl'), fake.url);
    assert.equal(config().get('reasoner.model'), 'echo');
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/models']);
    await said(`${fake.url} answers and lists 3 models`);
  });

  it('a model the endpoint does not list is said, and not saved on "cancel"', async () => {
    const saved = await vscode.commands.executeCommand('mistakebook.selectEndpoint', { role: 'reasoner', baseUrl: fake.url, model: 'gpt-nonexistent', api: 'chat', onUnlisted: 'cancel' });
    assert.equal(saved, false);
    assert.equal(config().get('reasoner.model'), 'echo');
    await said(`${fake.url} does not list the model gpt-nonexistent; it lists corrector, echo, reasoner`);
  });

  it('check: false saves without asking the endpoint', async () => {
    fake.resetLog();
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const saved = await vscode.commands.executeCommand('mistakebook.selectEndpoint', { role: 'reasoner', baseUrl: url, model: 'reasoner', api: 'chat', check: false });
    assert.equal(saved, true);
    assert.equal(config().get('reasoner.baseUrl'), url);
    assert.deepEqual(fake.requests, []);
  });
});
