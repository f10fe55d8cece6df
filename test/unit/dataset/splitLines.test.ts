import { strict as assert } from 'node:assert';
import { JsonLinesSplitter } from '../../../src/core/dataset/splitLines';
import type { SourceItem } from '../../../src/core/dataset/sourceItem';

/** Feeds `bytes` to a splitter in chunks of `size` bytes, as a file stream would. */
function split(bytes: Buffer, size: number, max = 1024): SourceItem[] {
  const splitter = new JsonLinesSplitter(max);
  const out: SourceItem[] = [];
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size), out);
  splitter.end(out);
  return out;
}

describe('JsonLinesSplitter', () => {
  it('cuts lines the same way whatever the chunk boundaries', () => {
    const bytes = Buffer.from('{"a":1}\r\n{"b":"é✓"}\n\n  \n{"c":3}');
    const whole = split(bytes, bytes.length);
    assert.deepEqual(whole, [
      { kind: 'text', text: '{"a":1}', line: 1, ordinal: 1, lastInFile: false },
      { kind: 'text', text: '{"b":"é✓"}', line: 2, ordinal: 2, lastInFile: false },
      { kind: 'problem', line: 3, severity: 'warning', message: 'blank line; skipped' },
      { kind: 'problem', line: 4, severity: 'warning', message: 'blank line; skipped' },
      { kind: 'text', text: '{"c":3}', line: 5, ordinal: 5, lastInFile: true },
    ]);
    for (const size of [1, 2, 3, 5, 7]) assert.deepEqual(split(bytes, size), whole, `chunks of ${size}`);
  });

  it('reports a line that is not UTF-8 and keeps the next', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"b":1}\n')]);
    const out = split(bytes, 4);
    assert.equal(out.length, 2);
    assert.deepEqual(out[0], { kind: 'problem', line: 1, column: 7, severity: 'error', message: 'not valid UTF-8 text (byte 0xC3); skipped (re-save the file as UTF-8)' });
    assert.equal(out[1]?.kind === 'text' && out[1].text, '{"b":1}');
  });

  it('keeps a real U+FFFD character (it is valid UTF-8)', () => {
    const out = split(Buffer.from('{"a":"\uFFFD"}\n'), 3);
    assert.deepEqual(out, [{ kind: 'text', text: '{"a":"\uFFFD"}', line: 1, ordinal: 1, lastInFile: false }]);
  });

  it('skips an over-long line without holding it, and counts lines past it', () => {
    const long = `{"a":"${'x'.repeat(5000)}"}`;
    const bytes = Buffer.from(`{"a":1}\n${long}\n{"a":2}\n${long}`);
    for (const size of [64, 4096, bytes.length]) {
      const out = split(bytes, size, 1000);
      assert.deepEqual(
        out.map((o) => [o.kind, o.line]),
        [['text', 1], ['problem', 2], ['text', 3], ['problem', 4]],
        `chunks of ${size}`,
      );
      assert.match(out[1]?.kind === 'problem' ? out[1].message : '', /line is 4\.9 KiB, over the 1000 bytes limit/);
    }
  });

  it('gives nothing for an empty stream and no phantom line after a final newline', () => {
    assert.deepEqual(split(Buffer.alloc(0), 1), []);
    assert.equal(split(Buffer.from('{}\n'), 1).length, 1);
  });
});
