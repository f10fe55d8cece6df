/**
 * Issue 8, secrets: after the whole CLI flow (run create, the four stages, export) with a key, and
 * a run with a wrong key that the server echoes back, neither key is anywhere in the workspace, the
 * run folders, the cache, the exports or what the CLI printed. Error messages and logs redact
 * `Authorization` headers.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmClient } from '../../../src/core/llm/client';
import { LlmError } from '../../../src/core/llm/errors';
import { redact } from '../../../src/core/llm/redact';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import { scanForSecret } from '../../hardening/secretScan';
import { run } from '../cli/capture';

const ROOT = join(__dirname, '../../..');
const KEY = 'sk-hardening-Secret-7f3a9c21e8b4d605';
const WRONG_KEY = 'sk-wrong-Hardening-0c9e77aa41b2f3d8';

describe('hardening: secrets', function () {
  this.timeout(60_000);
  let fake: FakeOpenAI;
  let base: string;
  let workspace: string;
  let logs: string;
  const saved = { ...process.env };

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'mistakebook-secrets-'));
    workspace = join(base, 'workspace');
    logs = join(base, 'logs');
    mkdirSync(join(workspace, 'datasets'), { recursive: true });
    mkdirSync(join(workspace, 'prompts'));
    mkdirSync(logs);
    const entries = Array.from({ length: 24 }, (_, i) => ({ question: `Question ${i}: Lee has ${i + 2} cards and gets ${i + 5} more. How many cards does Lee have?`, goldAnswer: String(2 * i + 7), a: i + 2, b: i + 5 }));
    writeFileSync(join(workspace, 'datasets/train.jsonl'), entries.map((e) => JSON.stringify({ question: e.question, answer: `${e.a} + ${e.b} = ${e.goldAnswer}\n#### ${e.goldAnswer}` })).join('\n') + '\n');
    copyFileSync(join(ROOT, 'test/fixtures/prompts/steps-lf.fewshot.txt'), join(workspace, 'prompts/p.fewshot.txt'));
    fake = await startFakeOpenAI({ apiKey: KEY, answerKey: entries, reasoner: { wrongRate: 0.5 }, corrector: { unparseableRate: 0.2 } });
  });
  after(async () => {
    process.env = saved;
    await fake.close();
    rmSync(base, { recursive: true, force: true });
  });

  /** Runs the CLI and keeps what it printed as a log file, as a terminal log or `tee` would. */
  const cli = async (name: string, ...argv: string[]): Promise<number> => {
    const r = await run(...argv);
    writeFileSync(join(logs, `${name}.log`), `${r.stdout}\n--- stderr\n${r.stderr}`);
    return r.code;
  };

  it('finds the key when it is there (the scan itself can fail)', () => {
    const planted = join(base, 'planted');
    mkdirSync(planted);
    writeFileSync(join(planted, 'plain.txt'), `key=${KEY}\n`);
    writeFileSync(join(planted, 'wide.bin'), Buffer.from(`{"k":"${KEY}"}`, 'utf16le'));
    writeFileSync(join(planted, 'basic.txt'), `Authorization: Basic ${Buffer.from(KEY).toString('base64')}\n`);
    const scan = scanForSecret([planted], KEY);
    assert.deepEqual(scan.hits.map((h) => h.encoding).sort(), ['base64', 'utf16le', 'utf8']);
    rmSync(planted, { recursive: true });
  });

  it('leaves no key in the workspace, runs, cache, exports or CLI output after the full flow', async () => {
    process.env['MISTAKEBOOK_API_KEY'] = KEY;
    process.env['MB_WRONG_KEY'] = WRONG_KEY;
    const common = ['--workspace', workspace, '--dataset', 'datasets/train.jsonl', '--base-url', fake.url, '--model', 'reasoner', '--corrector-model', 'corrector', '--prompt', 'prompts/p.fewshot.txt', '--samples', '2', '--seed', '3'];
    assert.equal(await cli('create', 'run', 'create', ...common, '--id', 'with-key'), 0, readFileSync(join(logs, 'create.log'), 'utf8'));
    for (const stage of ['sample', 'correct', 'augment', 'evaluate']) {
      assert.equal(await cli(stage, 'run', stage, '--run', 'with-key', '--workspace', workspace), 0, readFileSync(join(logs, `${stage}.log`), 'utf8'));
    }
    assert.equal(await cli('export', 'export', '--workspace', workspace, '--output', join(workspace, 'exports/train.jsonl')), 0, readFileSync(join(logs, 'export.log'), 'utf8'));
    assert.equal(await cli('status', 'run', 'status', 'with-key', '--workspace', workspace), 0);
    assert.equal(await cli('list', 'run', 'list', '--workspace', workspace), 0);

    // A wrong key: the fake server echoes it in its 401 body, as some proxies do.
    // Another seed, so the response cache cannot answer for it.
    assert.equal(await cli('create-wrong', 'run', 'create', ...common.slice(0, -1), '4', '--id', 'wrong-key'), 0);
    assert.equal(await cli('sample-wrong', 'run', 'sample', '--run', 'wrong-key', '--workspace', workspace, '--api-key-env', 'MB_WRONG_KEY'), 1);
    const failure = readFileSync(join(logs, 'sample-wrong.log'), 'utf8');
    assert.match(failure, /auth/);
    // The echo was there and was redacted, not merely absent.
    assert.match(failure, /\[redacted\]/, failure);
    assert.ok(fake.requests.some((r) => r.status === 401), 'the wrong key never reached the server');
    assert.ok(fake.requests.filter((r) => r.status === 200).length > 50, 'the flow made too few requests to prove anything');

    for (const secret of [KEY, WRONG_KEY]) {
      const scan = scanForSecret([workspace, logs], secret);
      assert.deepEqual(scan.hits, [], `the key ${secret.slice(0, 12)}… was found`);
      assert.ok(scan.filesScanned > 10, `only ${scan.filesScanned} files scanned`);
      if (secret === KEY) console.log(`      scanned ${scan.filesScanned} files (${(scan.bytesScanned / 1024).toFixed(0)} KiB) after ${fake.requests.length} requests: 0 hits for either key`);
    }
  });

  it('redacts the key from errors and log notes even when the server echoes it', async () => {
    const notes: string[] = [];
    const client = new LlmClient({ endpoint: { baseUrl: fake.url, apiKey: WRONG_KEY, model: 'reasoner' }, retry: { maxAttempts: 1 }, log: (l) => notes.push(l) });
    const error = await client.complete({ prompt: 'Question 1' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof LlmError);
    assert.equal(error.kind, 'auth');
    assert.ok(!error.message.includes(WRONG_KEY) && !error.message.includes(WRONG_KEY.slice(3)), error.message);
    assert.ok(!JSON.stringify(error).includes(WRONG_KEY));
    for (const line of notes) assert.ok(!line.includes(WRONG_KEY));
  });

  it('redacts Authorization headers in every common spelling', () => {
    const cases = [
      'Authorization: Bearer abcdefgh12345678',
      'authorization: bearer abcdefgh12345678',
      '{"Authorization":"Bearer abcdefgh12345678"}',
      "headers: { authorization: 'Bearer abcdefgh12345678' }",
      'curl -H "Authorization: Bearer abcdefgh12345678" https://api.example.com/v1',
      'api-key: abcdefgh12345678',
      '{"api-key": "abcdefgh12345678"}',
      'OPENAI_API_KEY=sk-abcdefgh12345678',
      'proxy said: invalid key sk-proj-abcdefgh12345678_xyz',
    ];
    for (const text of cases) {
      const out = redact(text);
      assert.ok(!out.includes('abcdefgh12345678'), `not redacted: ${text} → ${out}`);
      assert.match(out, /\[redacted\]/);
    }
    // A key that looks like nothing in particular is redacted when the client knows it.
    assert.equal(redact('the server says: bad key zq81-Local-Token-77', ['zq81-Local-Token-77']), 'the server says: bad key [redacted]');
  });
});
