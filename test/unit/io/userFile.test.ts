import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkUserFile, readUserText, UserFileError, utf8ErrorAt } from '../../../src/core/io/userFile';

describe('guarded user files (core/io/userFile)', function () {
  this.timeout(10_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'mb-userfile-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const refusal = async (p: Promise<unknown>): Promise<UserFileError> => {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof UserFileError, `expected a UserFileError, got ${String(e)}`);
      return e;
    }
    assert.fail('expected a refusal');
  };

  it('refuses a folder, a FIFO (without blocking on it) and a device, naming the path', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    try {
      assert.match((await refusal(checkUserFile(dir))).message, new RegExp(`cannot read '${dir}': it is a folder`));
      assert.match((await refusal(checkUserFile(fifo))).message, /it is a named pipe \(FIFO\), which may never end/);
      assert.match((await refusal(checkUserFile('/dev/zero'))).message, /'\/dev\/zero': it is a device/);
      const missing = await refusal(checkUserFile(join(dir, 'nope')));
      assert.equal(missing.code, 'ENOENT');
    } finally {
      rmSync(fifo);
    }
  });

  it('reads a small text whole; refuses it over its size or line limit, empty, or not UTF-8 at line:column', async () => {
    const file = join(dir, 'p.txt');
    writeFileSync(file, '\uFEFFline one\nline two\n');
    assert.equal(await readUserText(file, { maxBytes: 100 }), 'line one\nline two\n');
    truncateSync(file, 2000);
    assert.match((await refusal(readUserText(file, { maxBytes: 1000, what: 'few-shot prompt' }))).message, /is 2\.0 KiB, over the 1000 bytes limit for a few-shot prompt/);
    writeFileSync(file, `short\n${'x'.repeat(300)}\n`);
    const long = await refusal(readUserText(file, { maxBytes: 1000, maxLineBytes: 200 }));
    assert.equal(long.diagnostic.line, 2);
    writeFileSync(file, ' \n\n');
    assert.match((await refusal(readUserText(file, { maxBytes: 100 }))).message, /is empty \(only blank lines\)/);
    assert.equal(await readUserText(file, { maxBytes: 100, allowEmpty: true }), ' \n\n');
    writeFileSync(file, Buffer.concat([Buffer.from('ok\nna\u00efve caf'), Buffer.from([0xe9, 0x0a])]));
    const bad = await refusal(readUserText(file, { maxBytes: 100 }));
    assert.deepEqual([bad.diagnostic.line, bad.diagnostic.column], [2, 10]);
    assert.match(bad.message, /:2:10: error: not valid UTF-8 text \(byte 0xE9 at line 2, column 10\)/);
    assert.match(await readUserText(file, { maxBytes: 100, invalidUtf8: 'replace' }), /caf\uFFFD/);
  });

  it('finds the first byte that breaks UTF-8', () => {
    const at = (bytes: number[]): number => utf8ErrorAt(Buffer.from(bytes), 0, bytes.length);
    assert.equal(at([0x61, 0xc3, 0xa9, 0x62]), -1);
    assert.equal(at([0x61, 0xe9, 0x62]), 1);
    assert.equal(at([0x61, 0xc3]), 1, 'cut short at the end');
    assert.equal(at([0xc0, 0x80]), 0, 'overlong');
    assert.equal(at([0xed, 0xa0, 0x80]), 0, 'a surrogate');
    assert.equal(at([0xf0, 0x9f, 0x98, 0x80]), -1);
  });
});
