import { strict as assert } from 'node:assert';
import { parseStepCorrection, readFirstWrongStep, SAYS_NO_WRONG_STEP } from '../../../src/core/correction/parse';
import { parsePrompt } from '../../../src/core/fewshot';
import { lineOf } from '../../../src/core/export/processLabels';
import { classificationPrompt, readErrorType } from '../../../src/core/truth/classifyPrompt';
import { criticFigures } from '../../../src/core/truth/critic';
import { processLabels } from '../../../src/core/truth/processLabels';

const path = (steps: string[], correct = false) => ({ id: 'p', question: 'q?', steps, correct, model: 'm-r' });
const STEPS = ['a', 'b', 'c', 'd', 'e'];

describe('process labels', () => {
  it('are 1 before the first wrong step, 0 for it, and nothing after: wrong step first, middle and last', () => {
    assert.deepEqual(processLabels(5, 1), [0]);
    assert.deepEqual(processLabels(5, 3), [1, 1, 0]);
    assert.deepEqual(processLabels(5, 5), [1, 1, 1, 1, 0]);
  });

  it('are 1 for every step of a solution with no wrong step', () => {
    assert.deepEqual(processLabels(3, null), [1, 1, 1]);
  });

  it('refuse a step the solution does not have', () => {
    assert.throws(() => processLabels(3, 4), /Step 4, but the solution has Steps 1–3/);
    assert.throws(() => processLabels(3, 0), RangeError);
  });

  it('come from the researcher’s step where there is one, else from the corrector’s', () => {
    const corrector = { step: 4, ofType: true };
    const first = lineOf(path(STEPS), 'run', { step: 1 }, corrector, false, false);
    const middle = lineOf(path(STEPS), 'run', { step: 3 }, corrector, false, false);
    const last = lineOf(path(STEPS), 'run', { step: 5 }, corrector, false, false);
    const none = lineOf(path(STEPS), 'run', { step: null }, corrector, false, false);
    const fromCorrector = lineOf(path(STEPS), 'run', undefined, corrector, false, false);
    assert.deepEqual(first, { question: 'q?', steps: STEPS, labels: [0], source: 'human', model: 'm-r', runId: 'run', pathId: 'p' });
    assert.deepEqual(typeof middle === 'string' ? middle : [middle.labels, middle.source], [[1, 1, 0], 'human']);
    assert.deepEqual(typeof last === 'string' ? last : [last.labels, last.source], [[1, 1, 1, 1, 0], 'human']);
    assert.deepEqual(typeof none === 'string' ? none : [none.labels, none.source], [[1, 1, 1, 1, 1], 'human']);
    assert.deepEqual(typeof fromCorrector === 'string' ? fromCorrector : [fromCorrector.labels, fromCorrector.source], [[1, 1, 1, 0], 'corrector']);
  });

  it('leave out mistakes without a verified correction, of another error type, and correct paths unless asked', () => {
    assert.equal(lineOf(path(STEPS), 'run', { step: 2 }, undefined, false, false), 'no verified correction');
    assert.equal(lineOf(path(STEPS), 'run', undefined, { step: 2, ofType: false }, false, true), 'error type not chosen');
    assert.equal(lineOf(path(STEPS, true), 'run', undefined, undefined, false, false), 'correct path');
    const correct = lineOf(path(['x', 'y'], true), 'run', undefined, undefined, true, false);
    assert.deepEqual(typeof correct === 'string' ? correct : [correct.labels, correct.source], [[1, 1], 'answer']);
    // With an error-type filter a correct path has no type, so it is left out.
    assert.equal(lineOf(path(['x'], true), 'run', undefined, undefined, true, true), 'correct path');
  });
});

