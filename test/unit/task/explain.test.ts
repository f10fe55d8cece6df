import { strict as assert } from 'node:assert';
import { answerCheckerVersion, explainVerdict, formatExplanation, TASK_IDS, taskById } from '../../../src/core/task/index';

describe('explainVerdict (the tooltip API)', () => {
  it('gives the verdict of every task with what was read and the deciding rule', () => {
    const math = explainVerdict('math', 'Thus $\\boxed{0.5}$.', '\\frac12');
    assert.deepEqual(math.explanation, {
      predicted: { text: '0.5', rule: 'boxed', normalized: '0.5' },
      gold: { text: '\\frac12', rule: 'gold answer as given', normalized: '\\frac{1}{2}' },
      rule: 'same number',
      correct: true,
    });
    assert.equal(explainVerdict('gsm8k', 'The answer is 18.', '18').explanation.rule, 'same number');
    assert.equal(explainVerdict('mc', 'The answer is (A).', 'bank', { candidates: ['park', 'bank'] }).explanation.rule, 'different candidates (A) vs (B)');
    for (const task of TASK_IDS) {
      const none = explainVerdict(task, '', '5', task === 'mc' ? { candidates: ['a', 'b'] } : undefined);
      assert.deepEqual([none.answer, none.correct, none.explanation.rule, none.explanation.predicted.rule], [null, false, 'no answer found', 'no answer found'], task);
    }
  });

  it('agrees with judge on every task', () => {
    const outputs = ['The answer is 5.', '$x = 5$', 'So we get \\boxed{6}', 'Nothing here', 'The answer is (B)', '5 and 7'];
    for (const task of TASK_IDS) {
      for (const output of outputs) {
        const question = task === 'mc' ? { candidates: ['5', '6'] } : undefined;
        const explained = explainVerdict(task, output, '5', question);
        assert.deepEqual({ answer: explained.answer, correct: explained.correct }, taskById(task).judge(output, '5', question), `${task}: ${output}`);
        assert.equal(explained.explanation.correct, explained.correct);
        assert.equal(explained.explanation.predicted.text, explained.answer);
      }
    }
  });

  it('formats one line for a tooltip', () => {
    assert.equal(
      formatExplanation(explainVerdict('math', 'Thus $\\boxed{0.5}$.', '\\frac12').explanation),
      'correct: same number — answer "0.5" (boxed) vs gold "\\\\frac12" (gold answer as given; normalized \\frac{1}{2})',
    );
    assert.equal(formatExplanation(explainVerdict('gsm8k', 'no idea', '3').explanation), 'wrong: no answer found — answer none (no answer found) vs gold "3" (gold answer as given)');
  });

  it('names the checker version that regrade records', () => {
    assert.deepEqual(TASK_IDS.map(answerCheckerVersion), ['gsm8k-2', 'math-2', 'mc-1']);
  });
});
