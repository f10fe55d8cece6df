import { strict as assert } from 'node:assert';
import { classifyExplanation } from '../../../src/core/truth/classifyError';
import { ERROR_TYPE_INFO, ERROR_TYPES, type ErrorType } from '../../../src/core/truth/errorTypes';

/** Explanations as correctors write them, each with the type a reader would file it under. */
const TABLE: ReadonlyArray<[ErrorType, string]> = [
  ['calculation', 'Step 2 makes a calculation error: 50-21 is 29, not 39.'],
  ['calculation', 'The product is wrong: 12 * 4 should be 48.'],
  ['calculation', 'The model miscalculated the sum in this step; 17 + 25 = 42.'],
  ['calculation', 'An arithmetic mistake: 7 * 8 equals 56, not 54.'],
  ['calculation', 'The total is $48, not $46.'],
  ['misread', 'The question says each box holds 12 pens, but the step uses 21.'],
  ['misread', 'The solution misreads the question: it asks for the money left, not the money spent.'],
  ['misread', 'This misinterprets what is given; the problem states there are 3 sisters.'],
  ['operation', 'Twice as many means multiplying by 2; the step should have multiplied instead of dividing.'],
  ['operation', 'It uses the wrong formula for the area of a triangle.'],
  ['operation', 'The trays are multiplied by the muffins per tray, not added.'],
  ['operation', 'The discount should be subtracted from the price; instead of subtracting, the step adds it.'],
  ['skipped', 'The step forgets the 5 loose pens on top.'],
  ['skipped', 'The solution does not account for the weekend days.'],
  ['skipped', 'It leaves out the cost of the tickets, so the total is missing a part.'],
  ['unit', 'The time is in minutes, but the rate is per hour; convert 90 minutes to 1.5 hours first.'],
  ['unit', 'A unit conversion error: 3 kilometers is 3000 meters, not 300.'],
  ['logic', 'The conclusion does not follow: being even does not make the number divisible by 4.'],
  ['logic', 'The step incorrectly assumes that both events are independent.'],
  ['logic', 'This is an invalid inference from the previous step.'],
  ['other', 'This step is not right.'],
  ['other', ''],
];

describe('error taxonomy: the rule-based classifier', () => {
  for (const [type, explanation] of TABLE) {
    it(`files “${explanation.slice(0, 60) || '(empty)'}” under ${type}`, () => {
      const got = classifyExplanation(explanation);
      assert.equal(got.type, type, `cues: ${got.cues.join('; ')}`);
      if (type === 'other') {
        assert.equal(got.confidence, 0);
        assert.deepEqual(got.cues, []);
      } else {
        assert.ok(got.confidence > 0 && got.confidence <= 1, String(got.confidence));
        assert.ok(got.cues.some((c) => c.startsWith(`${type}:`)), got.cues.join('; '));
      }
    });
  }

  it('has a row for every type of the fixed set', () => {
    assert.deepEqual([...new Set(TABLE.map(([t]) => t))].sort(), [...ERROR_TYPES].sort());
  });

  it('is surer of a clear cue than of a mixed or thin one', () => {
    const clear = classifyExplanation('A calculation error: 6 * 7 is 42, not 48.');
    const mixed = classifyExplanation('A calculation error, and the step also forgets the tax and misreads the question.');
    const thin = classifyExplanation('The reasoning here is off.');
    assert.equal(clear.type, 'calculation');
    assert.ok(clear.confidence > mixed.confidence, `${clear.confidence} vs ${mixed.confidence}`);
    assert.equal(thin.type, 'logic');
    assert.ok(thin.confidence < 0.5, String(thin.confidence));
  });

  it('documents every type with a label, a key of its own and what it means', () => {
    const keys = ERROR_TYPES.map((t) => ERROR_TYPE_INFO[t].key);
    assert.equal(new Set(keys).size, keys.length);
    for (const t of ERROR_TYPES) assert.ok(ERROR_TYPE_INFO[t].label !== '' && ERROR_TYPE_INFO[t].means !== '');
    // Not the keys the mistake view already uses (rate 1/2/3, move j/k/u/U, help ?).
    for (const k of keys) assert.ok(!['1', '2', '3', 'j', 'k', 'u', 'U', '?'].includes(k), k);
  });
});
