import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTable } from '../../../src/core/store/tableReader';
import { openTable } from '../../../src/core/store/tableWriter';
import { useTempDir } from './workspace';

interface PathRecord {
  id: string;
  questionId: string;
  completion: string;
}

const path = (n: number, completion = `Step 1: ${n} + 1 = ${n + 1}. The answer is ${n + 1}.`): PathRecord => ({
  id: `p${n}`,
  questionId: `q${n}`,
  completion,
});

async function readAll<R>(iterable: AsyncIterable<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of iterable) out.push(r);
  return out;
}

describe('append-only tables', () => {
  const t = useTempDir();
  const file = (): string => join(t.dir(), 'paths.jsonl');

  it('appends one record per line and reads them back in order', async () => {
    const writer = await openTable<PathRecord>(file(), { onDiagnostic: t.collect });
    for (let n = 0; n < 5; n++) assert.equal(await writer.append(path(n)), true);
    // Visible to a reader before close: every append reached the OS.
    assert.equal(readFileSync(file(), 'utf8').split('\n').length, 6);
    await writer.close();
    assert.deepEqual(await readAll(readTable<PathRecord>(file(), t.collect)), [0, 1, 2, 3, 4].map((n) => path(n)));
    assert.equal(readFileSync(file(), 'utf8').endsWith('}\n'), true);
    assert.deepEqual(t.diagnostics, []);
    assert.equal(existsSync(`${file()}.lock`), false, 'close releases the lock');
  });

  it('keeps text with newlines, quotes and non-ASCII on one line', async () => {
    const writer = await openTable<PathRecord>(file(), { onDiagnostic: t.collect });
    const tricky = path(1, 'Step 1: "½ of 10" is 5.\nStep 2: 5 × 2 = 10 — 答案\u2028done');
    await writer.append(tricky);
    await writer.close();
    assert.equal(readFileSync(file(), 'utf8').split('\n').length, 2);
    assert.deepEqual(await readAll(readTable(file(), t.collect)), [tricky]);
  });

  it('on resume knows the ids already there and never writes a duplicate', async () => {
    const first = await openTable<PathRecord>(file(), { onDiagnostic: t.collect });
    await first.append(path(0));
    await first.append(path(1));
    await first.close();

    const resumed = await openTable<PathRecord>(file(), { onDiagnostic: t.collect });
    assert.equal(resumed.count, 2);
    assert.equal(resumed.has('p1'), true);
    assert.equal(resumed.has('p2'), false);
    assert.equal(await resumed.append(path(1, 'a different completion')), false);
    // Two appends of one id in flight together still write it once.
    const results = await Promise.all([resumed.append(path(2)), resumed.append(path(2))]);
    assert.deepEqual(results.sort(), [false, true]);
    await resumed.close();
    const ids = (await readAll(readTable<PathRecord>(file(), t.collect))).map((r) => r.id);
    assert.deepEqual(ids, ['p0', 'p1', 'p2']);
    assert.equal((await readAll(readTable<PathRecord>(file(), t.collect)))[1]?.completion, path(1).completion);
  });

  it('reports a torn last line with file:line and ignores it when reading', async () => {
    writeFileSync(file(), `${JSON.stringify(path(0))}\n${JSON.stringify(path(1))}\n{"id":"p2","questionId":"q2","compl`);
    const records = await readAll(readTable<PathRecord>(file(), t.collect));
    assert.deepEqual(records.map((r) => r.id), ['p0', 'p1']);
    assert.equal(t.diagnostics.length, 1);
    assert.deepEqual({ ...t.diagnostics[0], message: undefined }, { file: file(), line: 3, severity: 'warning', message: undefined });
    assert.match(t.diagnostics[0]?.message ?? '', /incomplete .*\.torn/);
  });

  it('moves damaged middle lines to <table>.damaged on reopen, counts only valid records, and keeps a torn tail apart', async () => {
    const bad1 = '{"id":"p1","questionId":"q1","completion":"cut';
    const bad2 = '["not", "a record"]';
    const torn = '{"id":"p9","compl';
    writeFileSync(file(), [JSON.stringify(path(0)), bad1, JSON.stringify(path(2)), '', bad2, JSON.stringify(path(3)), torn].join('\n'));
    const writer = await openTable<PathRecord>(file(), { onDiagnostic: t.collect });
    assert.equal(writer.count, 3, 'only valid records are counted');
    assert.deepEqual(t.diagnostics.map((d) => [d.line, d.severity]), [[2, 'error'], [5, 'error'], [2, 'warning'], [5, 'warning'], [5, 'warning']]);
    assert.match(t.diagnostics[2]?.message ?? '', /moved this damaged line .* to .*paths\.jsonl\.damaged/);
    assert.match(t.diagnostics[4]?.message ?? '', /the last line was incomplete.*\.torn/);
    assert.equal(readFileSync(`${file()}.damaged`, 'utf8'), `${bad1}\n${bad2}\n`);
    assert.equal(readFileSync(`${file()}.torn`, 'utf8'), `${torn}\n`);
    await writer.append(path(1));
    await writer.close();

    t.diagnostics.length = 0;
    assert.deepEqual((await readAll(readTable<PathRecord>(file(), t.collect))).map((r) => r.id), ['p0', 'p2', 'p3', 'p1']);
    assert.deepEqual(t.diagnostics, [], 'the damage is reported once, not on every read');
    assert.equal(readFileSync(file(), 'utf8').split('\n').filter((l) => l !== '').length, 4);
  });

  it('repairs a torn tail on reopen: the bytes go to <table>.torn and the next append starts a fresh line', async () => {
    const torn = '{"id":"p2","questionId":"q2","compl';
    writeFileSync(file(), `${JSON.stringify(path(0))}\n${torn}`);
    const writer = await openTable<PathRecord>(file(), { onDiagnostic: t.collect });
    assert.equal(t.diagnostics.length, 1);
    assert.equal(t.diagnostics[0]?.line, 2);
    assert.match(t.diagnostics[0]?.message ?? '', /moved it to .*paths\.jsonl\.torn/);
    assert.equal(readFileSync(`${file()}.torn`, 'utf8'), `${torn}\n`);
    assert.equal(writer.has('p2'), false, 'a torn record does not count as written');
    await writer.append(path(2));
    await writer.close();

    t.diagnostics.length = 0;
    assert.deepEqual((await readAll(readTable<PathRecord>(file(), t.collect))).map((r) => r.id), ['p0', 'p2']);
    assert.deepEqual(t.diagnostics, []);

    // A second crash adds to the side file rather than replacing it.
    appendFileSync(file(), '{"id":"p3"');
    await (await openTable<PathRecord>(file(), { onDiagnostic: t.collect })).close();
    assert.equal(readFileSync(`${file()}.torn`, 'utf8'), `${torn}\n{"id":"p3"\n`);
  });

  it('terminates a complete last line that lacks its newline (a hand edit) instead of discarding it', async () => {
    writeFileSync(file(), `${JSON.stringify(path(0))}\n${JSON.stringify(path(1))}`);
    const writer = await openTable<PathRecord>(file(), { onDiagnostic: t.collect });
    assert.equal(writer.has('p1'), true);
    await writer.append(path(2));
    await writer.close();
    assert.deepEqual(t.diagnostics, []);
    assert.equal(existsSync(`${file()}.torn`), false);
    assert.deepEqual((await readAll(readTable<PathRecord>(file(), t.collect))).map((r) => r.id), ['p0', 'p1', 'p2']);
  });

  it('reports a malformed middle line as an error with line and column, and reads on', async () => {
    writeFileSync(
      file(),
      [JSON.stringify(path(0)), '{"id":"p1","questionId":"q1",,}', '', '["not", "a record"]', '{"questionId":"q9"}', JSON.stringify(path(2)), ''].join('\n'),
    );
    const records = await readAll(readTable<PathRecord>(file(), t.collect));
    assert.deepEqual(records.map((r) => r.id), ['p0', 'p2']);
    assert.deepEqual(
      t.diagnostics.map((d) => [d.line, d.severity]),
      [
        [2, 'error'],
        [4, 'error'],
        [5, 'error'],
      ],
    );
    assert.equal(t.diagnostics[0]?.column, 30);
    assert.match(t.diagnostics[0]?.message ?? '', /not valid JSON/);
    assert.match(t.diagnostics[1]?.message ?? '', /string "id"/);
  });

  it('reads a missing table as empty', async () => {
    assert.deepEqual(await readAll(readTable(join(t.dir(), 'nothing.jsonl'), t.collect)), []);
  });

  it('streams records across read chunks, including a line longer than a chunk and UTF-8 split at a boundary', async () => {
    const long = path(1, '∑'.repeat(900_000)); // ~2.7 MB of 3-byte characters, spans several 1 MiB chunks
    const records = [path(0, ''), long, ...Array.from({ length: 20_000 }, (_, i) => path(i + 2, `Ω${i}`.repeat(20)))];
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    writeFileSync(file(), text);
    // The first 1 MiB chunk ends inside a 3-byte '∑', so the reader must not decode chunk by chunk.
    const longStarts = Buffer.byteLength(text.slice(0, text.indexOf('∑')));
    assert.notEqual(((1 << 20) - longStarts) % 3, 0);
    const back = await readAll(readTable<PathRecord>(file(), t.collect));
    assert.equal(back.length, records.length);
    assert.deepEqual(back[1], long);
    assert.deepEqual(back.at(-1), records.at(-1));
    assert.deepEqual(t.diagnostics, []);
  });

  it('refuses appends after close and syncs on demand before', async () => {
    const writer = await openTable<PathRecord>(file(), { onDiagnostic: t.collect, syncIntervalMs: 5 });
    await writer.append(path(0));
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the background sync run
    await writer.append(path(1));
    await writer.sync();
    await writer.close();
    await assert.rejects(writer.append(path(2)), /was closed; open the table again/);
  });
});
