/**
 * Issue 15, point 4: an endpoint that is not there fails at once, naming the URL and the cause; one
 * that answered before and goes away is waited for. Real sockets on 127.0.0.1 only: a closed port
 * for "refused", the fake server spoken to over https for a TLS failure, and error chains shaped as
 * undici makes them for what loopback cannot produce (an unknown host, no route, a bad certificate).
 */
import { strict as assert } from 'node:assert';
import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { APIConnectionError } from 'openai';
import { LlmClient } from '../../../src/core/llm/client';
import { connectionCause } from '../../../src/core/llm/connection';
import { checkEndpoint } from '../../../src/core/llm/endpointCheck';
import { classifyError } from '../../../src/core/llm/errors';
import { createRun, runStages, type ErrorRecord } from '../../../src/core/pipeline';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai/server';
import { closedPort } from '../../support/closedPort';
import { KEY, makeFixture, type Fixture } from '../pipeline/fixture';
import { rejection } from './rejection';

/** An error chain as the SDK hands it over: APIConnectionError ← TypeError('fetch failed') ← the system error. */
function undiciFailure(code: string, message: string): APIConnectionError {
  return new APIConnectionError({ cause: new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) }) });
}

const ctx = { baseUrl: 'https://gpu1.lab.example:8000/v1', url: 'https://gpu1.lab.example:8000/v1/chat/completions', model: 'm', timeoutMs: 1000, secrets: [] };
const never = { timedOut: false, cancelled: false, endpointAnswered: false };

describe('endpoint errors: what cannot connect, in words', () => {
  it('tells refused, unknown host, no route, connect timeout and TLS apart, and names the host', () => {
    const cases: Array<[string, string, string | undefined, RegExp]> = [
      ['ENOTFOUND', 'getaddrinfo ENOTFOUND gpu1.lab.example', 'dns', /the host name gpu1\.lab\.example is not known \(DNS lookup failed\)/],
      ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN gpu1.lab.example', 'dns', /could not be looked up \(DNS did not answer\)/],
      ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.7:8000', 'unreachable', /no route to gpu1\.lab\.example \(EHOSTUNREACH/],
      ['ENETUNREACH', 'connect ENETUNREACH 10.0.0.7:8000', 'unreachable', /no route to gpu1\.lab\.example \(ENETUNREACH/],
      ['UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error', 'unreachable', /gpu1\.lab\.example:8000 did not accept a connection in time/],
      ['CERT_HAS_EXPIRED', 'certificate has expired', 'tls', /the TLS certificate of gpu1\.lab\.example has expired/],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'tls', /is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\)/],
      ['ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", 'tls', /the TLS certificate is not for gpu1\.lab\.example/],
      ['ECONNRESET', 'read ECONNRESET', undefined, /the connection to gpu1\.lab\.example:8000 was dropped \(ECONNRESET\)/],
    ];
    for (const [code, message, reason, words] of cases) {
      const error = classifyError(undiciFailure(code, message), ctx, never);
      assert.equal(error.kind, 'network', code);
      assert.equal(error.unreachable, reason, code);
      assert.match(error.message, words, code);
      // Absent endpoints are final on the first try; a dropped connection is worth another.
      assert.equal(error.retryable, reason === undefined, code);
      if (reason !== undefined) assert.match(error.summary, /^cannot connect to https:\/\/gpu1\.lab\.example:8000\/v1: /, code);
    }
  });

  it('finds the code inside an AggregateError (localhost tried on ::1 and 127.0.0.1) and reads the default port', () => {
    const both = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:80'), { code: 'ECONNREFUSED' }), Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:80'), { code: 'ECONNREFUSED' })]);
    const cause = connectionCause(new TypeError('fetch failed', { cause: both }), 'http://localhost/v1');
    assert.deepEqual(cause, { unreachable: 'refused', code: 'ECONNREFUSED', words: 'connection refused (nothing listens at localhost:80)' });
    assert.equal(connectionCause(new TypeError('terminated'), 'http://localhost/v1'), undefined);
  });

  it('retries the same causes once the endpoint has answered (a server restarting mid-run)', () => {
    const error = classifyError(undiciFailure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8000'), ctx, { ...never, endpointAnswered: true });
    assert.equal(error.unreachable, 'refused');
    assert.equal(error.retryable, true);
  });
});

