/**
 * Issue 8, faults: 10,000 requests through the model client against test/fake-openai while it
 * answers 429 (with Retry-After), 500, 503, hangs, resets the connection, cuts bodies short and
 * sends HTML, and while the "corrector" answers in the wrong format half the time it answers at
 * all. Every request ends exactly once — in samples or in a classified LlmError — none is sent
 * again after it succeeded, and the server's log agrees with each outcome.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { parseCorrection } from '../../src/core/correction';
import { LlmClient } from '../../src/core/llm/client';
import { LlmError, type LlmErrorKind } from '../../src/core/llm/errors';
import { wireBody } from '../../src/core/llm/wire';
import type { Fault } from '../fake-openai/faults';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

const REQUESTS = 10_000;
const MAX_ATTEMPTS = 3;
const TIMEOUT_MS = 2000;
const MODEL = 'sloppy-corrector';

/** What each fault must be classified as once it is the last straw. */
const KIND_OF_FAULT: Readonly<Record<Exclude<Fault['kind'], 'latency'>, readonly LlmErrorKind[]>> = {
  rate_limit: ['rate_limit'],
  bad_request: ['bad_request'],
  server_error: ['server'],
  unavailable: ['server'],
  hang: ['timeout'],
  reset: ['network'],
  // A body cut short surfaces as a dropped connection or as JSON that does not parse, depending on timing.
  truncated: ['network', 'malformed_response'],
  non_json: ['malformed_response'],
};

/**
 * The corrector's reply to request i: a proper correction naming i, or one of four wrong formats.
 * Request i's prompt is `Request i`; the reply names i so a crossed wire would show.
 */
function reply(i: number): string {
  switch (i % 8) {
    case 1:
      return `I think request ${i} is fine as it is.`;
    case 3:
      return `Incorrect Step: the second one\nExplanation: request ${i}\nCorrect Solution: {\nStep 2: 4}`;
    case 5:
      return `Incorrect Step: Step 2.\nCorrect Solution: {\n...\nStep 2: request ${i}\n}`;
    case 7:
      return `Incorrect Step: Step 9.\nExplanation: request ${i}\nCorrect Solution:\n{\n...\nStep 9: 4\n}`;
    default:
      return `Incorrect Step: Step 2.\nExplanation: request ${i} adds instead of multiplying.\nCorrect Solution:\n{\n...\nStep 2: 2 * 2 = 4.\nStep 3: The answer is 4.\n}`;
  }
}

function bodyHash(i: number): string {
  // The SDK sends JSON.stringify of the body, so the server's hash of what it read is this one.
  return createHash('sha256').update(JSON.stringify(wireBody('chat', MODEL, { prompt: `Request ${i}` }, 1, undefined))).digest('hex');
}

