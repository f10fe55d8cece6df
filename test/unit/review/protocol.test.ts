import { strict as assert } from 'node:assert';
import { isHostToMistakeView, isMistakeViewMessage, isMistakeViewState } from '../../../src/shared/protocol';

describe('mistake view protocol: both ends check what they receive', () => {
  it('accepts the messages the view sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'painted', pathId: 'p' },
      { type: 'rate', correctionId: 'c', rating: 'good', note: '' },
      { type: 'navigate', direction: 'nextUnrated' },
      { type: 'navigate', direction: 'previousUnrated' },
      { type: 'selectCorrection', correctionId: 'c' },
      { type: 'toolbar', action: 'copyMarkdown' },
      { type: 'toolbar', action: 'regenerate', correctionId: 'c' },
    ]) assert.ok(isMistakeViewMessage(m), JSON.stringify(m));
  });

  it('refuses unknown types, missing fields and wrong values', () => {
    for (const m of [
      null,
      'ready',
      { type: 'toString' },
      { type: 'rate', correctionId: 'c', rating: 'great', note: '' },
      { type: 'rate', correctionId: 'c', rating: 'good' },
      { type: 'navigate', direction: 'sideways' },
      { type: 'toolbar', action: 'deleteRun' },
      { type: 'toolbar', action: 'regenerate', correctionId: 7 },
    ]) assert.equal(isMistakeViewMessage(m), false, JSON.stringify(m));
  });

  it('checks a shown mistake down to its rows', () => {
    const mistake = {
      runId: 'r', pathId: 'p', position: 1, total: 2, task: 'gsm8k', question: 'q', goldAnswer: '1', pathAnswer: null, reasonerModel: 'm', steps: ['a'],
      corrections: [{ id: 'c', model: 'm', index: 0, outcome: 'parsed', answer: '1', verified: true, rows: [{ kind: 'shared', number: 1, original: 'a' }] }],
      progress: { rated: 0, total: 1 },
    };
    const toolbar = { regenerate: false, addToPrompt: false, revealInTree: false, openPrompt: false };
    assert.ok(isHostToMistakeView({ type: 'show', mistake, toolbar }));
    const badRow = { ...mistake, corrections: [{ ...mistake.corrections[0], rows: [{ kind: 'moved', number: 1 }] }] };
    assert.equal(isHostToMistakeView({ type: 'show', mistake: badRow, toolbar }), false);
    assert.equal(isHostToMistakeView({ type: 'show', mistake: { ...mistake, steps: [1] }, toolbar }), false);
    assert.equal(isHostToMistakeView({ type: 'show', mistake, toolbar: {} }), false);
    assert.equal(isHostToMistakeView({ type: 'show', mistake: { ...mistake, progress: undefined }, toolbar }), false, 'a mistake carries the review progress');
    const progress = { rated: 1, total: 1 };
    assert.ok(isHostToMistakeView({ type: 'rated', correctionId: 'c', rating: { value: 'poor', at: 't' }, progress }));
    assert.equal(isHostToMistakeView({ type: 'rated', correctionId: 'c', rating: { value: 'poor' }, progress }), false);
    assert.equal(isHostToMistakeView({ type: 'rated', correctionId: 'c', rating: { value: 'poor', at: 't' } }), false, 'a saved rating brings the new progress');
  });

  it('checks a progress update: counts, and no more rated than there are', () => {
    assert.ok(isHostToMistakeView({ type: 'progress', progress: { rated: 37, total: 120 } }));
    assert.ok(isHostToMistakeView({ type: 'progress', progress: { rated: 0, total: 0 } }));
    for (const progress of [{ rated: 121, total: 120 }, { rated: -1, total: 3 }, { rated: 1.5, total: 3 }, { rated: '1', total: 3 }, { total: 3 }, null]) {
      assert.equal(isHostToMistakeView({ type: 'progress', progress }), false, JSON.stringify(progress));
    }
  });

  it('reads back only a well-formed saved state', () => {
    assert.ok(isMistakeViewState({ runId: 'r', pathId: 'p' }));
    assert.ok(isMistakeViewState({ runId: 'r', pathId: 'p', correctionId: 'c' }));
    assert.equal(isMistakeViewState({ runId: 'r' }), false);
    assert.equal(isMistakeViewState(undefined), false);
  });
});
