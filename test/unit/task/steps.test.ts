import { strict as assert } from 'node:assert';
import { numberSteps, splitSteps } from '../../../src/core/task/steps';

describe('splitSteps', () => {
  it('cuts at "Step k:" labels and drops them', () => {
    assert.deepEqual(splitSteps('Step 1: She has 5 apples.\nStep 2: She eats 2.\nStep 3: 5 - 2 = 3.'), [
      'She has 5 apples.',
      'She eats 2.',
      '5 - 2 = 3.',
    ]);
  });

  it('finds labels written on one line, in bold or as headings', () => {
    assert.deepEqual(splitSteps('Step 1: a is 2. Step 2: b is 3. Step 3: a + b = 5.'), ['a is 2.', 'b is 3.', 'a + b = 5.']);
    assert.deepEqual(splitSteps('**Step 1:** add.\n**Step 2:** divide.'), ['add.', 'divide.']);
    assert.deepEqual(splitSteps('### Step 1: add\n### Step 2: divide'), ['add', 'divide']);
  });

  it('keeps a label out of sequence ("see Step 1:") inside its step', () => {
    assert.deepEqual(splitSteps('Step 1: x = 2\nStep 2: as in Step 1: x + 1 = 3\nStep 3: done'), [
      'x = 2',
      'as in Step 1: x + 1 = 3',
      'done',
    ]);
  });

  it('starts from any number (a corrected solution from step 3 on) and keeps a preamble', () => {
    assert.deepEqual(splitSteps('Step 3: redo it.\nStep 4: The answer is 8.'), ['redo it.', 'The answer is 8.']);
    assert.deepEqual(splitSteps("Let's think.\nStep 1: a\nStep 2: b"), ["Let's think.", 'a', 'b']);
  });

  it('uses non-empty lines when there are no labels, and drops the "#### n" line', () => {
    const gold = 'Rosa picked 48/2 = <<48/2=24>>24 apples on Tuesday.\n\nShe picked 48+24 = <<48+24=72>>72 apples.\n#### 72';
    assert.deepEqual(splitSteps(gold), ['Rosa picked 48/2 = <<48/2=24>>24 apples on Tuesday.', 'She picked 48+24 = <<48+24=72>>72 apples.']);
  });

  it('reads Windows line ends', () => {
    assert.deepEqual(splitSteps('First line.\r\nSecond line.\r\n#### 4\r\n'), ['First line.', 'Second line.']);
    assert.deepEqual(splitSteps('Step 1: a\r\nStep 2: b\r\n'), ['a', 'b']);
  });

  it('cuts a one-line solution into sentences, but not inside numbers or abbreviations', () => {
    assert.deepEqual(
      splitSteps('He pays $3.50 for 1,000 grams, e.g. a bag. Then he pays $2. So he pays 5.5 in total! Done?'),
      ['He pays $3.50 for 1,000 grams, e.g. a bag.', 'Then he pays $2.', 'So he pays 5.5 in total!', 'Done?'],
    );
    assert.deepEqual(splitSteps('Dr. Smith has 3 cats. Mr. J. Brown has 4.'), ['Dr. Smith has 3 cats.', 'Mr. J. Brown has 4.']);
  });

  it('never cuts inside inline or display math', () => {
    assert.deepEqual(splitSteps('We know $a. B = 2$ here. Next \\(x. Y\\) too. Last.'), [
      'We know $a. B = 2$ here.',
      'Next \\(x. Y\\) too.',
      'Last.',
    ]);
    assert.deepEqual(splitSteps('So\n$$\nx = 1.\n\ny = 2\n$$\nand\n\\[\na\nb\n\\]\nend'), [
      'So',
      '$$\nx = 1.\n\ny = 2\n$$',
      'and',
      '\\[\na\nb\n\\]',
      'end',
    ]);
    assert.deepEqual(splitSteps('Let\n\\begin{align}\na &= 1\\\\\nb &= 2\n\\end{align}\nso'), [
      'Let',
      '\\begin{align}\na &= 1\\\\\nb &= 2\n\\end{align}',
      'so',
    ]);
  });

  it('does not take dollar amounts for math', () => {
    assert.deepEqual(splitSteps('It costs $5. Then $3 more. A literal \\$ sign. End.'), [
      'It costs $5.',
      'Then $3 more.',
      'A literal \\$ sign.',
      'End.',
    ]);
  });

  it('gives no steps for empty text', () => {
    assert.deepEqual(splitSteps(''), []);
    assert.deepEqual(splitSteps(' \n\n '), []);
    assert.deepEqual(splitSteps('#### 5'), []);
  });
});

describe('numberSteps', () => {
  it('writes the LEMA layout', () => {
    assert.equal(numberSteps(['a = 2.', 'b = 3.']), 'Step 1: a = 2.\nStep 2: b = 3.');
    assert.equal(numberSteps([]), '');
  });

  it('round-trips through splitSteps', () => {
    const steps = ['She has $5.', 'Then $$\nx = 1\n$$ holds.', 'The answer is 6.'];
    assert.deepEqual(splitSteps(numberSteps(steps)), steps);
  });
});