describe('endpoint errors: the real client against loopback', function () {
  this.timeout(20_000);

  it('a closed port fails the first request at once: one attempt, no backoff, URL and cause in the message', async () => {
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const notes: string[] = [];
    const client = new LlmClient({ endpoint: { baseUrl, model: 'reasoner' }, log: (l) => notes.push(l) });
    const t0 = performance.now();
    const error = await rejection(client.complete({ prompt: 'Question: 2+2?\nAnswer:' }));
    const ms = performance.now() - t0;
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    assert.equal(error.kind, 'network');
    assert.equal(error.unreachable, 'refused');
    assert.equal(error.attempts, 1);
    assert.equal(error.baseUrl, baseUrl);
    assert.equal(error.summary.split('. ')[0], `cannot connect to ${baseUrl}: connection refused (nothing listens at 127.0.0.1:${port})`);
    assert.match(error.summary, /Select Endpoint and Model/);
    assert.deepEqual(notes.filter((n) => /retrying/.test(n)), [], 'nothing was retried');
  });

  it('https:// to a plain-http server is a TLS failure that suggests http://, also at once', async () => {
    const fake = await startFakeOpenAI({ requireKey: false });
    try {
      const client = new LlmClient({ endpoint: { baseUrl: fake.url.replace('http://', 'https://'), model: 'echo' } });
      const t0 = performance.now();
      const error = await rejection(client.complete({ prompt: 'hello' }));
      assert.ok(performance.now() - t0 < 1000);
      assert.equal(error.unreachable, 'tls');
      assert.equal(error.attempts, 1);
      assert.match(error.summary, /the server does not speak TLS there \(is it http:\/\/ rather than https:\/\/\?\)/);
    } finally {
      await fake.close();
    }
  });

  it('an endpoint that answered and then went away is retried, and a restart on the same port is ridden out', async () => {
    let fake: FakeOpenAI = await startFakeOpenAI({ requireKey: false });
    const { port, url } = fake;
    const notes: string[] = [];
    let restarted: Promise<FakeOpenAI> | undefined;
    const client = new LlmClient({
      endpoint: { baseUrl: url, model: 'echo' },
      retry: { baseDelayMs: 100, maxDelayMs: 200 },
      log: (line) => {
        notes.push(line);
        // After the first refused retry, the server comes back on its port.
        restarted ??= startFakeOpenAI({ requireKey: false, port });
      },
    });
    try {
      await client.complete({ prompt: 'first' });
      await fake.close();
      const second = await client.complete({ prompt: 'second' });
      assert.equal(second.samples.length, 1);
      assert.match(notes[0] ?? '', /attempt 1 failed, retrying in \d+ ms: network: cannot connect to .*connection refused/);
    } finally {
      if (restarted) fake = await restarted;
      await fake.close();
    }
  });

  it('gives up on an endpoint that answered and stays away only after maxAttempts', async () => {
    const fake = await startFakeOpenAI({ requireKey: false });
    const client = new LlmClient({ endpoint: { baseUrl: fake.url, model: 'echo' }, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 } });
    await client.complete({ prompt: 'first' });
    await fake.close();
    const error = await rejection(client.complete({ prompt: 'second' }));
    assert.equal(error.unreachable, 'refused');
    assert.equal(error.attempts, 3);
    assert.match(error.message, /after 3 attempts/);
  });
});

