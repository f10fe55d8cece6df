import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from '../../../test/fake-openai/server';
import { countTokens } from '../../../test/fake-openai/tokens';

const ROOT = join(__dirname, '../../..');
const QUESTION = 'Mara picks 12 apples on Monday and twice as many on Tuesday. How many apples does she pick in total?';

describe('fake-openai server through the openai client', function () {
  this.timeout(10_000);
  let server: FakeOpenAI;
  let client: OpenAI;

  beforeEach(async () => {
    server = await startFakeOpenAI({
      answerKey: [{ question: QUESTION, goldAnswer: '36', goldSolution: 'On Tuesday she picks 12*2 = 24.\nIn total 12+24 = 36.' }],
    });
    client = new OpenAI({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 });
  });
  afterEach(() => server.close());

  it('listens on 127.0.0.1 at a free port, with a base URL ending /v1, and lists its models', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.ok(server.port > 0);
    const models = await client.models.list();
    assert.deepEqual(models.data.map((m) => m.id).sort(), ['corrector', 'echo', 'reasoner']);
  });

  it('answers chat completions with n choices and a token usage that adds up', async () => {
    const r = await client.chat.completions.create({ model: 'echo', n: 3, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say this back.' }] });
    assert.equal(r.object, 'chat.completion');
    assert.deepEqual(r.choices.map((c) => [c.index, c.message.content, c.finish_reason]), [0, 1, 2].map((i) => [i, 'Say this back.', 'stop']));
    assert.equal(r.usage?.completion_tokens, 3 * countTokens('Say this back.'));
    assert.equal(r.usage?.prompt_tokens, countTokens('Be brief.') + countTokens('Say this back.') + 3 * 2 + 3);
    assert.equal(r.usage?.total_tokens, (r.usage?.prompt_tokens ?? 0) + (r.usage?.completion_tokens ?? 0));
  });

  it('answers legacy completions, one set of n choices per prompt, cut by max_tokens and stop', async () => {
    const r = await client.completions.create({ model: 'echo', prompt: ['alpha beta gamma', 'one two three four'], n: 2, max_tokens: 3, stop: ['gamma'] });
    assert.equal(r.object, 'text_completion');
    assert.deepEqual(r.choices.map((c) => [c.index, c.text, c.finish_reason]), [
      [0, 'alpha beta ', 'stop'],
      [1, 'alpha beta ', 'stop'],
      [2, 'one two three ', 'length'],
      [3, 'one two three ', 'length'],
    ]);
    const brief = await client.completions.create({ model: 'echo', prompt: Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ') });
    assert.equal(brief.choices[0]?.finish_reason, 'length', 'legacy completions default to 16 tokens, as OpenAI does');
  });

  it('samples differently on repeats unless seeded or greedy', async () => {
    const prompt = `Question: ${QUESTION}\nAnswer:`;
    const ask = async (extra: object): Promise<string[]> =>
      (await client.completions.create({ model: 'reasoner', prompt, n: 8, max_tokens: 200, ...extra })).choices.map((c) => c.text);
    const [a, b] = [await ask({}), await ask({})];
    assert.notDeepEqual(a, b);
    assert.deepEqual(await ask({ seed: 7 }), await ask({ seed: 7 }));
    const greedy = await ask({ temperature: 0 });
    assert.equal(new Set(greedy).size, 1);
    assert.ok([...a, ...b].every((t) => /The answer is \d+\.$/.test(t)));
  });

  it('rejects a wrong or missing key with an OpenAI-shaped 401', async () => {
    const wrong = new OpenAI({ baseURL: server.url, apiKey: 'sk-wrong', maxRetries: 0 });
    await assert.rejects(wrong.models.list(), (e: unknown) => e instanceof OpenAI.AuthenticationError && e.status === 401 && e.code === 'invalid_api_key');
    const res = await fetch(`${server.url}/models`);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { message: string; type: string; code: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.code, 'missing_api_key');
  });

  it('sends 429 with Retry-After, which the SDK waits for before its retry succeeds', async () => {
    const rule = server.injectFault({ kind: 'rate_limit', retryAfterSeconds: 1 }, { first: 1 });
    const retrying = new OpenAI({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 2 });
    const started = performance.now();
    const r = await retrying.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'hi' }] });
    const waited = performance.now() - started;
    assert.equal(r.choices[0]?.message.content, 'hi');
    assert.ok(waited >= 950, `waited ${waited} ms`);
    assert.deepEqual(server.requests.map((q) => [q.status, q.fault]), [[429, 'rate_limit'], [200, undefined]]);
    assert.equal(server.requests[0]?.bodyHash, server.requests[1]?.bodyHash);
    assert.equal(rule.hits, 1);
  });

  it('honours retry-after-ms over Retry-After when both are sent', async () => {
    server.injectFault({ kind: 'rate_limit', retryAfterSeconds: 5, retryAfterMs: 120 }, { first: 1 });
    const retrying = new OpenAI({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 1 });
    const started = performance.now();
    await retrying.models.list();
    const waited = performance.now() - started;
    assert.ok(waited >= 110 && waited < 2000, `waited ${waited} ms`);
  });

  it('fails with 500 and 503 as server errors', async () => {
    server.injectFault({ kind: 'server_error' }, { first: 1 });
    await assert.rejects(client.models.list(), (e: unknown) => e instanceof OpenAI.InternalServerError && e.status === 500);
    server.injectFault({ kind: 'unavailable', retryAfterSeconds: 2 }, { first: 1 });
    await assert.rejects(client.models.list(), (e: unknown) => e instanceof OpenAI.APIError && e.status === 503 && e.headers?.get('retry-after') === '2');
    await client.models.list();
  });

  it('hangs until the client times out, resets connections, and sends truncated or non-JSON bodies', async () => {
    server.injectFault({ kind: 'hang' }, { first: 1 });
    await assert.rejects(client.models.list({ timeout: 150 }), OpenAI.APIConnectionTimeoutError);
    server.injectFault({ kind: 'reset' }, { first: 1 });
    await assert.rejects(client.models.list(), OpenAI.APIConnectionError);
    server.injectFault({ kind: 'truncated' }, { first: 1 });
    await assert.rejects(client.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'hi' }] }));
    server.injectFault({ kind: 'non_json' }, { first: 1 });
    await assert.rejects(client.models.list(), SyntaxError);
    assert.deepEqual(server.requests.map((r) => r.fault), ['hang', 'reset', 'truncated', 'non_json']);
  });

  it('schedules faults on every k-th request and only for a given model', async () => {
    server.injectFault({ kind: 'server_error' }, { every: 3, model: 'echo' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(await client.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: `m${i}` }] }).then(() => 200, (e: InstanceType<typeof OpenAI.APIError>) => e.status ?? 0));
    }
    assert.deepEqual(statuses, [200, 200, 500, 200, 200, 500]);
    await client.chat.completions.create({ model: 'reasoner', messages: [{ role: 'user', content: 'x' }] });
    server.clearFaults();
    await client.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: 'm6' }] });
  });

  it('takes faults from a header or a model-name suffix, for child processes', async () => {
    const viaHeader = new OpenAI({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0, defaultHeaders: { 'x-fake-fault': '500;first=1' } });
    await assert.rejects(viaHeader.models.list(), OpenAI.InternalServerError);
    await viaHeader.models.list();
    const ask = (): Promise<unknown> => client.chat.completions.create({ model: 'echo#429;retry-after=3;first=2', messages: [{ role: 'user', content: 'x' }] });
    await assert.rejects(ask(), (e: unknown) => e instanceof OpenAI.RateLimitError && e.headers.get('retry-after') === '3');
    await assert.rejects(ask(), OpenAI.RateLimitError);
    const r = (await ask()) as OpenAI.ChatCompletion;
    assert.equal(r.model, 'echo');
    assert.equal(server.requests[server.requests.length - 1]?.model, 'echo');
    await assert.rejects(client.chat.completions.create({ model: 'echo#explode', messages: [{ role: 'user', content: 'x' }] }), /unknown fault "explode"/);
  });

  it('adds latency and logs each request with its model and body hash, and the most in flight', async () => {
    server.injectFault({ kind: 'latency', ms: 60 });
    const started = performance.now();
    await Promise.all([0, 1, 2, 3].map((i) => client.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: `q${i}` }] })));
    assert.ok(performance.now() - started >= 55);
    assert.equal(server.maxInFlight, 4);
    assert.equal(server.inFlight, 0);
    assert.equal(server.requests.length, 4);
    assert.equal(new Set(server.requests.map((r) => r.bodyHash)).size, 4);
    assert.ok(server.requests.every((r) => r.method === 'POST' && r.path === '/v1/chat/completions' && r.model === 'echo' && /^[0-9a-f]{64}$/.test(r.bodyHash)));
    server.resetLog();
    assert.equal(server.requests.length, 0);
  });

  it('reports unknown models, and models that ignore or reject n > 1', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'x' }] }), OpenAI.NotFoundError);
    server.setScript('llama-cpp', () => 'one', { n: 'ignore' });
    server.setScript('strict', () => 'one', { n: 'reject' });
    const ignored = await client.completions.create({ model: 'llama-cpp', prompt: 'p', n: 4 });
    assert.equal(ignored.choices.length, 1);
    await assert.rejects(client.completions.create({ model: 'strict', prompt: 'p', n: 4 }), (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'n');
    server.setScript('raw', () => ({ status: 418, body: { error: { message: 'teapot', type: 'x' } } }));
    await assert.rejects(client.completions.create({ model: 'raw', prompt: 'p' }), (e: unknown) => e instanceof OpenAI.APIError && e.status === 418);
  });

  it('runs as a process that prints its URL and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fake-openai/main.ts'), '--port', '0', '--answer-key', join(ROOT, 'test/fake-openai/answer-key.sample.jsonl'), '--api-key', 'sk-child'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', () => reject(new Error('fake-openai exited before printing its URL')));
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const viaChild = new OpenAI({ baseURL: url, apiKey: 'sk-child', maxRetries: 0 });
      const r = await viaChild.chat.completions.create({ model: 'reasoner', temperature: 0, messages: [{ role: 'user', content: `Question: ${QUESTION}\nAnswer:` }] });
      assert.match(r.choices[0]?.message.content ?? '', /The answer is \d+\.$/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });
});
