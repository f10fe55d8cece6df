import { strict as assert } from 'node:assert';
import { parseChoiceCorrection, parseCorrection, parseStepCorrection } from '../../../src/core/correction';
import type { CorrectionOutcome, StepCorrection } from '../../../src/core/correction';

function parsed(outcome: CorrectionOutcome<StepCorrection>): StepCorrection {
  assert.equal(outcome.status, 'parsed', outcome.status === 'unparseable' ? outcome.reason : '');
  assert.ok(outcome.status === 'parsed');
  return outcome.correction;
}

function reason(outcome: CorrectionOutcome): string {
  assert.equal(outcome.status, 'unparseable');
  assert.ok(outcome.status === 'unparseable');
  return outcome.reason;
}

const EXPECTED: StepCorrection = {
  format: 'steps',
  incorrectStep: 2,
  explanation: 'Eating apples removes them, so 2 is subtracted.',
  correctedSteps: ['He eats 2, so 15 - 2 = 13 are left.', 'The answer is 13.'],
  correctedFrom: 2,
};

const LAYOUT = [
  'Incorrect Step: Step 2.',
  'Explanation: Eating apples removes them, so 2 is subtracted.',
  'Correct Solution:',
  '{',
  '...',
  'Step 2: He eats 2, so 15 - 2 = 13 are left.',
  'Step 3: The answer is 13.',
  '}',
].join('\n');

describe('parseStepCorrection', () => {
  it('reads the layout of the examples', () => {
    assert.deepEqual(parsed(parseStepCorrection(LAYOUT, 3)), EXPECTED);
  });

  it('reads the step number however it is written', () => {
    for (const line of ['Incorrect Step: Step 2', 'Incorrect Step: Step 2.', 'incorrect step: step 2:', '**Incorrect Step:** Step 2', '### Incorrect Step: **Step 2**', 'Incorrect Step: 2', 'Incorrect step:\nStep 2.']) {
      assert.equal(parsed(parseStepCorrection(LAYOUT.replace('Incorrect Step: Step 2.', line))).incorrectStep, 2, line);
    }
  });

  it('reads the continuation of a request that ended with "Incorrect Step:"', () => {
    assert.deepEqual(parsed(parseStepCorrection(` Step 2.\n${LAYOUT.split('\n').slice(1).join('\n')}`)), EXPECTED);
  });

  it('tolerates text around it, markdown bold, code fences and CRLF', () => {
    const chatty = `Sure! Let me look at this.\n\n\`\`\`\n**Incorrect Step:** Step 2\n**Explanation:** Eating apples removes them, so 2 is subtracted.\n**Correct Solution:**\n...\n**Step 2:** He eats 2, so 15 - 2 = 13 are left.\n**Step 3:** The answer is 13.\n\`\`\`\n\nI hope this helps!`;
    assert.deepEqual(parsed(parseStepCorrection(chatty)), EXPECTED);
    assert.deepEqual(parsed(parseStepCorrection(LAYOUT.replace(/\n/g, '\r\n'))), EXPECTED);
  });

  it('reads "Corrected Solution:" and solutions without braces', () => {
    const bare = LAYOUT.replace('Correct Solution:', 'Corrected Solution:').replace('{\n', '').replace('\n}', '');
    assert.deepEqual(parsed(parseStepCorrection(bare)), EXPECTED);
  });

  it('reads a brace on the label line, and braces inside steps', () => {
    const inline = 'Incorrect Step: Step 1.\nExplanation: e\nCorrect Solution: {\nStep 1: $\\frac{1}{2} \\cdot 4 = 2$.\nStep 2: The answer is $\\boxed{2}$.}\nextra';
    assert.deepEqual(parsed(parseStepCorrection(inline)).correctedSteps, ['$\\frac{1}{2} \\cdot 4 = 2$.', 'The answer is $\\boxed{2}$.']);
  });

  it('stops where a completion model runs on into a new example or into chatter', () => {
    assert.deepEqual(parsed(parseStepCorrection(`${LAYOUT.replace('{\n', '').replace('\n}', '')}\n\nQuestion: A new problem\nOriginal Solution:\nStep 1: x`)), EXPECTED);
    assert.deepEqual(parsed(parseStepCorrection(`${LAYOUT.replace('{\n', '').replace('\n}', '')}\nQuestion: A new problem`)), EXPECTED);
    assert.deepEqual(parsed(parseStepCorrection(`${LAYOUT.replace('{\n', '').replace('\n}', '')}\n\nLet me know if you need more.`)), EXPECTED);
  });

  it('keeps multi-line steps and explanations', () => {
    const text = 'Incorrect Step: Step 1.\nExplanation: First.\nSecond.\nCorrect Solution:\nStep 1: It is\n$$3 \\cdot 5 = 15.$$\nStep 2: The answer is 15.';
    const c = parsed(parseStepCorrection(text));
    assert.equal(c.explanation, 'First.\nSecond.');
    assert.deepEqual(c.correctedSteps, ['It is\n$$3 \\cdot 5 = 15.$$', 'The answer is 15.']);
  });

  it('keeps the number of a corrected list that restates earlier steps', () => {
    const c = parsed(parseStepCorrection(LAYOUT.replace('...\n', 'Step 1: Lee has 3 * 5 = 15 apples.\n')));
    assert.equal(c.correctedFrom, 1);
    assert.equal(c.correctedSteps.length, 3);
  });

  it('reads unnumbered corrected steps as counting from the incorrect step', () => {
    const c = parsed(parseStepCorrection('Incorrect Step: Step 2.\nExplanation: e\nCorrect Solution:\n...\nHe eats 2, so 15 - 2 = 13 are left.\nThe answer is 13.'));
    assert.equal(c.correctedFrom, 2);
    assert.deepEqual(c.correctedSteps, EXPECTED.correctedSteps);
  });

  it('drops a sentence before the numbered steps', () => {
    const c = parsed(parseStepCorrection(LAYOUT.replace('...\n', 'Here is the fixed solution:\n...\n')));
    assert.deepEqual(c.correctedSteps, EXPECTED.correctedSteps);
  });

  it('records anything else as unparseable, with the raw text and a reason', () => {
    const raw = 'The solution looks fine to me.';
    const outcome = parseStepCorrection(raw);
    assert.deepEqual(outcome, { status: 'unparseable', raw, reason: "no 'Incorrect Step: Step k' in the output" });
    assert.match(reason(parseStepCorrection('Incorrect Step: the second one\nExplanation: e\nCorrect Solution:\nStep 2: x')), /not a step number/);
    assert.match(reason(parseStepCorrection(LAYOUT.replace(/Explanation:.*\n/, ''))), /no 'Explanation:'/);
    assert.match(reason(parseStepCorrection(LAYOUT.replace('Explanation: Eating apples removes them, so 2 is subtracted.', 'Explanation:'))), /'Explanation:' is empty/);
    assert.match(reason(parseStepCorrection(LAYOUT.replace(/Correct Solution:[\s\S]*/, ''))), /no 'Correct Solution:'/);
    assert.match(reason(parseStepCorrection(LAYOUT.replace(/\{[\s\S]*\}/, '{\n...\n}'))), /has no steps/);
    assert.match(reason(parseStepCorrection(LAYOUT, 1)), /Step 2, but the original solution has Steps 1–1/);
    assert.match(reason(parseStepCorrection(LAYOUT.replace('Step 2.', 'Step 0.'))), /Step 0; steps are numbered from 1/);
    assert.match(reason(parseStepCorrection(LAYOUT.replace('Step 2: He', 'Step 3: He').replace('Step 3: The', 'Step 4: The'))), /starts at Step 3, after the incorrect Step 2/);
    assert.match(reason(parseStepCorrection(LAYOUT.replace('Step 3: The', 'Step 5: The'))), /out of order: Step 5 where Step 3 should be/);
  });
});

