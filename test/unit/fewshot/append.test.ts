import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendExample, parsePrompt } from '../../../src/core/fewshot';
import type { StepsAnnotation } from '../../../src/core/fewshot';

const FIXTURES = join(__dirname, '../../fixtures/prompts');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const REVIEWED: StepsAnnotation = {
  question: 'Lee has 3 bags of 5 apples. He eats 2. How many apples are left?',
  originalSteps: ['Lee has 3 * 5 = 15 apples.', 'He eats 2, so 15 + 2 = 17 are left.', 'The answer is 17.'],
  incorrectStep: 2,
  explanation: 'Eating apples removes them, so 2 is subtracted.',
  correctedSteps: ['He eats 2, so 15 - 2 = 13 are left.', 'The answer is 13.'],
};

describe('appendExample', () => {
  it("appends in the file's braced layout, after one blank line, and the result parses cleanly", () => {
    const text = fixture('steps-lf.fewshot.txt');
    const out = appendExample(text, REVIEWED);
    assert.ok(out.startsWith(text));
    assert.equal(
      out.slice(text.length),
      [
        '',
        'Question: Lee has 3 bags of 5 apples. He eats 2. How many apples are left?',
        'Original Solution:',
        '{',
        'Step 1: Lee has 3 * 5 = 15 apples.',
        'Step 2: He eats 2, so 15 + 2 = 17 are left.',
        'Step 3: The answer is 17.',
        '}',
        'Incorrect Step: Step 2.',
        'Explanation: Eating apples removes them, so 2 is subtracted.',
        'Correct Solution:',
        '{',
        '...',
        'Step 2: He eats 2, so 15 - 2 = 13 are left.',
        'Step 3: The answer is 13.',
        '}',
        '',
      ].join('\n'),
    );
    const prompt = parsePrompt(out);
    assert.deepEqual(prompt.diagnostics, []);
    const added = prompt.examples[2];
    assert.ok(added?.format === 'steps');
    assert.deepEqual(
      { q: added.question, o: added.originalSteps, k: added.incorrectStep, e: added.explanation, c: added.correctedSteps },
      { q: REVIEWED.question, o: REVIEWED.originalSteps, k: 2, e: REVIEWED.explanation, c: REVIEWED.correctedSteps },
    );
  });

  it('keeps CRLF and the missing final newline of a CRLF file', () => {
    const text = fixture('steps-crlf.fewshot.txt');
    const out = appendExample(text, REVIEWED);
    assert.ok(out.startsWith(text));
    assert.ok(!out.endsWith('\n'));
    assert.ok(!/[^\r]\n/.test(out), 'every line ends in CRLF');
    assert.ok(out.slice(text.length).startsWith('\r\n\r\nQuestion: Lee has'));
    assert.equal(parsePrompt(out).diagnostics.length, 0);
    assert.equal(parsePrompt(out).examples.length, 3);
  });

  it('writes bare blocks and the label spelling the file uses; no "..." when Step 1 is wrong', () => {
    const out = appendExample(fixture('steps-bare.fewshot.txt'), {
      ...REVIEWED,
      incorrectStep: 1,
      correctedSteps: ['Lee has 3 * 5 = 15 apples.', 'He eats 2, so 15 - 2 = 13 are left.', 'The answer is 13.'],
    });
    assert.ok(out.endsWith('Incorrect Step: Step 1.\nExplanation: Eating apples removes them, so 2 is subtracted.\nCorrected Solution:\nStep 1: Lee has 3 * 5 = 15 apples.\nStep 2: He eats 2, so 15 - 2 = 13 are left.\nStep 3: The answer is 13.\n'));
    assert.ok(out.includes('\n\nQuestion: Lee has 3 bags'));
    assert.deepEqual(parsePrompt(out).diagnostics, []);
  });

  it('keeps the blank lines the file puts between examples, and only rewrites trailing blank lines', () => {
    const text = fixture('mixed-eol-bom.fewshot.txt');
    const out = appendExample(`${text}\n\n   \n`, REVIEWED);
    assert.ok(out.startsWith(text));
    assert.ok(out.slice(text.length).startsWith('\n\nQuestion: Lee has'));
    assert.deepEqual(parsePrompt(out).diagnostics, []);
  });

  it('drops steps the corrector restated before the incorrect one', () => {
    const out = appendExample(fixture('steps-lf.fewshot.txt'), { ...REVIEWED, correctedFrom: 1, correctedSteps: [REVIEWED.originalSteps[0] ?? '', ...REVIEWED.correctedSteps] });
    assert.equal(out, appendExample(fixture('steps-lf.fewshot.txt'), REVIEWED));
  });

  it('writes multi-line steps and explanations line by line', () => {
    const out = appendExample(fixture('steps-lf.fewshot.txt'), { ...REVIEWED, explanation: 'First line.\nSecond line.', correctedSteps: ['It is\n$$15 - 2 = 13.$$', 'The answer is 13.'] });
    const added = parsePrompt(out).examples[2];
    assert.ok(added?.format === 'steps');
    assert.equal(added.explanation, 'First line.\nSecond line.');
    assert.deepEqual(added.correctedSteps, ['It is\n$$15 - 2 = 13.$$', 'The answer is 13.']);
  });

  it('appends a multiple-choice example in inline braces', () => {
    const out = appendExample(fixture('mc.fewshot.txt'), {
      question: 'Where is a book kept?',
      candidates: ['oven', 'shelf', 'pond'],
      originalAnswer: 'Books are warm. The answer is (A).',
      mistakes: 'Books are not cooked.',
      correctedAnswer: 'Books stand on a shelf. The answer is (B).',
    });
    assert.ok(
      out.endsWith(
        '\n\nQuestion: Where is a book kept?\nCandidate Answers: (A) oven (B) shelf (C) pond\nOriginal Answer: {Books are warm. The answer is (A).}\nMistakes: Books are not cooked.\nCorrected Answer: {Books stand on a shelf. The answer is (B).}\n',
      ),
    );
    const prompt = parsePrompt(out);
    assert.deepEqual(prompt.diagnostics, []);
    assert.equal(prompt.examples.length, 3);
  });

  it('starts an empty file with the example itself, in the braced layout', () => {
    const out = appendExample('', REVIEWED);
    assert.ok(out.startsWith('Question: Lee has'));
    assert.ok(out.includes('Original Solution:\n{\nStep 1:'));
    assert.equal(parsePrompt(out).examples.length, 1);
  });

  it('refuses an example that does not fit the file, saying why', () => {
    assert.throws(() => appendExample(fixture('steps-lf.fewshot.txt'), { ...REVIEWED, incorrectStep: 4 }, 'a.fewshot.txt'), /a\.fewshot\.txt: .*Step 4 but the original solution has 3 steps/);
    assert.throws(() => appendExample(fixture('steps-lf.fewshot.txt'), { ...REVIEWED, correctedFrom: 3 }), /start at Step 3, after the incorrect Step 2/);
    assert.throws(
      () => appendExample(fixture('mc.fewshot.txt'), REVIEWED),
      /uses the multiple-choice layout; an example in the steps layout cannot be added/,
    );
  });
});
