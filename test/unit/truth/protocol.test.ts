import { strict as assert } from 'node:assert';
import { isHostToMistakeView, isMistakeViewMessage } from '../../../src/shared/protocol';
import { isBarFilter } from '../../../src/shared/statsProtocol';

describe('step-level truth in the webview protocols: both ends check what they receive', () => {
  it('accepts a step label (a step, or none) and an error type from the mistake view, and refuses bad ones', () => {
    for (const m of [
      { type: 'labelStep', pathId: 'p', step: 2 },
      { type: 'labelStep', pathId: 'p', step: null, correctionId: 'c', requestId: 3 },
      { type: 'setErrorType', correctionId: 'c', errorType: 'unit' },
    ]) assert.ok(isMistakeViewMessage(m), JSON.stringify(m));
    for (const m of [
      { type: 'labelStep', pathId: 'p', step: 0 },
      { type: 'labelStep', pathId: 'p', step: 1.5 },
      { type: 'labelStep', pathId: 'p' },
      { type: 'labelStep', step: 1 },
      { type: 'setErrorType', correctionId: 'c', errorType: 'typo' },
      { type: 'setErrorType', errorType: 'unit' },
    ]) assert.equal(isMistakeViewMessage(m), false, JSON.stringify(m));
  });

  it('accepts the host’s answers and refuses a malformed one', () => {
    assert.ok(isHostToMistakeView({ type: 'stepLabelled', pathId: 'p', humanStep: { step: null, who: 'ada', at: 't' } }));
    assert.ok(isHostToMistakeView({ type: 'errorTypeSet', correctionId: 'c', errorType: { type: 'logic', source: 'human' } }));
    assert.equal(isHostToMistakeView({ type: 'stepLabelled', pathId: 'p', humanStep: { step: '2', who: 'ada', at: 't' } }), false);
    assert.equal(isHostToMistakeView({ type: 'errorTypeSet', correctionId: 'c', errorType: { type: 'logic', source: 'oracle' } }), false);
    assert.equal(isHostToMistakeView({ type: 'errorTypeSet', correctionId: 'c', errorType: { type: 'logic', source: 'rules', confidence: 2 } }), false);
  });

  it('takes an error-type bar of the statistics view, by model or at a step, and refuses a bad one', () => {
    assert.ok(isBarFilter({ label: 'Calculation', runs: [], errorType: 'calculation', incorrectStep: 3 }));
    assert.equal(isBarFilter({ label: 'x', runs: [], errorType: 'nonsense' }), false);
    assert.equal(isBarFilter({ label: 'x', runs: [], errorType: 'unit', incorrectStep: -1 }), false);
  });
});
