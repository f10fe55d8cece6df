import { strict as assert } from 'node:assert';
import {
  cutFollowOn,
  DEFAULT_MC_SOLVE_TEMPLATE,
  DEFAULT_SOLVE_TEMPLATE,
  formatCandidates,
  renderSolvePrompt,
} from '../../../src/core/task/solvePrompt';

describe('solve prompts', () => {
  it("is LEMA's prompt by default", () => {
    assert.equal(
      renderSolvePrompt(DEFAULT_SOLVE_TEMPLATE, { question: 'How many?' }),
      "Please solve the following math problem.\nQuestion: How many?\nAnswer: Let's think step by step.\n",
    );
  });

  it('lists candidates as "(A) x (B) y"', () => {
    assert.equal(formatCandidates(['bank', 'library', 'mall']), '(A) bank (B) library (C) mall');
    assert.match(renderSolvePrompt(DEFAULT_MC_SOLVE_TEMPLATE, { question: 'Q?', candidates: ['x', 'y'] }), /Candidate Answers: \(A\) x \(B\) y\n/);
  });

  it('leaves braces and placeholders inside the question alone', () => {
    const question = 'Compute $\\frac{1}{2}$ of {question} and {answer}.';
    assert.equal(renderSolvePrompt('Q: {question}\n', { question }), `Q: ${question}\n`);
  });

  it('names an unknown placeholder', () => {
    assert.throws(() => renderSolvePrompt('Q: {question} {answr}', { question: 'x' }), /unknown placeholder \{answr\}/);
  });

  it('says when {candidates} has nothing to list', () => {
    assert.throws(() => renderSolvePrompt(DEFAULT_MC_SOLVE_TEMPLATE, { question: 'x' }), /no candidates/);
  });

  it('substitutes every occurrence', () => {
    assert.equal(renderSolvePrompt('{question}|{question}', { question: 'a' }), 'a|a');
  });
});

describe('cutFollowOn', () => {
  it('cuts at the next question the model invents', () => {
    assert.equal(cutFollowOn('The answer is 5.\n\nQuestion: Next?'), 'The answer is 5.\n\n');
    assert.equal(cutFollowOn('The answer is 5. Q: Next?'), 'The answer is 5. ');
    assert.equal(cutFollowOn('It is 5.</s>Garbage'), 'It is 5.');
  });
  it('keeps a question the completion starts by restating, and words that merely contain Q', () => {
    assert.equal(cutFollowOn('Question: restated.\nAnswer: 5'), 'Question: restated.\nAnswer: 5');
    assert.equal(cutFollowOn('Her IQ: 120. The FAQ: none.'), 'Her IQ: 120. The FAQ: none.');
  });
});
