import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegradeChange } from '../../../src/core/pipeline';
import type { VerdictExplanation } from '../../../src/core/task';
import { staleRun } from '../pipeline/staleRun';
import { useTempDir } from '../store/workspace';
import { run } from './capture';

describe('mistakebook grade --explain', () => {
  const tmp = useTempDir();

  it('adds what was read from each side, by which rule, and the rule that decided', async () => {
    const input = join(tmp.dir(), 'in.jsonl');
    const lines = [
      { completion: 'So the total is $\\$4.50$.', gold: '4.5' },
      { completion: 'The solutions are $\\{2, 5\\}$', gold: '2; 5' },
      { completion: 'Thus $x \\geq 3$', gold: '[3, \\infty)' },
      { completion: 'Rounding gives 0.333', gold: '\\frac{1}{3}' },
      { completion: 'I could not finish.', gold: '7' },
    ];
    writeFileSync(input, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const ran = await run('grade', '--task', 'math', '--input', input, '--explain');
    assert.equal(ran.code, 0, ran.stderr);
    const out = ran.stdout.trim().split('\n').map((l) => JSON.parse(l) as { correct: boolean; explanation: VerdictExplanation; why: string });
    assert.deepEqual(
      out.map((o) => [o.correct, o.explanation.predicted.rule, o.explanation.rule]),
      [
        [true, 'last math', 'same number'],
        [true, 'last math', 'same set'],
        [true, 'last math', 'same interval'],
        [false, 'last number', 'different numbers'],
        [false, 'no answer found', 'no answer found'],
      ],
    );
    assert.equal(out[0]?.explanation.predicted.text, '\\$4.50');
    assert.equal(out[0]?.explanation.gold.text, '4.5');
    assert.match(out[3]?.why ?? '', /^wrong: different numbers — answer "0\.333" \(last number\) vs gold "\\\\frac\{1\}\{3\}"/);
    assert.match(ran.stderr, /accuracy 60\.00%: 3 of 5 correct; 1 wrong for giving no answer/);
  });

  it('explains GSM8K and multiple-choice verdicts too, and leaves lines without --explain as they were', async () => {
    const input = join(tmp.dir(), 'in.jsonl');
    writeFileSync(input, `${JSON.stringify({ completion: 'The answer is not 5, it is 6.', gold: '6' })}\n${JSON.stringify({ completion: 'The answer is 5 and 7.', gold: '5' })}\n`);
    const explained = await run('grade', '--task', 'gsm8k', '--input', input, '--explain');
    const rules = explained.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { explanation: VerdictExplanation }).explanation.rule);
    assert.deepEqual(rules, ['same number', 'several numbers given (a hedge matches no single answer)']);
    const plain = await run('grade', '--task', 'gsm8k', '--input', input);
    assert.deepEqual(JSON.parse(plain.stdout.split('\n')[0] ?? ''), { completion: 'The answer is not 5, it is 6.', gold: '6', answer: '6', correct: true });

    const mc = join(tmp.dir(), 'mc.jsonl');
    writeFileSync(mc, `${JSON.stringify({ completion: 'The answer is (B).', gold: 'bank', candidates: ['park', 'bank'] })}\n`);
    const choice = await run('grade', '--task', 'mc', '--input', mc, '--explain');
    assert.equal((JSON.parse(choice.stdout) as { explanation: VerdictExplanation }).explanation.rule, 'same candidate (B)');
  });
});

describe('mistakebook run regrade', () => {
  const tmp = useTempDir();

  it('recomputes stale verdicts without a model, and the stats pick them up; a rerun writes nothing', async () => {
    const id = await staleRun(tmp.dir());
    const before = await run('stats', '--workspace', tmp.dir());
    assert.match(before.stdout, /66\.7%\s+2\/3 paths/);
    assert.match(before.stdout, /c · p\s+0\.0%\s+0\/1/);

    const ran = await run('run', 'regrade', '--run', id, '--workspace', tmp.dir());
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /regraded with math-2/);
    assert.match(ran.stdout, /paths: 2 of 3 rows changed \(1 now correct, 1 no longer correct, 0 answer only\)/);
    assert.match(ran.stdout, /corrections: 1 of 1 rows changed \(1 now verified/);
    assert.match(ran.stdout, /regrade\.jsonl/);
    const log = readFileSync(join(tmp.dir(), '.mistakebook', 'runs', id, 'regrade.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RegradeChange);
    assert.equal(log.length, 3);
    assert.equal(log[0]?.explanation.rule, 'same number');

    const after = await run('stats', '--workspace', tmp.dir());
    assert.match(after.stdout, /66\.7%\s+2\/3 paths/, 'one path turned right and one wrong');
    assert.match(after.stdout, /c · p\s+100\.0%\s+1\/1/, 'the correction is verified now');
    const status = await run('run', 'status', id, '--workspace', tmp.dir());
    assert.match(status.stdout, /paths 3, mistakes 1/);

    const again = await run('regrade', id, '--workspace', tmp.dir(), '--json');
    assert.equal(again.code, 0, again.stderr);
    const summary = JSON.parse(again.stdout) as { wrote: boolean; previousChecker: string; tables: Record<string, { changed: number }> };
    assert.equal(summary.wrote, false);
    assert.equal(summary.previousChecker, 'math-2');
    assert.deepEqual(Object.values(summary.tables).map((t) => t.changed), [0, 0, 0]);
  });

  it('needs a run id, and names an unknown run', async () => {
    const missing = await run('run', 'regrade', '--workspace', tmp.dir());
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing --run ID/);
    const unknown = await run('run', 'regrade', '--run', 'nope', '--workspace', tmp.dir());
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /run\.json/);
  });
});
