import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineCounts } from '../../../src/core/store/lineCounts';

describe('LineCounts (the Runs view’s table sizes)', () => {
  it('counts appended lines on top of what it counted, and counts a replaced or shrunk file again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-lines-'));
    const file = join(dir, 'paths.jsonl');
    const counts = new LineCounts();
    assert.equal(await counts.count(file), null, 'no file: null');
    writeFileSync(file, '{"id":"a"}\n{"id":"b"}\n');
    assert.equal(await counts.count(file), 2);
    appendFileSync(file, '{"id":"c"}\n{"id":');
    assert.equal(await counts.count(file), 3, 'a line without its newline yet is not counted');
    appendFileSync(file, '"d"}\n');
    assert.equal(await counts.count(file), 4);
    // The writer's torn-tail repair: the same file is cut back to its last whole line, then whole records follow.
    appendFileSync(file, '{"id":"torn-and-lo');
    assert.equal(await counts.count(file), 4);
    truncateSync(file, Buffer.byteLength('{"id":"a"}\n{"id":"b"}\n{"id":"c"}\n{"id":"d"}\n'));
    appendFileSync(file, '{"id":"e"}\n{"id":"f"}\n{"id":"g"}\n');
    assert.equal(await counts.count(file), 7, 'the records written over a cut torn line are all counted');
    writeFileSync(`${file}.new`, '{"id":"x"}\n');
    renameSync(`${file}.new`, file);
    assert.equal(await counts.count(file), 1, 'a replaced file is counted from the start');
    writeFileSync(file, '');
    assert.equal(await counts.count(file), 0, 'a file cut short is counted from the start');
    rmSync(dir, { recursive: true, force: true });
  });
});
