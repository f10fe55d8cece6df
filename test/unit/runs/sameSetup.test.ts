import { strict as assert } from 'node:assert';
import { sameSetup } from '../../../src/core/runs/sameSetup';
import type { RunInfo } from '../../../src/core/store/runInfo';

const base: Pick<RunInfo, 'task' | 'dataset' | 'models' | 'prompts' | 'settings'> = {
  task: 'gsm8k',
  dataset: { path: 'datasets/train.jsonl', sha256: 'aa' },
  models: {
    reasoner: { endpoint: 'http://127.0.0.1:8000/v1', model: 'llama', api: 'chat', sampling: { temperature: 0.8, n: 4 } },
    corrector: { endpoint: 'http://127.0.0.1:8000/v1', model: 'gpt', api: 'chat', sampling: { temperature: 0, seed: 11 } },
  },
  prompts: { correction: { text: 'P', file: 'p.fewshot.txt', sha256: 'pp' } },
  settings: { limit: 10 },
};

describe('sameSetup (a twin of an earlier run)', () => {
  it('ignores the corrector’s drawn seed, and nothing else', () => {
    const reseeded = { ...base, models: { ...base.models, corrector: { ...base.models.corrector!, sampling: { temperature: 0, seed: 12 } } } };
    assert.equal(sameSetup(base, reseeded), true);
    assert.equal(sameSetup(base, { ...base, settings: { limit: 11 } }), false);
    assert.equal(sameSetup(base, { ...base, dataset: { ...base.dataset, sha256: 'ab' } }), false, 'the dataset changed on disk');
    assert.equal(sameSetup(base, { ...base, prompts: { correction: { text: 'Q', file: 'p.fewshot.txt', sha256: 'qq' } } }), false);
    const hotter = { ...base, models: { ...base.models, reasoner: { ...base.models.reasoner!, sampling: { temperature: 1, n: 4 } } } };
    assert.equal(sameSetup(base, hotter), false);
    const reasonerSeed = { ...base, models: { ...base.models, reasoner: { ...base.models.reasoner!, sampling: { temperature: 0.8, n: 4, seed: 3 } } } };
    assert.equal(sameSetup(base, reasonerSeed), false, 'a reasoner seed the researcher chose is part of the setup');
  });
});
