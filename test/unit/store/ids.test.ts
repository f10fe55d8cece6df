import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, recordId, sha256Hex } from '../../../src/core/ids';
import { sha256File } from '../../../src/core/store/fileHash';

describe('canonicalJson', () => {
  it('gives the same text whatever order the keys were built in, at every depth', () => {
    const a = { model: 'llama', sampling: { temperature: 0.8, n: 4, stop: ['\n\n', 'Q:'] }, index: 2 };
    const b = { index: 2, sampling: { stop: ['\n\n', 'Q:'], n: 4, temperature: 0.8 }, model: 'llama' };
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.equal(canonicalJson(a), '{"index":2,"model":"llama","sampling":{"n":4,"stop":["\\n\\n","Q:"],"temperature":0.8}}');
  });

  it('keeps array order, and treats an undefined field as absent', () => {
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
    assert.equal(canonicalJson({ seed: undefined, n: 1 }), canonicalJson({ n: 1 }));
  });

  it('refuses values JSON would silently turn into null', () => {
    assert.throws(() => canonicalJson({ sampling: { temperature: Number.NaN } }), /\$\.sampling\.temperature is NaN/);
    assert.throws(() => canonicalJson({ n: 10n }), /bigint/);
    assert.throws(() => canonicalJson({ f: () => 1 }), /function/);
  });
});

describe('recordId', () => {
  it('is the first 16 hex digits of sha256 over the canonical kind and parts', () => {
    const expected = createHash('sha256').update('{"kind":"path","parts":{"a":1,"b":[2,3]}}').digest('hex').slice(0, 16);
    assert.equal(recordId('path', { b: [2, 3], a: 1 }), expected);
    assert.match(expected, /^[0-9a-f]{16}$/);
  });

  it('is stable across key order and differs by kind and by any defining field', () => {
    const path = { questionId: 'q1', endpoint: 'http://gpu1:8000/v1', model: 'llama-2-7b', sampling: { temperature: 0.8, seed: 1 }, sampleIndex: 0 };
    const reordered = { sampleIndex: 0, sampling: { seed: 1, temperature: 0.8 }, model: 'llama-2-7b', endpoint: 'http://gpu1:8000/v1', questionId: 'q1' };
    assert.equal(recordId('path', path), recordId('path', reordered));
    assert.notEqual(recordId('path', path), recordId('correction', path));
    assert.notEqual(recordId('path', path), recordId('path', { ...path, sampleIndex: 1 }));
  });
});

describe('sha256File', () => {
  it('hashes the bytes of a file larger than one read chunk like hashing them at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-hash-'));
    try {
      const bytes = Buffer.alloc(3 * (1 << 20) + 17, 'q');
      writeFileSync(join(dir, 'd.jsonl'), bytes);
      assert.equal(await sha256File(join(dir, 'd.jsonl')), sha256Hex(bytes));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
