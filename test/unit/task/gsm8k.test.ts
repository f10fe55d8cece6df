import { strict as assert } from 'node:assert';
import { gsm8kTask } from '../../../src/core/task/gsm8k';

/** [completion, gold answer, the answer we must extract (null = no answer), correct?] */
type Row = [string, string, string | null, boolean];

const ANSWERS: Row[] = [
  // LEMA's own layout
  ['Noor keeps 16 - 3 - 4 = 9 eggs a day to sell.\nShe gets 9 * 2 = $18 a day.\nThe answer is 18.', '18', '18', true],
  ['She makes 9 * 2 = 18 dollars.\nThe answer is 18.', '19', '18', false],
  ['The answer is: 18', '18', '18', true],
  ['So the answer is 72.', '72', '72', true],
  ['Therefore, the answer is 5.', '5', '5', true],
  ['the answer is 3', '3', '3', true],
  ['The final answer is 42.', '42', '42', true],
  ['Final Answer: 42', '42', '42', true],
  ['Answer: 7', '7', '7', true],
  ['The answer would be 12.', '12', '12', true],
  ['The answer is:\n\n42', '42', '42', true],
  ['The answer is:\n\\[\n\\boxed{42}\n\\]', '42', '42', true],
  ["Answer: Let's think step by step. He has 3 + 4 = 7 apples.", '7', '7', true],
  // last "answer is" wins, and one without a number is skipped
  ['At first I thought the answer is 10. But I forgot the tax. The answer is 12.', '12', '12', true],
  ['At first I thought the answer is 10. But I forgot the tax. The answer is 12.', '10', '12', false],
  ['The answer is 25.\nSo the answer is the number of apples.', '25', '25', true],
  // GSM8K's "#### n"
  ['Rosa picked 48/2 = <<48/2=24>>24 apples on Tuesday.\nRosa picked 48+24 = <<48+24=72>>72 apples.\n#### 72', '72', '72', true],
  ['He has 5 + 3 = <<5+3=8>>8 toys.\n#### 8', '9', '8', false],
  ['#### 1,000', '1000', '1000', true],
  ['So 12 * 3 = 36.\n####36', '36', '36', true],
  ['#### -15', '-15', '-15', true],
  // no cue: the last number written (not a GSM8K annotation's operands)
  ['She has 3 + 4 = 7 apples left.', '7', '7', true],
  ['First 2 * 5 = 10, then 10 + 6 = 16 marbles in total.', '16', '16', true],
  ['First 2 * 5 = 10, then 10 + 6 = 16 marbles in total.', '10', '16', false],
  ['He buys 3 packs <<3*4=12>>12 pens', '12', '12', true],
  ['She keeps 5 of them. <<10-5=5>>', '5', '5', true],
  // currency
  ['The answer is $18.', '18', '18', true],
  ['The answer is \\$18.', '18', '18', true],
  ['The answer is $1,250.', '1250', '1250', true],
  ['The answer is €45.', '45', '45', true],
  ['The answer is £7.50.', '7.5', '7.5', true],
  ['The answer is -$5.', '-5', '-5', true],
  ['The answer is 18 dollars.', '18', '18', true],
  ['The answer is $18.00', '18', '18', true],
  ['The answer is $18.50', '18', '18.5', false],
  // thousands separators
  ['The answer is 1,000.', '1000', '1000', true],
  ['The answer is 1,000,000.', '1000000', '1000000', true],
  ['The answer is 12,500 people.', '12,500', '12500', true],
  ['The answer is 1,000.', '100', '1000', false],
  // decimals
  ['The answer is 2.50.', '2.5', '2.5', true],
  ['The answer is 2.5.', '2.50', '2.5', true],
  ['The answer is 0.75', '.75', '0.75', true],
  ['The answer is .5', '0.5', '0.5', true],
  ['The answer is 3.14', '3.15', '3.14', false],
  ['The answer is 7.0.', '7', '7', true],
  // percent, units and words after the number
  ['The answer is 25%.', '25', '25', true],
  ['The answer is 25 %', '25', '25', true],
  ['The answer is 5 eggs.', '5', '5', true],
  ['The answer is 60 minutes.', '60', '60', true],
  ['The answer is 12 feet', '13', '12', false],
  ['The answer is 8 hours per week.', '8', '8', true],
  // negatives
  ['The answer is -3.', '-3', '-3', true],
  ['The answer is −3.', '-3', '-3', true],
  ['The answer is -3.', '3', '-3', false],
  ['The temperature dropped to -4 degrees.', '-4', '-4', true],
  ['The difference is 10-4 = 6.', '6', '6', true],
  // simple fractions
  ['The answer is 1/2.', '0.5', '1/2', true],
  ['The answer is 3/4 of a pizza.', '.75', '3/4', true],
  ['The answer is \\frac{1}{4}.', '0.25', '1/4', true],
  ['The answer is 1/3.', '0.33', '1/3', false],
  ['The answer is 1 1/2 cups.', '1.5', '1 1/2', true],
  // markup around the number
  ['The answer is **18**.', '18', '18', true],
  ['**The answer is 18.**', '18', '18', true],
  ['The final answer is $\\boxed{18}$.', '18', '18', true],
  ['So she pays \\boxed{24} dollars in all.', '24', '24', true],
  ['So she pays $\\boxed{\\$1,200}$.', '1200', '1200', true],
  ['The answer is $x = 14$.', '14', '14', true],
  // an "answer is" sentence that shows its work: the result after "="
  ['The answer is 12 * 3 = 36.', '36', '36', true],
  ['The answer is 5 + 3 + 2 = <<5+3+2=10>>10.', '10', '10', true],
  ['The answer is 36 (12 * 3 = 36).', '36', '36', true],
  // number words in the answer sentence
  ['The answer is eighteen.', '18', '18', true],
  ['The answer is twenty-five dollars.', '25', '25', true],
  ['The answer is Seven.', '8', '7', false],
  ['The answer is one hundred.', '100', '100', true],
  // a follow-on question the model invented is not part of the answer
  ['He has 5 apples.\nThe answer is 5.\n\nQuestion: Tom has 3 pears. How many?\nAnswer: The answer is 3.', '5', '5', true],
  ['The answer is 5.\nQ: What is 2 + 2?\nA: The answer is 4.', '5', '5', true],
  ['She has 20 cookies. Question: How many does Bob have? Bob has 7.', '20', '20', true],
  ['Question: Tom has 3 pears.\nAnswer: He buys 2 more, so 3 + 2 = 5. The answer is 5.', '5', '5', true],
  ['The answer is 9.</s>Question: next one. The answer is 2.', '9', '9', true],
  ['The answer is 9.<|im_end|>', '9', '9', true],
  // no answer at all is "no answer", never 0
  ['I am not sure how to solve this.', '0', null, false],
  ['', '0', null, false],
  ['   \n  ', '0', null, false],
  ['<|endoftext|>The answer is 4.', '4', null, false],
  // realistic longer paths
  [
    "Let's think step by step.\nStep 1: Theo is paid $12 an hour, which is 12 / 60 = $0.2 per minute.\nStep 2: He walked 50 minutes, so he earned 0.2 * 50 = $10.\nThe answer is 10.",
    '10', '10', true,
  ],
  [
    'Betty has 100 / 2 = $50.\nHer parents give her $15 and her grandparents 15 * 2 = $30.\nShe needs 100 - 50 - 15 - 30 = $5 more.\nThe answer is 5.',
    '5', '5', true,
  ],
  [
    'James writes 3 * 2 = 6 pages a week to each friend, so 6 * 2 = 12 pages.\nIn a year that is 12 * 52 = 624 pages.\nThe answer is 624 pages.',
    '624', '624', true,
  ],
  [
    'Mark has 10 yellow flowers and 10 * 80% = 8 more purple ones, so 18 purple.\nGreen: 25% of 28 = 7.\nTotal: 10 + 18 + 7 = 35.\nThe answer is 35.',
    '35', '35', true,
  ],
  [
    'Albert buys 2 large pizzas with 16 slices = 32 slices, and 2 small with 8 slices = 16 slices. He eats 32 + 16 = 48 pieces. The answer is 46.',
    '48', '46', false,
  ],
  ['Ken ends with 2 * 3 * 2 = 12 pounds... wait, he adds 2 more: 14 pounds. The answer is 16 pounds.', '16', '16', true],
];

