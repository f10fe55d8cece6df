import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChoiceCorrection, parseStepCorrection, verifyCorrection } from '../../../src/core/correction';
import type { ChoiceCorrection, StepCorrection } from '../../../src/core/correction';
import { parsePrompt } from '../../../src/core/fewshot';
import { taskById } from '../../../src/core/task';

const SAMPLES = join(__dirname, '../../../samples/prompts');

const CORRECTION: StepCorrection = {
  format: 'steps',
  incorrectStep: 2,
  explanation: 'Eating removes apples.',
  correctedSteps: ['He eats 2, so 15 - 2 = 13 are left.', 'The answer is 13.'],
  correctedFrom: 2,
};

describe('verifyCorrection (eq. 2)', () => {
  it('keeps a GSM8K correction whose final answer is the gold answer, and rejects one that is not', () => {
    const gsm8k = taskById('gsm8k');
    assert.deepEqual(verifyCorrection(gsm8k, CORRECTION, '13'), { answer: '13', correct: true });
    assert.equal(verifyCorrection(gsm8k, CORRECTION, '17').correct, false);
  });

  it('judges the corrected part, not an answer left in the steps the "..." stands for', () => {
    const gsm8k = taskById('gsm8k');
    const restated = { ...CORRECTION, correctedFrom: 1, correctedSteps: ['The answer would be 17 if he bought them.', ...CORRECTION.correctedSteps] };
    assert.equal(verifyCorrection(gsm8k, restated, '13').correct, true);
  });

  it('gives no answer for a correction that states none', () => {
    const verdict = verifyCorrection(taskById('gsm8k'), { ...CORRECTION, correctedSteps: ['He eats 2.'] }, '13');
    assert.equal(verdict.correct, false);
  });

  it('verifies a MATH correction with a boxed answer', () => {
    const parsed = parseStepCorrection('Incorrect Step: Step 1.\nExplanation: e\nCorrect Solution:\n{\nStep 1: Half of 4 is $\\frac{4}{2} = 2$.\nStep 2: The answer is $\\boxed{2}$.\n}', 2);
    assert.ok(parsed.status === 'parsed');
    assert.equal(verifyCorrection(taskById('math'), parsed.correction, '2').correct, true);
    assert.equal(verifyCorrection(taskById('math'), parsed.correction, '\\frac{1}{2}').correct, false);
  });

  it('verifies a multiple-choice correction against the gold candidate', () => {
    const question = { candidates: ['glue', 'tape', 'scissors'] };
    const correction: ChoiceCorrection = { format: 'multiple-choice', mistakes: 'Tape does not cut.', correctedAnswer: 'Scissors cut paper. The answer is (C).' };
    assert.equal(verifyCorrection(taskById('mc'), correction, 'scissors', question).correct, true);
    assert.equal(verifyCorrection(taskById('mc'), correction, 'tape', question).correct, false);
  });

  it('verifies every example of the sample prompts as a correction of its own question', () => {
    const gsm8k = parsePrompt(readFileSync(join(SAMPLES, 'gsm8k.fewshot.txt'), 'utf8'));
    for (const e of gsm8k.examples) {
      assert.ok(e.format === 'steps' && e.incorrectStep !== null && e.correctedFrom !== null);
      const gold = /The answer is (\d+)\./.exec(e.correctedSteps.at(-1) ?? '')?.[1] ?? '';
      const wrong = /The answer is (\d+)\./.exec(e.originalSteps.at(-1) ?? '')?.[1] ?? '';
      const correction: StepCorrection = { format: 'steps', incorrectStep: e.incorrectStep, explanation: e.explanation, correctedSteps: e.correctedSteps, correctedFrom: e.correctedFrom };
      assert.equal(verifyCorrection(taskById('gsm8k'), correction, gold).correct, true);
      assert.equal(verifyCorrection(taskById('gsm8k'), correction, wrong).correct, false);
    }
    const csqa = parsePrompt(readFileSync(join(SAMPLES, 'csqa.fewshot.txt'), 'utf8'));
    for (const e of csqa.examples) {
      assert.ok(e.format === 'multiple-choice');
      const candidates = e.candidateAnswers.split(/\s*\([A-E]\)\s*/).filter((c) => c !== '');
      const outcome = parseChoiceCorrection(`Mistakes: ${e.mistakes}\nCorrected Answer: {${e.correctedAnswer}}`);
      assert.ok(outcome.status === 'parsed');
      assert.equal(verifyCorrection(taskById('mc'), outcome.correction, candidates[1] ?? '', { candidates }).correct, true, e.question);
    }
  });
});
