import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../src/core/diagnostic';
import { parsePrompt } from '../../../src/core/fewshot';

const FIXTURES = join(__dirname, '../../fixtures/prompts');

/** [line, column, severity] of each diagnostic, plus the messages for pattern checks. */
function found(text: string, file = 'p.fewshot.txt'): { where: Array<[number, number | undefined, Diagnostic['severity']]>; messages: string[] } {
  const { diagnostics } = parsePrompt(text, file);
  for (const d of diagnostics) assert.equal(d.file, file);
  return { where: diagnostics.map((d) => [d.line, d.column, d.severity]), messages: diagnostics.map((d) => d.message) };
}

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A valid one-example prompt; tests break one thing in it. Lines are numbered in the comments. */
const GOOD = [
  'Fix the first wrong step.', // 1
  '', // 2
  'Question: Sam has 4 boxes of 6 eggs. How many eggs does he have?', // 3
  'Original Solution:', // 4
  '{', // 5
  'Step 1: Sam has 4 + 6 = 10 eggs.', // 6
  'Step 2: The answer is 10.', // 7
  '}', // 8
  'Incorrect Step: Step 1.', // 9
  'Explanation: Four boxes of 6 eggs is 4 times 6.', // 10
  'Correct Solution:', // 11
  '{', // 12
  'Step 1: Sam has 4 * 6 = 24 eggs.', // 13
  'Step 2: The answer is 24.', // 14
  '}', // 15
  '',
].join('\n');

function edit(from: string, to: string): string {
  assert.ok(GOOD.includes(from), `test setup: ${from} not in GOOD`);
  return GOOD.replace(from, to);
}

