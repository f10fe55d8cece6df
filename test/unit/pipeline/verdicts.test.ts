import { strict as assert } from 'node:assert';
import { explainCorrectionVerdict, explainPathVerdict, type CorrectionRecord } from '../../../src/core/pipeline';
import { path } from './staleRun';

describe('stored verdicts under the current checker (tooltip and regrade)', () => {
  it("recomputes a path's verdict from its completion and gold answer", () => {
    const verdict = explainPathVerdict(path('p', 'So the total is $\\$4.50$.', '4.5', '\\', false), 'math');
    assert.deepEqual([verdict.answer, verdict.correct, verdict.explanation.rule], ['\\$4.50', true, 'same number']);
    const { task: _task, ...untyped } = path('p', 'The answer is 7', '7', '7', true);
    assert.equal(explainPathVerdict(untyped, 'gsm8k').explanation.rule, 'same number', "a row without a task takes the run's");
  });

  it("recomputes a correction's verdict from its corrected steps or answer; an unparsed one has none", () => {
    const base = { id: 'c', pathId: 'p', questionId: 'q', model: 'c', promptSha256: 'x', correctionIndex: 0, raw: 'r', answer: null, verified: false, createdAt: '' };
    const steps: CorrectionRecord = { ...base, outcome: 'parsed', incorrectStep: 2, explanation: 'e', correctedSteps: ['3 * 4 = 12', 'The answer is 12.'], correctedFrom: 2 };
    assert.deepEqual(explainCorrectionVerdict(steps, { goldAnswer: '12' }, 'gsm8k')?.explanation.rule, 'same number');
    const choice: CorrectionRecord = { ...base, outcome: 'parsed', explanation: 'm', correctedAnswer: 'The answer is (B).' };
    assert.equal(explainCorrectionVerdict(choice, { goldAnswer: 'bank', candidates: ['park', 'bank'] }, 'mc')?.correct, true);
    assert.equal(explainCorrectionVerdict({ ...base, outcome: 'unparseable', reason: 'no steps' }, { goldAnswer: '12' }, 'gsm8k'), null);
  });
});
