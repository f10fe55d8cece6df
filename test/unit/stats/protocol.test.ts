import { strict as assert } from 'node:assert';
import { isHostToStatsView, isStatsViewMessage } from '../../../src/shared/statsProtocol';

describe('statistics view messages', () => {
  it('accepts the view\'s messages in their exact shape', () => {
    assert.ok(isStatsViewMessage({ type: 'ready' }));
    assert.ok(isStatsViewMessage({ type: 'setFilter', filter: { runs: ['r1'], models: [] } }));
    assert.ok(isStatsViewMessage({ type: 'filterTree', filter: { label: 'x', runs: [], model: 'gpt-4', questionIds: ['q1'] } }));
    assert.ok(isStatsViewMessage({ type: 'openPrompt', promptSha256: 'ab'.repeat(32), label: 'gsm8k.fewshot.txt · abababab', requestId: 3 }));
  });

  it('rejects anything else: unknown types, missing or mistyped fields', () => {
    for (const bad of [
      null,
      'ready',
      { type: 'eval' },
      { type: 'setFilter', filter: { runs: 'r1', models: [] } },
      { type: 'setFilter' },
      { type: 'filterTree', filter: { runs: [] } },
      { type: 'filterTree', filter: { label: 'x', runs: [], questionIds: [1] } },
      { type: 'openPrompt', label: 'x' },
      { type: 'openPrompt', promptSha256: '../run.json', label: 'x' },
    ]) {
      assert.equal(isStatsViewMessage(bad), false, JSON.stringify(bad));
    }
  });

  it('checks the host\'s messages before the view draws them', () => {
    assert.ok(isHostToStatsView({ type: 'filtered', label: 'a', applied: false }));
    assert.ok(isHostToStatsView({ type: 'promptOpened', label: 'a', opened: true, requestId: 1 }));
    assert.equal(isHostToStatsView({ type: 'promptOpened', label: 'a', opened: 'yes' }), false);
    assert.ok(isHostToStatsView({ type: 'stats', report: { accuracy: [], filter: { runs: [], models: [] } } }));
    assert.equal(isHostToStatsView({ type: 'stats', report: { accuracy: 'x', filter: { runs: [], models: [] } } }), false);
    assert.equal(isHostToStatsView({ type: 'error' }), false);
  });
});