describe('parseChoiceCorrection', () => {
  it('reads Mistakes and Corrected Answer, with or without braces', () => {
    const expected = { status: 'parsed', correction: { format: 'multiple-choice', mistakes: 'Tape does not cut.', correctedAnswer: 'Scissors cut paper. The answer is (C).' } };
    assert.deepEqual(parseChoiceCorrection('Mistakes: Tape does not cut.\nCorrected Answer: {Scissors cut paper. The answer is (C).}'), expected);
    assert.deepEqual(parseChoiceCorrection('**Mistakes:** Tape does not cut.\n**Corrected Answer:**\n{\nScissors cut paper. The answer is (C).\n}\nHope this helps.'), expected);
    assert.deepEqual(parseChoiceCorrection('Mistakes: Tape does not cut.\nCorrected Answer: Scissors cut paper. The answer is (C).\n\nQuestion: next one'), expected);
  });

  it('reads the continuation of a request that ended with "Mistakes:"', () => {
    const outcome = parseChoiceCorrection(' Tape does not cut.\nCorrected Answer: {Scissors cut paper. The answer is (C).}');
    assert.ok(outcome.status === 'parsed');
    assert.equal(outcome.correction.mistakes, 'Tape does not cut.');
  });

  it('records output without a corrected answer or mistakes as unparseable', () => {
    assert.match(reason(parseChoiceCorrection('The answer is (C).')), /no 'Corrected Answer:'/);
    assert.match(reason(parseChoiceCorrection('Corrected Answer: {The answer is (C).}')), /no mistakes are named/);
    assert.match(reason(parseChoiceCorrection('Mistakes: m\nCorrected Answer: {}')), /'Corrected Answer:' is empty/);
  });
});

describe('parseCorrection', () => {
  it("picks the reader for the prompt's layout", () => {
    assert.equal(parseCorrection(LAYOUT, 'steps').status, 'parsed');
    assert.equal(parseCorrection(LAYOUT, 'multiple-choice').status, 'unparseable');
    assert.match(reason(parseCorrection(LAYOUT, 'steps', 1)), /original solution has Steps 1–1/);
  });
});