describe('hardening: faults (10,000 requests through LlmClient)', function () {
  this.timeout(120_000);
  let fake: FakeOpenAI;
  before(async () => {
    fake = await startFakeOpenAI({
      scripts: {
        [MODEL]: (request) => {
          const i = Number(/Request (\d+)/.exec(request.prompt)?.[1] ?? -1);
          return reply(i);
        },
      },
    });
  });
  after(async () => {
    await fake.close();
  });

  it('loses none, repeats none, and classifies every failure as its last fault', async () => {
    // Rates are coprime so the faults interleave; together about 4 attempts in 10 fail.
    const rules = [
      fake.injectFault({ kind: 'rate_limit', retryAfterSeconds: 1, retryAfterMs: 2 }, { every: 7 }),
      fake.injectFault({ kind: 'server_error' }, { every: 11 }),
      fake.injectFault({ kind: 'unavailable' }, { every: 13 }),
      fake.injectFault({ kind: 'reset' }, { every: 17 }),
      fake.injectFault({ kind: 'truncated' }, { every: 19 }),
      fake.injectFault({ kind: 'non_json' }, { every: 23 }),
      fake.injectFault({ kind: 'hang' }, { every: 499 }),
    ];
    const notes: string[] = [];
    const client = new LlmClient({
      endpoint: { baseUrl: fake.url, apiKey: fake.apiKey, model: MODEL },
      maxConcurrency: 32,
      timeoutMs: TIMEOUT_MS,
      retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 1000, rateLimitBudgetMs: 0 },
      random: () => 0.5,
      log: (line) => notes.push(line),
    });

    const settled = new Map<number, { text: string } | { error: unknown }>();
    let settledTwice = 0;
    const settle = (i: number, outcome: { text: string } | { error: unknown }): void => {
      if (settled.has(i)) settledTwice++;
      settled.set(i, outcome);
    };
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        client.complete({ prompt: `Request ${i}` }).then(
          (c) => settle(i, { text: c.samples.map((s) => s.text).join('\n') }),
          (error: unknown) => settle(i, { error }),
        ),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;

    // The server's view: every attempt of every request, by body.
    const attempts = new Map<string, { status?: number; fault?: string; receivedAt: number }[]>();
    for (const r of fake.requests) {
      const list = attempts.get(r.bodyHash) ?? [];
      list.push({ receivedAt: r.receivedAt, ...(r.status === undefined ? {} : { status: r.status }), ...(r.fault === undefined ? {} : { fault: r.fault }) });
      attempts.set(r.bodyHash, list);
    }

    let succeeded = 0;
    let unparseable = 0;
    /** Good answers the client had stopped waiting for (its timeout fired first): resending those is right. */
    let lateAnswers = 0;
    const failures = new Map<string, number>();
    for (let i = 0; i < REQUESTS; i++) {
      const outcome = settled.get(i);
      assert.ok(outcome, `request ${i} never settled (lost)`);
      const log = attempts.get(bodyHash(i));
      assert.ok(log && log.length >= 1, `request ${i} never reached the server`);
      assert.ok(log.length <= MAX_ATTEMPTS, `request ${i} was tried ${log.length} times`);
      // A good answer before the last try counts as late only if the next try came long after it (a timeout
      // later, give or take the server's own delays on a busy machine): a client that had received it would
      // have had no reason to ask again, and a buggy retry would follow within the backoff of a few ms.
      const good = (j: number): boolean => log[j]?.status === 200 && log[j]?.fault === undefined;
      for (let j = 0; j < log.length - 1; j++) {
        if (!good(j)) continue;
        const gap = (log[j + 1]?.receivedAt ?? 0) - (log[j]?.receivedAt ?? 0);
        assert.ok(gap >= TIMEOUT_MS / 2, `request ${i} was asked again ${gap.toFixed(0)} ms after the server answered it`);
        lateAnswers++;
      }
      if ('text' in outcome) {
        succeeded++;
        assert.equal(outcome.text, reply(i), `request ${i} got another request's answer`);
        assert.ok(good(log.length - 1), `request ${i} succeeded but its last try was not answered`);
        const parsed = parseCorrection(outcome.text, 'steps', 3);
        const wellFormed = i % 2 === 0;
        assert.equal(parsed.status, wellFormed ? 'parsed' : 'unparseable', `request ${i}: ${outcome.text}`);
        if (parsed.status === 'unparseable') {
          unparseable++;
          assert.equal(parsed.raw, outcome.text, 'an unparseable outcome keeps the raw text');
          assert.ok(parsed.reason.length > 0);
        }
      } else {
        const { error } = outcome;
        assert.ok(error instanceof LlmError, `request ${i} failed with an unclassified ${String(error)}`);
        assert.equal(log.length, MAX_ATTEMPTS, `request ${i} gave up after ${log.length} tries`);
        assert.equal(error.attempts, MAX_ATTEMPTS);
        const last = log.at(-1)?.fault as keyof typeof KIND_OF_FAULT | undefined;
        if (last === undefined) {
          // The server answered the last try, too late: that is a timeout.
          assert.ok(good(log.length - 1) && error.kind === 'timeout', `request ${i}: last try answered ${log.at(-1)?.status}, classified as ${error.kind}`);
          lateAnswers++;
        } else {
          assert.ok(KIND_OF_FAULT[last].includes(error.kind), `request ${i}: fault ${last} classified as ${error.kind}`);
        }
        assert.match(error.message, new RegExp(`^${error.kind}: .*\\(POST ${fake.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/chat/completions, model ${MODEL}.*after ${MAX_ATTEMPTS} attempts\\)`));
        assert.doesNotMatch(error.message, new RegExp(fake.apiKey));
        failures.set(error.kind, (failures.get(error.kind) ?? 0) + 1);
      }
    }
    assert.equal(settledTwice, 0, 'a request settled twice');
    assert.equal(settled.size, REQUESTS);
    // No attempt the client did not make: every body the server saw belongs to one of ours.
    assert.equal(attempts.size, REQUESTS);
    const failed = REQUESTS - succeeded;
    const faulted = fake.requests.filter((r) => r.fault !== undefined).length;
    // The suite only proves something if every kind of fault actually happened, and some requests gave up.
    for (const r of rules) assert.ok(r.hits > 0, `${r.fault.kind} never hit`);
    assert.ok(failed > 100, `only ${failed} requests failed for good`);
    for (const kind of ['rate_limit', 'server', 'network', 'malformed_response']) assert.ok((failures.get(kind) ?? 0) > 0, `no request failed as ${kind}`);
    assert.equal(client.usage.retries, fake.requests.length - REQUESTS);
    for (const line of notes) assert.doesNotMatch(line, new RegExp(fake.apiKey));
    // Hangs end in the client's timeout and are retried as such.
    assert.ok(notes.some((l) => l.includes(`timeout: No answer within ${TIMEOUT_MS} ms`)), 'no hang was classified as a timeout');
    console.log(
      `      ${REQUESTS} requests, ${fake.requests.length} attempts (${faulted} faulted) in ${seconds.toFixed(1)} s: ` +
        `${succeeded} answered (${unparseable} unparseable corrections), ${failed} failed — ` +
        [...failures].map(([k, n]) => `${k} ${n}`).join(', ') +
        `; lost 0, duplicates 0 (${lateAnswers} answers arrived after the client's timeout and were asked again)`,
    );
  });
});
