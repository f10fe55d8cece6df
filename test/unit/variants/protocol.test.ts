/** The comparison view's and the blind review's messages are checked on arrival: well-formed ones pass, anything else is dropped. */
import { strict as assert } from 'node:assert';
import { isBlindViewMessage, isCompareViewMessage, isHostToBlindView, isHostToCompareView } from '../../../src/shared/compareProtocol';
import { isBarFilter } from '../../../src/shared/statsProtocol';

describe('correction-variant view protocols', () => {
  it('a cell click names two variant ids and a cell; anything else is refused', () => {
    assert.equal(isCompareViewMessage({ type: 'listCell', a: 'a6037775', b: 'c83e247a', cell: 'onlyB', label: 'A vs B', requestId: 3 }), true);
    assert.equal(isCompareViewMessage({ type: 'listCell', a: 'a6037775', b: 'c83e247a', cell: 'onlyC', label: 'A vs B' }), false);
    assert.equal(isCompareViewMessage({ type: 'listCell', a: '../../etc', b: 'c83e247a', cell: 'onlyA', label: 'x' }), false);
    assert.equal(isCompareViewMessage({ type: 'blindReview', a: 'a6037775', b: 'c83e247a' }), true);
    assert.equal(isCompareViewMessage({ type: 'listCell', a: 'a6037775', b: 'c83e247a', cell: 'onlyA', label: 'x', requestId: -1 }), false);
    assert.equal(isHostToCompareView({ type: 'cellListed', label: 'x', count: 7, applied: true, requestId: 3 }), true);
    assert.equal(isHostToCompareView({ type: 'report', report: { runId: 'r', variants: [], pairs: [] } }), true);
    assert.equal(isHostToCompareView({ type: 'report', report: { runId: 'r' } }), false);
  });

  it('a vote names the item shown and one of three choices; the item carries exactly two corrections', () => {
    assert.equal(isBlindViewMessage({ type: 'vote', token: 'p1', choice: 'tie' }), true);
    assert.equal(isBlindViewMessage({ type: 'vote', token: 'p1', choice: 'a' }), false);
    assert.equal(isBlindViewMessage({ type: 'skip', token: 'p1' }), true);
    const item = { token: 'p1', question: 'q', goldAnswer: '4', steps: ['s'], corrections: [{ solution: ['x'] }, { solution: [], raw: 'r' }] };
    assert.equal(isHostToBlindView({ type: 'item', item, progress: { voted: 0, total: 3 } }), true);
    assert.equal(isHostToBlindView({ type: 'item', item: { ...item, corrections: [{ solution: ['x'] }] }, progress: { voted: 0, total: 3 } }), false);
  });

  it('the tree filter takes a cell’s path ids, as strings only', () => {
    assert.equal(isBarFilter({ label: 'A vs B', runs: ['r'], questionIds: ['q'], pathIds: ['p1'] }), true);
    assert.equal(isBarFilter({ label: 'A vs B', runs: ['r'], pathIds: [1] }), false);
  });
});
