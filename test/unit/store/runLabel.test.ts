import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelRun, parseTags } from '../../../src/core/store/runLabel';
import { RunStore } from '../../../src/core/store/runStore';

describe('naming and tagging a run', () => {
  it('writes name and tags into run.json, keeps the id and the stages, and a later stage update keeps them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-label-'));
    const store = await RunStore.create(dir, { toolVersion: '0', task: 'gsm8k', dataset: { path: join(dir, 'd.jsonl'), sha256: 'h' }, models: {} }, { onDiagnostic: () => undefined });
    const info = await labelRun(dir, store.id, { name: '  llama-7b,   prompt v2 ', tags: parseTags('ablation, v2 #prompt-b v2') });
    assert.equal(info.name, 'llama-7b, prompt v2');
    assert.deepEqual(info.tags, ['ablation', 'v2', 'prompt-b']);
    await store.setStage('sample', 'done');
    await store.close();
    const stored = JSON.parse(readFileSync(join(dir, '.mistakebook', 'runs', store.id, 'run.json'), 'utf8')) as { id: string; name?: string; tags?: string[]; stages: Record<string, unknown> };
    assert.equal(stored.id, store.id);
    assert.equal(stored.name, 'llama-7b, prompt v2');
    assert.deepEqual(Object.keys(stored.stages), ['sample']);
    const cleared = await labelRun(dir, store.id, { name: '', tags: [] });
    assert.equal(cleared.name, undefined);
    assert.equal(cleared.tags, undefined);
    await assert.rejects(labelRun(dir, '../escape', { name: 'x', tags: [] }));
  });
});