describe('endpoint errors: a stage against an absent endpoint', function () {
  this.timeout(20_000);
  let fx: Fixture;
  afterEach(async () => fx.close());

  it('stops asking within a second, records what failed, says the URL and the cause, and a rerun resumes once the server is up', async () => {
    fx = await makeFixture({ questions: 60 });
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const runId = await createRun(fx.config({ reasoner: fx.model('reasoner', { baseUrl }) }));
    const t0 = performance.now();
    const { stages } = await runStages(fx.dir, runId, ['sample', 'correct'], { apiKeys: { reasoner: KEY, corrector: KEY } });
    const ms = performance.now() - t0;
    const sample = stages.sample;
    assert.ok(sample);
    assert.ok(ms < 1000, `the stage took ${ms.toFixed(0)} ms`);
    assert.equal(sample.state, 'failed');
    assert.equal(stages.correct, undefined, 'the run stops: the next stage would have nothing to work on');
    assert.deepEqual(sample.firstFailure, {
      kind: 'network',
      message: `cannot connect to ${baseUrl}: connection refused (nothing listens at 127.0.0.1:${port}). Check the base URL (VS Code: Mistakebook: Select Endpoint and Model; CLI: --base-url) and that the server is running.`,
      url: baseUrl,
      unreachable: 'refused',
    });
    assert.ok(sample.message?.startsWith(`cannot connect to ${baseUrl}: connection refused`), sample.message);
    const rows = readFileSync(join(fx.dir, '.mistakebook/runs', runId, 'errors.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ErrorRecord);
    // The requests already on their way failed and are recorded; the rest were never sent.
    assert.equal(rows.length, sample.errors);
    assert.ok(rows.length >= 1 && rows.length <= 16, `${rows.length} rows`);
    assert.ok(rows.every((r) => r.kind === 'network' && r.message.includes(`POST ${baseUrl}/`)));
    assert.match(sample.message ?? '', new RegExp(`The stage stopped: ${rows.length} requests? failed \\(see errors\\.jsonl\\), ${60 - rows.length} items were not asked\\.$`));

    const up = await startFakeOpenAI({ apiKey: KEY, answerKey: fx.entries, port });
    try {
      const again = await runStages(fx.dir, runId, ['sample'], { apiKeys: { reasoner: KEY } });
      assert.equal(again.stages.sample?.state, 'done');
      assert.equal(again.stages.sample?.firstFailure, undefined);
    } finally {
      await up.close();
    }
  });

  it('a stage whose requests partly fail names the first failure in its result', async () => {
    fx = await makeFixture({ questions: 4 });
    fx.fake.injectFault({ kind: 'bad_request' }, { first: 1 });
    const runId = await createRun(fx.config());
    const { stages } = await runStages(fx.dir, runId, ['sample'], { apiKeys: { reasoner: KEY } });
    assert.equal(stages.sample?.state, 'failed');
    assert.equal(stages.sample?.firstFailure?.kind, 'bad_request');
    assert.equal(stages.sample?.firstFailure?.url, fx.fake.url);
    assert.match(stages.sample?.message ?? '', /^1 item failed \(bad_request 1\); .* The first failure: 400 Unsupported value for this model/);
  });
});

describe('endpoint check (GET /models) for Select Endpoint and Model', function () {
  this.timeout(20_000);
  let fake: FakeOpenAI;
  beforeEach(async () => {
    fake = await startFakeOpenAI({ apiKey: KEY });
  });
  afterEach(async () => fake.close());

  it('lists the models of an endpoint that answers', async () => {
    assert.deepEqual(await checkEndpoint({ baseUrl: fake.url, apiKey: KEY }), { ok: true, models: ['corrector', 'echo', 'reasoner'] });
  });

  it('says refused, a missing key, a wrong key and a wrong path in words, without the key', async () => {
    const port = await closedPort();
    assert.deepEqual(await checkEndpoint({ baseUrl: `http://127.0.0.1:${port}/v1` }), {
      ok: false,
      problem: 'refused',
      message: `cannot connect to http://127.0.0.1:${port}/v1: connection refused (nothing listens at 127.0.0.1:${port})`,
    });
    assert.deepEqual(await checkEndpoint({ baseUrl: fake.url }), { ok: false, problem: 'auth', status: 401, message: `${fake.url} needs an API key (401)` });
    const wrong = 'sk-wrong-SECRET-1234567890abcdef';
    const refused = await checkEndpoint({ baseUrl: fake.url, apiKey: wrong });
    assert.deepEqual(refused, { ok: false, problem: 'auth', status: 401, message: `${fake.url} refused the API key set for it (401)` });
    const noV1 = await checkEndpoint({ baseUrl: fake.url.replace(/\/v1$/, '/'), apiKey: KEY });
    assert.equal(noV1.ok, false);
    assert.ok(!noV1.ok && noV1.problem === 'not_found');
    assert.match(!noV1.ok ? noV1.message : '', /\/models was not found \(404\): the base URL may be wrong \(it usually ends in \/v1\)/);
  });

  it('gives up after its short timeout, and calls a non-list answer not OpenAI-compatible', async () => {
    const hang = fake.injectFault({ kind: 'hang' });
    const t0 = performance.now();
    const slow = await checkEndpoint({ baseUrl: fake.url, apiKey: KEY, timeoutMs: 300 });
    assert.ok(performance.now() - t0 < 2000);
    assert.deepEqual(slow, { ok: false, problem: 'timeout', message: `${fake.url} did not answer GET /models within 0.3 s: the server may be down, busy or behind a firewall` });
    hang.active = false;
    fake.injectFault({ kind: 'non_json' });
    const html = await checkEndpoint({ baseUrl: fake.url, apiKey: KEY });
    assert.ok(!html.ok && html.problem === 'not_openai', JSON.stringify(html));
  });

  it('an endpoint that lists nothing is fine: an empty list', async () => {
    const server: Server = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"object":"list","data":[]}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      assert.deepEqual(await checkEndpoint({ baseUrl: `http://127.0.0.1:${port}/v1` }), { ok: true, models: [] });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