describe('critic figures (ProcessBench scoring)', () => {
  it('accuracy on erroneous and on correct solutions, and their harmonic mean, as computed by hand', () => {
    // Erroneous: 4 solutions, right on 3 (one names the wrong step, none answers nothing readable) → 3/4.
    // Correct: 3 solutions, right on 1 (one flagged a step, one unreadable) → 1/3.
    // F1 = 2 · 0.75 · 0.3333 / (0.75 + 0.3333) = 0.5 / 1.08333 = 0.461538…
    const f = criticFigures([
      { truth: 2, predicted: 2 },
      { truth: 1, predicted: 1 },
      { truth: 5, predicted: 5 },
      { truth: 3, predicted: 4 },
      { truth: null, predicted: null },
      { truth: null, predicted: 2 },
      { truth: null, predicted: undefined },
    ]);
    assert.deepEqual([f.erroneous.successes, f.erroneous.n, f.correct.successes, f.correct.n], [3, 4, 1, 3]);
    assert.equal(f.erroneous.value, 0.75);
    assert.ok(Math.abs(f.correct.value - 1 / 3) < 1e-12);
    assert.ok(Math.abs(f.f1 - 6 / 13) < 1e-12, String(f.f1));
    assert.match(f.erroneous.text, /^75\.0% \(n = 4, 95% CI \d/);
  });

  it('is 0 when either side is empty or both accuracies are 0, and 1 when both are perfect', () => {
    assert.equal(criticFigures([{ truth: 1, predicted: 1 }]).f1, 0);
    assert.equal(criticFigures([{ truth: 1, predicted: 2 }, { truth: null, predicted: 1 }]).f1, 0);
    assert.equal(criticFigures([{ truth: 1, predicted: 1 }, { truth: null, predicted: null }]).f1, 1);
  });
});

describe('"Incorrect Step: None." — the documented answer for a solution with no wrong step', () => {
  it('is read by the critique parser, with a step number, with a cue put back, and refused out of range', () => {
    assert.deepEqual(readFirstWrongStep('Incorrect Step: None.\nExplanation: all fine.', 3), { step: null });
    assert.deepEqual(readFirstWrongStep('**Incorrect Step:** no incorrect step', 3), { step: null });
    assert.deepEqual(readFirstWrongStep('Incorrect Step: Step 2.\nExplanation: …', 3), { step: 2 });
    assert.deepEqual(readFirstWrongStep(' None.\nExplanation: fine'), { step: null });
    assert.deepEqual(readFirstWrongStep('Incorrect Step: Step 4.', 3), { reason: 'the incorrect step is Step 4, but the solution has Steps 1–3' });
    assert.ok('reason' in readFirstWrongStep('The solution looks fine to me.'));
  });

  it('is an unparseable correction whose reason says so (the correct stage marks the row)', () => {
    const got = parseStepCorrection('Incorrect Step: None.\nExplanation: Every step is right.', 3);
    assert.deepEqual(got, { status: 'unparseable', raw: 'Incorrect Step: None.\nExplanation: Every step is right.', reason: SAYS_NO_WRONG_STEP });
  });

  it('is a valid few-shot example that needs no Correct Solution; a step example still does', () => {
    const text = [
      'Find the first wrong step.',
      '',
      'Question: What is 2 + 3?',
      'Original Solution:',
      'Step 1: 2 + 3 = 5.',
      'Step 2: The answer is 5.',
      'Incorrect Step: None.',
      'Explanation: Every step is right.',
      '',
      'Question: What is 2 * 3?',
      'Original Solution:',
      'Step 1: 2 * 3 = 5.',
      'Step 2: The answer is 5.',
      'Incorrect Step: Step 1.',
      'Explanation: A slip.',
      '',
    ].join('\n');
    const prompt = parsePrompt(text, 'p.fewshot.txt');
    const errors = prompt.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}: ${d.message}`);
    assert.deepEqual(errors, ["15: this example ends without 'Correct Solution:'; add it after 'Explanation:'"]);
    const first = prompt.examples[0];
    assert.ok(first?.format === 'steps' && first.noWrongStep === true && first.incorrectStep === null);
  });
});

describe('the model classification prompt and its reader', () => {
  it('lists every type with what it means, and reads the first type an answer names', () => {
    const prompt = classificationPrompt('What is 2 + 3?', '2 + 3 = 6.', 'The sum is 5, not 6.');
    for (const word of ['calculation:', 'misread:', 'operation:', 'skipped:', 'unit:', 'logic:', 'other:']) assert.ok(prompt.includes(word), word);
    assert.ok(prompt.endsWith('Why it is wrong: The sum is 5, not 6.\nError type:'));
    assert.equal(readErrorType(' calculation'), 'calculation');
    assert.equal(readErrorType('Unit or conversion — minutes taken for hours'), 'unit');
    assert.equal(readErrorType('It is a logic error, not a calculation one.'), 'logic');
    assert.equal(readErrorType('I am not sure.'), undefined);
  });
});
