import { strict as assert } from 'node:assert';
import { alignSteps, expandCorrection, wordDiff } from '../../../src/core/correction';
import type { StepCorrection } from '../../../src/core/correction';

const ORIGINAL = ['Lee has 3 * 5 = 15 apples.', 'He eats 2, so 15 + 2 = 17 are left.', 'He gives 1 away, so 16 are left.', 'The answer is 16.'];

const CORRECTION: StepCorrection = {
  format: 'steps',
  incorrectStep: 2,
  explanation: 'Eating removes apples.',
  correctedSteps: ['He eats 2, so 15 - 2 = 13 are left.', 'The answer is 13.'],
  correctedFrom: 2,
};

describe('expandCorrection', () => {
  it('puts the original steps the "..." stands for before the corrected steps', () => {
    assert.deepEqual(expandCorrection(ORIGINAL, CORRECTION), ['Lee has 3 * 5 = 15 apples.', 'He eats 2, so 15 - 2 = 13 are left.', 'The answer is 13.']);
  });

  it('takes nothing from the original when Step 1 is wrong or everything was restated', () => {
    const fromOne = { ...CORRECTION, incorrectStep: 1, correctedFrom: 1, correctedSteps: ['a', 'b'] };
    assert.deepEqual(expandCorrection(ORIGINAL, fromOne), ['a', 'b']);
    const restated = { ...CORRECTION, correctedFrom: 1, correctedSteps: ['Lee has 15 apples.', ...CORRECTION.correctedSteps] };
    assert.deepEqual(expandCorrection(ORIGINAL, restated), ['Lee has 15 apples.', ...CORRECTION.correctedSteps]);
  });
});

describe('wordDiff', () => {
  it('returns plain word changes, with added/removed only where true', () => {
    assert.deepEqual(wordDiff('so 15 + 2 = 17 are left', 'so 15 - 2 = 13 are left'), [
      { value: 'so 15 ' },
      { value: '+', removed: true },
      { value: '-', added: true },
      { value: ' 2 = ' },
      { value: '17', removed: true },
      { value: '13', added: true },
      { value: ' are left' },
    ]);
  });

  it('joins back into the old text without the added parts and into the new one without the removed parts', () => {
    const before = 'Lee has $3 \\cdot 5 = 15$ apples.';
    const after = 'Lee now has $3 \\cdot 5 = 15$ red apples!';
    const d = wordDiff(before, after);
    assert.equal(d.filter((c) => !c.added).map((c) => c.value).join(''), before);
    assert.equal(d.filter((c) => !c.removed).map((c) => c.value).join(''), after);
  });
});

describe('alignSteps', () => {
  it('shares the steps before the incorrect one, replaces it with a diff, and invalidates the rest', () => {
    const rows = alignSteps(ORIGINAL, CORRECTION);
    assert.deepEqual(
      rows.map((r) => [r.kind, r.number, r.original ?? null, r.corrected ?? null]),
      [
        ['shared', 1, ORIGINAL[0], ORIGINAL[0]],
        ['replaced', 2, ORIGINAL[1], CORRECTION.correctedSteps[0]],
        ['invalidated-original', 3, ORIGINAL[2], null],
        ['new-corrected', 3, null, 'The answer is 13.'],
        ['invalidated-original', 4, ORIGINAL[3], null],
      ],
    );
    assert.deepEqual(rows[1]?.diff, wordDiff(ORIGINAL[1] ?? '', CORRECTION.correctedSteps[0] ?? ''));
    assert.equal(rows[0]?.diff, undefined);
  });

  it('lists the corrected steps beyond the original length as new', () => {
    const longer = { ...CORRECTION, correctedSteps: ['x', 'y', 'z', 'The answer is 9.'] };
    const rows = alignSteps(ORIGINAL, longer);
    assert.deepEqual(
      rows.map((r) => `${r.kind} ${r.number}`),
      ['shared 1', 'replaced 2', 'invalidated-original 3', 'new-corrected 3', 'invalidated-original 4', 'new-corrected 4', 'new-corrected 5'],
    );
    assert.deepEqual(rows.at(-1), { kind: 'new-corrected', number: 5, corrected: 'The answer is 9.' });
  });

  it('replaces a restated earlier step only when its text changed', () => {
    const same = { ...CORRECTION, correctedFrom: 1, correctedSteps: ['Lee has  3 * 5 = 15 apples. ', ...CORRECTION.correctedSteps] };
    assert.equal(alignSteps(ORIGINAL, same)[0]?.kind, 'shared');
    const changed = { ...CORRECTION, correctedFrom: 1, correctedSteps: ['Lee has 15 apples.', ...CORRECTION.correctedSteps] };
    const row = alignSteps(ORIGINAL, changed)[0];
    assert.equal(row?.kind, 'replaced');
    assert.ok(row?.diff?.some((c) => c.removed));
  });

  it('still marks the incorrect step replaced when the corrector left its text as it was', () => {
    const unchanged = { ...CORRECTION, correctedSteps: [ORIGINAL[1] ?? '', 'The answer is 17.'] };
    const row = alignSteps(ORIGINAL, unchanged)[1];
    assert.equal(row?.kind, 'replaced');
    assert.deepEqual(row?.diff, [{ value: ORIGINAL[1] }]);
  });
});
