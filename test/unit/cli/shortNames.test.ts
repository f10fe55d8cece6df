import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { PathRecord } from '../../../src/core/pipeline';
import { main } from '../../../src/cli/cli';
import { apiKeysFrom } from '../../../src/cli/runArgs';
import { KEY, makeFixture, rows, type Fixture } from '../pipeline/fixture';
import { run } from './capture';

const KEY_VARS = ['OPENAI_API_KEY', 'MISTAKEBOOK_API_KEY', 'MB_TEST_KEY'] as const;

/** Runs `body` with the key variables set as given (and the others unset), then puts them back. */
async function withEnv<T>(env: Partial<Record<(typeof KEY_VARS)[number], string>>, body: () => Promise<T> | T): Promise<T> {
  const saved = KEY_VARS.map((name) => [name, process.env[name]] as const);
  for (const name of KEY_VARS) {
    const value = env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await body();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('mistakebook sample | import | correct | … (short names)', function () {
  this.timeout(30_000);
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });

  const create = async (f: Fixture, ...extra: string[]): Promise<string> => {
    const created = await run('run', 'create', '--workspace', f.dir, '--dataset', f.dataset, '--base-url', f.fake.url, '--model', 'reasoner', '--samples', '2', '--corrector-model', 'corrector', '--prompt', f.prompt, ...extra);
    assert.equal(created.code, 0, created.stderr);
    return created.stdout.trim();
  };

  it('answers --help on every short name, and exits 2 on a wrong command line', async () => {
    for (const argv of [['sample'], ['import'], ['correct'], ['augment'], ['evaluate'], ['batch', 'submit'], ['batch', 'collect'], ['stats']]) {
      const help = await run(...argv, '--help');
      assert.equal(help.code, 0, argv.join(' '));
      assert.match(help.stdout, /^Usage: mistakebook /);
    }
    const noRun = await run('sample');
    assert.equal(noRun.code, 2);
    assert.match(noRun.stderr, /^mistakebook sample: missing --run ID/);
    assert.equal((await run('sample', '--run', 'x', '--concurrency', '0')).code, 2);
    assert.equal((await run('import', '--run', 'x')).code, 2);
    assert.equal((await run('import', '--run', 'x', '--file', 'f', '--format', 'csv')).code, 2);
    assert.match((await run('sample', '--help')).stdout, /MISTAKEBOOK_API_KEY when set, else \$OPENAI_API_KEY/);
  });

  it('reads the key from $MISTAKEBOOK_API_KEY when set, else $OPENAI_API_KEY (https only), or --api-key-env NAME (none: no key)', async () => {
    const openai = { reasoner: 'https://api.openai.com/v1' };
    const lab = { reasoner: 'http://gpu1:8000/v1', corrector: 'https://api.openai.com/v1' };
    await withEnv({ OPENAI_API_KEY: 'sk-openai' }, () => assert.deepEqual(apiKeysFrom({}, openai), { reasoner: 'sk-openai', corrector: 'sk-openai' }));
    // An OpenAI key is not sent, in clear text, to a server that did not ask for it by name.
    await withEnv({ OPENAI_API_KEY: 'sk-openai' }, () => assert.deepEqual(apiKeysFrom({}, lab), { corrector: 'sk-openai' }));
    await withEnv({ OPENAI_API_KEY: 'sk-openai' }, () => assert.deepEqual(apiKeysFrom({ 'api-key-env': 'OPENAI_API_KEY' }, lab), { reasoner: 'sk-openai', corrector: 'sk-openai' }));
    await withEnv({ OPENAI_API_KEY: 'sk-openai', MISTAKEBOOK_API_KEY: 'sk-own' }, () => assert.equal(apiKeysFrom({}, lab).reasoner, 'sk-own'));
    await withEnv({}, () => assert.deepEqual(apiKeysFrom({}, openai), {}));
    await withEnv({ MB_TEST_KEY: 'sk-named', OPENAI_API_KEY: 'sk-openai' }, () => assert.equal(apiKeysFrom({ 'api-key-env': 'MB_TEST_KEY' }, openai).reasoner, 'sk-named'));
    await withEnv({ OPENAI_API_KEY: 'sk-openai' }, () => assert.deepEqual(apiKeysFrom({ 'api-key-env': 'none', 'corrector-api-key-env': 'OPENAI_API_KEY' }, openai), { corrector: 'sk-openai' }));
    await withEnv({}, () => assert.throws(() => apiKeysFrom({ 'api-key-env': 'MB_TEST_KEY' }, openai), /MB_TEST_KEY is not set/));
  });

  it('imports outputs with `mistakebook import`: bad lines as FILE:LINE and exit 1, a rerun adds nothing', async () => {
    const f = (fx = await makeFixture({ questions: 3 }));
    const runId = await create(f);
    const file = join(f.dir, 'out.jsonl');
    writeFileSync(file, [...f.entries.map((e) => JSON.stringify({ samples: [`So ${e.goldAnswer}.\nThe answer is ${e.goldAnswer}.`] })), 'nope'].join('\n'));
    const first = await run('import', '--workspace', f.dir, '--run', runId, '--file', file, '--model', 'vllm-run');
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: error: the last line is cut off`));
    assert.match(first.stderr, /import: 3 paths of vllm-run imported \(lema-samples\), 1 line skipped/);
    writeFileSync(file, f.entries.map((e) => JSON.stringify({ samples: [`The answer is ${e.goldAnswer}.`] })).join('\n'));
    const again = await run('import', '--workspace', f.dir, '--run', runId, '--file', file, '--model', 'vllm-run');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /import: 0 paths of vllm-run imported \(lema-samples\), 3 already stored/);
    const paths = rows<PathRecord>(f.dir, runId, 'paths');
    assert.equal(paths.length, 3);
    assert.ok(paths.every((p) => p.correct && p.model === 'vllm-run'));
  });

  it('`mistakebook sample` draws a bar on a terminal, keeps --concurrency for this attempt, and takes the key from --api-key-env', async () => {
    const f = (fx = await makeFixture({ questions: 10, latencyMs: 40 }));
    const runId = await create(f);
    let err = '';
    const stderr = Object.assign(
      new Writable({
        write(chunk: Buffer | string, _encoding, done) {
          err += chunk.toString();
          done();
        },
      }),
      { isTTY: true },
    );
    const stdout = new Writable({ write: (_c, _e, done) => done() });
    const code = await withEnv({ OPENAI_API_KEY: KEY }, () => main(['sample', '--workspace', f.dir, '--run', runId, '--concurrency', '2', '--api-key-env', 'OPENAI_API_KEY'], { stdout, stderr }));
    assert.equal(code, 0, err);
    assert.match(err, /\r\[#{24}\] sample: 20\/20 paths \(100%\)/);
    assert.equal(f.fake.maxInFlight, 2, 'at most --concurrency requests in flight');
    assert.equal(rows<PathRecord>(f.dir, runId, 'paths').length, 20);
  });
});
