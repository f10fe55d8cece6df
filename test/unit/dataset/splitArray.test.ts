import { strict as assert } from 'node:assert';
import { JsonArraySplitter } from '../../../src/core/dataset/splitArray';
import type { SourceItem } from '../../../src/core/dataset/sourceItem';

function split(text: string | Buffer, size: number, max = 1024): SourceItem[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const splitter = new JsonArraySplitter(max);
  const out: SourceItem[] = [];
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size), out);
  splitter.end(out);
  return out;
}

function texts(items: SourceItem[]): string[] {
  return items.map((i) => (i.kind === 'text' ? i.text.trim() : `!${i.line}:${i.message}`));
}

describe('JsonArraySplitter', () => {
  it('finds elements with brackets, braces, commas and escaped quotes inside strings', () => {
    const json = '[\n  {"q": "a, [b] {c}", "s": "say \\"hi\\", \\\\"},\n  {"n": [1, {"x": [2]}]},\n  "plain",\n  42\n]\n';
    const whole = split(json, json.length);
    assert.deepEqual(texts(whole), ['{"q": "a, [b] {c}", "s": "say \\"hi\\", \\\\"}', '{"n": [1, {"x": [2]}]}', '"plain"', '42']);
    assert.deepEqual(
      whole.map((i) => (i.kind === 'text' ? [i.line, i.ordinal] : [])),
      [[2, 1], [3, 2], [4, 3], [5, 4]],
    );
    for (const size of [1, 2, 3, 7, 16]) assert.deepEqual(split(json, size), whole, `chunks of ${size}`);
  });

  it('reads an empty array as nothing, and flags stray commas', () => {
    assert.deepEqual(split('[ ]', 1), []);
    assert.deepEqual(texts(split('[{"a":1},,{"b":2},]', 2)), [
      '{"a":1}',
      '!1:empty element (two commas in a row); ignored',
      '{"b":2}',
      "!1:trailing comma before ']'; ignored",
    ]);
  });

  it('says where a cut-off array ends, keeping the complete elements', () => {
    const out = split('[\n{"a":1},\n{"b":', 4);
    assert.deepEqual(texts(out), [
      '{"a":1}',
      "!3:element 2 never closes before the end of the file (the file was cut off, or the element's brackets or quotes do not balance); it is skipped",
    ]);
    assert.deepEqual(texts(split('[{"a":1},\n', 4)), ['{"a":1}', "!2:the array has no closing ']' at the end of the file"]);
  });

  it('stops at text after the array, and at a file that is not an array', () => {
    assert.deepEqual(texts(split('[1]\n{"x":2}', 3)), ['1', "!2:text after the closing ']' of the array; ignored"]);
    assert.deepEqual(texts(split('{"a": 1}', 3)), ["!1:a JSON dataset file must hold one array of records ('[' … ']'); nothing loaded"]);
  });

  it('skips an element over the size limit and goes on', () => {
    const big = `{"a":"${'x'.repeat(3000)}"}`;
    const out = split(`[${big},\n{"b":1}]`, 100, 1000);
    assert.deepEqual(texts(out), ['!1:element 1 is 2.9 KiB, over the 1000 bytes limit for one record; skipped', '{"b":1}']);
    assert.equal(out[1]?.kind === 'text' && out[1].ordinal, 2);
  });

  it('reports an element that is not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('[{"a":"'), Buffer.from([0xff]), Buffer.from('"}, {"b":1}]')]);
    assert.deepEqual(texts(split(bytes, 5)), ['!1:element 1 is not valid UTF-8 text; skipped (re-save the file as UTF-8)', '{"b":1}']);
  });

  it('agrees with JSON.parse on random arrays, whatever the chunk size', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = ['a', '"', '\\', '\n', ',', '[', ']', '{', '}', 'é', '✓', ' ', ':'];
    const text = (): string => Array.from({ length: Math.floor(rand() * 12) }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 2 || r < 0.3) return text();
      if (r < 0.4) return Math.floor(rand() * 1000) / 10;
      if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [text(), value(depth + 1)]));
    };
    for (let round = 0; round < 200; round++) {
      const array = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => value(0));
      const pretty = rand() < 0.5;
      const json = JSON.stringify(array, null, pretty ? 2 : undefined);
      const size = 1 + Math.floor(rand() * 40);
      const items = split(json, size, 1 << 20);
      assert.deepEqual(
        items.map((i) => (i.kind === 'text' ? JSON.parse(i.text) : i)),
        array,
        `round ${round}, chunks of ${size}: ${json}`,
      );
      // Pretty-printed, element k starts on line 2 plus the lines of the elements before it.
      const lines = items.map((i) => i.line);
      let next = 2;
      const expected = array.map((element) => {
        if (!pretty) return 1;
        const at = next;
        next += JSON.stringify(element, null, 2).split('\n').length;
        return at;
      });
      assert.deepEqual(lines, expected, `lines, round ${round}`);
    }
  });

  it('keeps counting lines through a raw newline inside a (broken) string', () => {
    const out = split('[{"a": "x\ny"},\n{"b": 1}]', 3);
    assert.equal(out[0]?.kind, 'text');
    assert.deepEqual(out[1], { kind: 'text', text: '\n{"b": 1}', line: 3, ordinal: 2, lastInFile: false });
  });
});

