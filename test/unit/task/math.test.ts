import { strict as assert } from 'node:assert';
import { mathAnswerChecker, mathTask } from '../../../src/core/task/math';

/** [text, the final answer it gives (null = none)] */
type Row = [string, string | null];

const EXTRACTIONS: Row[] = [
  // \boxed with nested braces, the last one wins
  ['So $x = \\boxed{\\frac{1}{2}}$.', '\\frac{1}{2}'],
  ['$\\boxed{\\frac{\\sqrt{3}}{2}}$', '\\frac{\\sqrt{3}}{2}'],
  ['\\[\\boxed{\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}}\\]', '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}'],
  ['The set is $\\boxed{\\{1,2\\}}$.', '\\{1,2\\}'],
  ['First $\\boxed{3}$, then after checking $\\boxed{4}$.', '4'],
  ['$\\fbox{7}$', '7'],
  ['so the answer is $\\boxed 5$.', '5'],
  ['\\boxed 12.', '12'],
  // an unfinished box, an empty box: no answer
  ['We find no apples.', null],
  ['Thus x = \\boxed{\\frac{1}{2', null],
  ['\\boxed{}', null],
  ['', null],
  // LEMA's "The answer is …" and Minerva's "Final Answer: …"
  ['2 + 3 = 5.\nThe answer is 5.', '5'],
  ['The answer is $\\frac{1}{2}$.', '\\frac{1}{2}'],
  ['The answer is: \\(x = 3\\)', 'x = 3'],
  ['Therefore, the answer is 3.5.', '3.5'],
  ['Final Answer: The final answer is $28\\%$. I hope it is correct.', '28\\%'],
  ['The answer is 12 inches.\nDone', '12 inches'],
  ['The answer is **5**.', '5'],
  ['**Final Answer:** $\\frac{3}{4}$', '\\frac{3}{4}'],
  // both: whichever is written last; a box inside the answer sentence is that answer
  ['The answer is $\\boxed{5}$.', '5'],
  ['We get $\\boxed{3}$ for the first part. The answer is 4.', '4'],
  ['The answer is below. Computing, $\\boxed{6}$.', '6'],
  ['So $x = \\boxed{5}$.\n\nCheck the answer: 5 satisfies the equation.', '5'],
  // a model that goes on to invent the next question
  ['The answer is 5.\n\nQuestion: What is 3 + 4?\nAnswer: The answer is 7.', '5'],
];

describe('math final-answer extraction', () => {
  for (const [text, answer] of EXTRACTIONS) {
    it(`${JSON.stringify(text)} → ${answer ?? 'no answer'}`, () => {
      assert.equal(mathTask.extractAnswer(text), answer);
    });
  }

  it('reads the gold answer of a MATH solution from its last box', () => {
    const solution =
      'If $f(x) = \\frac{3x-2}{x-2}$, then $f(-2) + f(-1) + f(0) = \\frac{-8}{-4} + \\frac{-5}{-3} + \\frac{-2}{-2} = 2 + \\frac{5}{3} + 1 = \\boxed{\\frac{14}{3}}$.';
    assert.equal(mathTask.extractGold(solution), '\\frac{14}{3}');
    assert.equal(mathTask.extractGold('Therefore, $\\boxed{14{,}916}$ is our answer.'), '14{,}916');
    assert.equal(mathTask.extractGold('No boxed answer here.'), null);
  });
});

describe('mathTask', () => {
  it('is the MATH task', () => assert.equal(mathTask.id, 'math'));

  it('judges a completion against the gold answer (eq. 1 and eq. 2)', () => {
    assert.deepEqual(mathTask.judge('So $x = \\boxed{0.5}$.', '\\frac{1}{2}'), { answer: '0.5', correct: true });
    assert.deepEqual(mathTask.judge('The answer is $(1, 2)$.', '(1,2]'), { answer: '(1, 2)', correct: false });
    assert.deepEqual(mathTask.judge('I could not finish.', '5'), { answer: null, correct: false });
  });

  it('counts its comparisons, and those that needed the CAS', () => {
    const before = { ...mathAnswerChecker.counts };
    assert.equal(mathTask.isEquivalent('\\sqrt{8}', '2\\sqrt{2}'), true);
    assert.equal(mathTask.isEquivalent('7', '7.0'), true);
    assert.equal(mathAnswerChecker.counts.checks - before.checks, 2);
    assert.equal(mathAnswerChecker.counts.symbolic - before.symbolic, 1);
  });

  it('numbers the steps of a solution and renders the solve prompt', () => {
    assert.deepEqual(mathTask.splitSteps('Step 1: $2x = 6$.\nStep 2: So $x = \\boxed{3}$.'), ['$2x = 6$.', 'So $x = \\boxed{3}$.']);
    const prompt = mathTask.renderSolvePrompt({ question: 'Solve $2x = 6$.' });
    assert.ok(prompt.includes('Question: Solve $2x = 6$.'));
    assert.equal(mathTask.renderSolvePrompt({ question: 'Q' }, 'Problem: {question}'), 'Problem: Q');
  });
});
