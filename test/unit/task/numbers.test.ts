import { strict as assert } from 'node:assert';
import { firstNumber, lastNumber, numbersEqual, parseNumber } from '../../../src/core/task/numbers';

describe('numbers in answers', () => {
  it('reads the ways a number is written', () => {
    const cases: Array<[string, number, string]> = [
      ['1,000', 1000, '1000'],
      ['$1,250.50', 1250.5, '1250.5'],
      ['\\$18', 18, '18'],
      ['-$5', -5, '-5'],
      ['$-5', -5, '-5'],
      ['−3', -3, '-3'],
      ['2.50', 2.5, '2.5'],
      ['18.00.', 18, '18'],
      ['.5', 0.5, '0.5'],
      ['1/2.', 0.5, '1/2'],
      ['2 3/4 cups', 2.75, '2 3/4'],
      ['\\dfrac{ 3 }{4}', 0.75, '3/4'],
      ['50%', 50, '50'],
      ['€45', 45, '45'],
    ];
    for (const [text, value, plain] of cases) {
      const found = firstNumber(text);
      assert.deepEqual([found?.value, found?.text], [value, plain], text);
    }
  });

  it('does not read a sign from a hyphen or a number from a word', () => {
    assert.equal(firstNumber('x-5')?.value, 5);
    assert.equal(firstNumber('H2O and CO2'), null);
    assert.equal(parseNumber('five'), null);
  });

  it('finds the last number, looking past a line that has none', () => {
    assert.equal(lastNumber('a 1, b 2\nc 3 d 4.')?.text, '4');
    assert.equal(lastNumber('total 7\nno digits here\n')?.text, '7');
    assert.equal(lastNumber('total 7\nthen 5/0')?.text, '7');
    assert.equal(lastNumber('no digits'), null);
  });

  it('equates values up to floating-point noise only', () => {
    assert.ok(numbersEqual(0.1 + 0.2, 0.3));
    assert.ok(!numbersEqual(1_000_000, 1_000_001));
    assert.ok(!numbersEqual(0.33, 1 / 3));
  });
});