describe('gsm8k answers (table)', () => {
  ANSWERS.forEach(([completion, gold, answer, correct], i) => {
    it(`row ${i + 1}: ${JSON.stringify(completion.slice(0, 50))} vs ${gold}`, () => {
      assert.deepEqual(gsm8kTask.judge(completion, gold), { answer, correct });
    });
  });
});

describe('gsm8k gold', () => {
  it('reads the "#### n" line of an annotated solution', () => {
    assert.equal(gsm8kTask.extractGold('She sold 48/2 = <<48/2=24>>24 clips.\n#### 72'), '72');
    assert.equal(gsm8kTask.extractGold('x\n#### 1,080'), '1080');
    assert.equal(gsm8kTask.extractGold('x\n#### -3'), '-3');
  });
  it('falls back to "The answer is n", and gives null when neither is there', () => {
    assert.equal(gsm8kTask.extractGold('So 3 + 4 = 7.\nThe answer is 7.'), '7');
    assert.equal(gsm8kTask.extractGold('She has 7 apples.'), null);
  });
});

describe('gsm8k equivalence', () => {
  it('compares values, not spellings', () => {
    assert.ok(gsm8kTask.isEquivalent('1000', '1,000'));
    assert.ok(gsm8kTask.isEquivalent('$18', '18'));
    assert.ok(gsm8kTask.isEquivalent('0.30000000000000004', '0.3'));
    assert.ok(!gsm8kTask.isEquivalent('1000000', '1000001'));
    assert.ok(!gsm8kTask.isEquivalent('0.333', '1/3'));
  });
  it('never equates a number with a non-number', () => {
    assert.ok(!gsm8kTask.isEquivalent('', '0'));
    assert.ok(!gsm8kTask.isEquivalent('none', '0'));
  });
});

describe('gsm8k solve prompt', () => {
  it("uses LEMA's solve prompt by default", () => {
    assert.equal(
      gsm8kTask.renderSolvePrompt({ question: 'What is 2 + 2?' }),
      "Please solve the following math problem.\nQuestion: What is 2 + 2?\nAnswer: Let's think step by step.\n",
    );
    assert.equal(gsm8kTask.renderSolvePrompt({ question: 'Q' }, 'Q: {question}\nA:'), 'Q: Q\nA:');
  });
});