describe('prompt diagnostics', () => {
  it('a valid prompt has none', () => {
    assert.deepEqual(found(GOOD).where, []);
  });

  it('missing section inside an example: at the label that came instead', () => {
    const r = found(fixture('bad-missing-section.fewshot.txt'));
    assert.deepEqual(r.where, [[10, 1, 'error']]);
    assert.match(r.messages[0] ?? '', /missing 'Explanation:' before 'Correct Solution:'/);
  });

  it('missing section at the end of an example: at its last line', () => {
    const r = found(GOOD.replace(/Correct Solution:[\s\S]*$/, ''));
    assert.deepEqual(r.where, [[10, 1, 'error']]);
    assert.match(r.messages[0] ?? '', /ends without 'Correct Solution:'; add it after 'Explanation:'/);
  });

  it('missing Question: an example that starts with a later label', () => {
    const text = `${GOOD}\nOriginal Solution:\n{\nStep 1: x\n}\nIncorrect Step: Step 1.\nExplanation: e\nCorrect Solution:\n{\nStep 1: y\n}\n`;
    const r = found(text);
    assert.deepEqual(r.where, [[17, 1, 'error']]);
    assert.match(r.messages[0] ?? '', /missing 'Question:' before 'Original Solution:'/);
  });

  it("unbalanced braces: a '{' never closed, at the brace", () => {
    const r = found(fixture('bad-unclosed-brace.fewshot.txt'));
    assert.deepEqual(r.where, [[5, 1, 'error']]);
    assert.match(r.messages[0] ?? '', /never closed/);
  });

  it("unbalanced braces: a '{' on the label line never closed, at its column", () => {
    const r = found(edit('Correct Solution:\n{\n', 'Correct Solution: {\n').replace(/\}\n$/, ''));
    assert.deepEqual(r.where, [[11, 19, 'error']]);
  });

  it("unbalanced braces: a '}' that closes nothing, at its column", () => {
    const r = found(fixture('bad-stray-brace.fewshot.txt'));
    assert.deepEqual(r.where, [[10, 3, 'error']]);
    assert.match(r.messages[0] ?? '', /closes no block/);
  });

  it("unbalanced braces: a '{' where no block may open", () => {
    const r = found(edit('Explanation: Four boxes of 6 eggs is 4 times 6.', 'Explanation: Four boxes of 6 eggs is 4 times 6.\n{'));
    assert.deepEqual(r.where, [[11, 1, 'error']]);
  });

  it('an incorrect step the original solution does not have: at the number', () => {
    const r = found(fixture('bad-step-out-of-range.fewshot.txt'));
    assert.deepEqual(r.where, [[9, 22, 'error']]);
    assert.match(r.messages[0] ?? '', /Step 7' but the original solution has Steps 1–2/);
  });

  it("an incorrect step that is not written 'Step k.'", () => {
    const r = found(edit('Incorrect Step: Step 1.', 'Incorrect Step: the first one'));
    assert.deepEqual(r.where, [[9, 17, 'error']]);
  });

  it('a corrected solution that does not start at the incorrect step: at its first step', () => {
    const r = found(fixture('bad-wrong-start.fewshot.txt'));
    assert.deepEqual(r.where, [[14, 1, 'error']]);
    assert.match(r.messages[0] ?? '', /must start at the incorrect step: write 'Step 2:' here, not 'Step 1:'/);
  });

  it('steps not numbered 1..n: at the step out of order, in either solution', () => {
    assert.deepEqual(found(fixture('bad-numbering.fewshot.txt')).where, [[7, 1, 'error']]);
    const r = found(edit('Step 2: The answer is 24.', 'Step 4: The answer is 24.'));
    assert.deepEqual(r.where, [[14, 1, 'error']]);
    assert.match(r.messages[0] ?? '', /expected 'Step 2:' here, found 'Step 4:'/);
  });

  it('a solution line before the first step', () => {
    assert.deepEqual(found(edit('{\nStep 1: Sam has 4 + 6', '{\nLet us count.\nStep 1: Sam has 4 + 6')).where, [[6, 1, 'error']]);
  });

  it('no example at all: at 1:1, also for an empty file', () => {
    const r = found(fixture('bad-no-example.fewshot.txt'));
    assert.deepEqual(r.where, [[1, 1, 'error']]);
    assert.match(r.messages[0] ?? '', /no example found/);
    assert.deepEqual(found(fixture('empty.fewshot.txt')).where, [[1, 1, 'error']]);
  });

  it('an unknown label: a warning at the label', () => {
    const r = found(fixture('bad-unknown-label.fewshot.txt'));
    assert.deepEqual(r.where, [[11, 1, 'warning']]);
    assert.match(r.messages[0] ?? '', /unknown label 'Hint:'/);
    // The line still belongs to the explanation: the corrector sees it there.
    const e = parsePrompt(fixture('bad-unknown-label.fewshot.txt')).examples[0];
    assert.ok(e?.format === 'steps' && e.explanation.endsWith('Hint: multiply, do not add.'));
  });

  it('a label of the other layout', () => {
    const r = found(edit('Explanation: Four', 'Mistakes: Four'));
    assert.deepEqual(r.where, [
      [10, 1, 'error'],
      [11, 1, 'error'],
    ]);
    assert.match(r.messages[0] ?? '', /'Mistakes:' belongs to the multiple-choice layout, but this file uses the step layout \(line 4\)/);
    assert.match(r.messages[1] ?? '', /missing 'Explanation:'/);
  });

  it('a label written twice in one example', () => {
    const r = found(edit('Explanation: Four', 'Explanation: Four\nExplanation: again'));
    assert.deepEqual(r.where, [[11, 1, 'error']]);
    assert.match(r.messages[0] ?? '', /a second 'Explanation:'/);
  });

  it('a label in other letter case: read, with a warning', () => {
    const r = found(edit('Incorrect Step:', 'incorrect step:'));
    assert.deepEqual(r.where, [[9, 1, 'warning']]);
    assert.equal(parsePrompt(edit('Incorrect Step:', 'incorrect step:')).examples[0]?.sections[2]?.name, 'incorrectStep');
  });

  it("'...' missing before a later incorrect step; '...' before Step 1 is LEMA's own layout, no warning", () => {
    const later = GOOD.replace('Incorrect Step: Step 1.', 'Incorrect Step: Step 2.').replace('Step 1: Sam has 4 * 6 = 24 eggs.\nStep 2: The answer is 24.', 'Step 2: The answer is 24.');
    assert.deepEqual(found(later).where, [[13, 1, 'warning']]);
    assert.deepEqual(found(edit('{\nStep 1: Sam has 4 * 6', '{\n...\nStep 1: Sam has 4 * 6')).where, []);
    assert.deepEqual(found(edit('Step 2: The answer is 10.', '...\nStep 2: The answer is 10.')).where, [[7, 1, 'error']]);
  });

  it("text after a block's closing brace", () => {
    assert.deepEqual(found(edit('Step 2: The answer is 10.\n}', 'Step 2: The answer is 10.\n}\nstray words')).where, [[9, 1, 'warning']]);
  });

  it("text after an inline block's closing brace, on the same line", () => {
    const text = 'Fix.\n\nQuestion: q\nCandidate Answers: (A) a (B) b\nOriginal Answer: {The answer is (A).} really\nMistakes: m\nCorrected Answer: {The answer is (B).}\n';
    assert.deepEqual(found(text).where, [[5, 39, 'warning']]);
  });

  it('an empty section', () => {
    const r = found(edit('Explanation: Four boxes of 6 eggs is 4 times 6.', 'Explanation:'));
    assert.deepEqual(r.where, [[10, 1, 'error']]);
    assert.match(r.messages[0] ?? '', /'Explanation:' is empty/);
  });

  it('columns after a byte-order mark count as the editor shows them', () => {
    const r = found(`\uFEFF${GOOD.replace('Step 2: The answer is 10.', 'Step 3: The answer is 10.')}`);
    assert.deepEqual(r.where, [[7, 1, 'error']]);
    const label = found('\uFEFF  Original Solution:\n{\nStep 1: x\n}\n');
    assert.equal(label.where[0]?.[1], 3);
  });

  it('is sorted by position', () => {
    const text = edit('Step 2: The answer is 10.', 'Step 3: The answer is 10.').replace('Explanation: Four', 'Hint: x\nExplanation: Four');
    const lines = parsePrompt(text).diagnostics.map((d) => d.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  });
});
