import { strict as assert } from 'node:assert';
import { appendFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordFile } from '../../../src/core/store/recordFile';
import { TableFollower, type RecordLocation, type TableVisitor } from '../../../src/core/store/tableFollower';
import { openTable } from '../../../src/core/store/tableWriter';
import { useTempDir } from './workspace';

interface Row {
  id: string;
  text: string;
}

const row = (n: number): Row => ({ id: `r${n}`, text: `correction ${n}: Step ${n % 7} is wrong — ünïcode ✓` });
const line = (r: Row): string => `${JSON.stringify(r)}\n`;

/** Keeps what the follower hands out, and starts over on a reset, as an index would. */
function collector(): TableVisitor<Row> & { rows: Row[]; at: RecordLocation[]; resets: number } {
  const c = {
    rows: [] as Row[],
    at: [] as RecordLocation[],
    resets: 0,
    reset(): void {
      c.rows = [];
      c.at = [];
      c.resets++;
    },
    record(r: Row, at: RecordLocation): void {
      c.rows.push(r);
      c.at.push(at);
    },
  };
  return c;
}

describe('TableFollower: a table read once, then only what was appended', () => {
  const t = useTempDir();
  const file = (): string => join(t.dir(), 'corrections.jsonl');

  it('reads the whole table first, with locations that read each record back', async () => {
    writeFileSync(file(), Array.from({ length: 50 }, (_, i) => line(row(i))).join(''));
    const follower = new TableFollower<Row>(file(), t.collect);
    const seen = collector();
    const first = await follower.refresh(seen);
    assert.deepEqual([first.kind, first.records, first.bytesRead], ['reset', 50, statSync(file()).size]);
    assert.deepEqual(seen.rows, Array.from({ length: 50 }, (_, i) => row(i)));
    assert.deepEqual(seen.at.map((a) => a.line), Array.from({ length: 50 }, (_, i) => i + 1));
    const records = RecordFile.open(file());
    try {
      for (const i of [0, 17, 49]) assert.deepEqual(records.read<Row>(seen.at[i] as RecordLocation), row(i));
    } finally {
      records.close();
    }
    assert.equal(follower.offset, statSync(file()).size);
  });

  it('after one appended line reads only that line (and a few bytes to check the rest is unchanged)', async () => {
    writeFileSync(file(), Array.from({ length: 5000 }, (_, i) => line(row(i))).join(''));
    const follower = new TableFollower<Row>(file(), t.collect);
    const seen = collector();
    const full = await follower.refresh(seen);
    appendFileSync(file(), line(row(5000)));
    const next = await follower.refresh(seen);
    assert.equal(next.kind, 'appended');
    assert.equal(next.records, 1);
    assert.ok(next.bytesRead <= Buffer.byteLength(line(row(5000))) + 64, `read ${next.bytesRead} bytes`);
    assert.ok(next.bytesRead / full.bytesRead < 0.001);
    assert.deepEqual(seen.rows.at(-1), row(5000));
    assert.equal(seen.at.at(-1)?.line, 5001);
    assert.equal(seen.resets, 1, 'only the first refresh starts from scratch');
    const idle = await follower.refresh(seen);
    assert.deepEqual([idle.kind, idle.records, idle.bytesRead], ['unchanged', 0, 0]);
  });

  it('follows the real table writer', async () => {
    const writer = await openTable<Row>(file(), { onDiagnostic: t.collect });
    const follower = new TableFollower<Row>(file(), t.collect);
    const seen = collector();
    try {
      for (let i = 0; i < 30; i++) {
        await writer.append(row(i));
        if (i % 7 === 0) await follower.refresh(seen);
      }
      await follower.refresh(seen);
    } finally {
      await writer.close();
    }
    assert.deepEqual(seen.rows.map((r) => r.id), Array.from({ length: 30 }, (_, i) => `r${i}`));
  });

  it('holds a torn last line back until its newline arrives, then hands it out once', async () => {
    const whole = line(row(1));
    writeFileSync(file(), line(row(0)) + whole.slice(0, 20));
    const follower = new TableFollower<Row>(file(), t.collect);
    const seen = collector();
    assert.equal((await follower.refresh(seen)).records, 1);
    assert.equal(follower.heldBytes, 20);
    appendFileSync(file(), whole.slice(20, -1)); // all but the newline: still held
    assert.equal((await follower.refresh(seen)).records, 0);
    assert.equal(follower.heldBytes, Buffer.byteLength(whole) - 1);
    appendFileSync(file(), '\n');
    const done = await follower.refresh(seen);
    assert.deepEqual([done.kind, done.records], ['appended', 1]);
    assert.deepEqual(seen.rows, [row(0), row(1)]);
    assert.equal(follower.heldBytes, 0);
    assert.deepEqual(t.diagnostics, []);
  });

  it('takes the writer cutting a torn tail away (a shrink to what was read) as nothing new', async () => {
    writeFileSync(file(), line(row(0)) + line(row(1)));
    const size = statSync(file()).size;
    appendFileSync(file(), '{"id":"r2","te');
    const follower = new TableFollower<Row>(file(), t.collect);
    const seen = collector();
    await follower.refresh(seen);
    truncateSync(file(), size);
    const after = await follower.refresh(seen);
    assert.deepEqual([after.kind, after.records], ['appended', 0]);
    appendFileSync(file(), line(row(2)));
    await follower.refresh(seen);
    assert.deepEqual(seen.rows.map((r) => r.id), ['r0', 'r1', 'r2']);
    assert.equal(seen.resets, 1);
  });

  it('reads a shrunk, replaced or rewritten table again from the start', async () => {
    writeFileSync(file(), [0, 1, 2, 3].map((i) => line(row(i))).join(''));
    const follower = new TableFollower<Row>(file(), t.collect);
    const seen = collector();
    await follower.refresh(seen);

    writeFileSync(file(), line(row(9))); // shorter
    let r = await follower.refresh(seen);
    assert.deepEqual([r.kind, seen.rows.map((x) => x.id), seen.resets], ['reset', ['r9'], 2]);

    const other = join(t.dir(), 'other.jsonl');
    writeFileSync(other, line(row(9)) + line(row(10)));
    renameSync(other, file()); // replaced: a new inode, even though it starts the same
    r = await follower.refresh(seen);
    assert.deepEqual([r.kind, seen.rows.map((x) => x.id)], ['reset', ['r9', 'r10']]);

    // Rewritten in place, longer, with different bytes where the old lines were.
    writeFileSync(file(), line(row(20)) + line(row(21)) + line(row(22)));
    r = await follower.refresh(seen);
    assert.deepEqual([r.kind, seen.rows.map((x) => x.id)], ['reset', ['r20', 'r21', 'r22']]);

    // Same size, new mtime: rewritten in place.
    const size = statSync(file()).size;
    writeFileSync(file(), line(row(30)) + line(row(31)) + line(row(32)));
    assert.equal(statSync(file()).size, size);
    const later = new Date(Date.now() + 5000);
    utimesSync(file(), later, later);
    r = await follower.refresh(seen);
    assert.deepEqual([r.kind, seen.rows.map((x) => x.id)], ['reset', ['r30', 'r31', 'r32']]);
  });

  it('reads a missing table as empty, picks it up once it exists, and resets when it is deleted', async () => {
    const follower = new TableFollower<Row>(file(), t.collect);
    const seen = collector();
    assert.deepEqual(await follower.refresh(seen), { kind: 'unchanged', records: 0, bytesRead: 0 });
    writeFileSync(file(), line(row(0)));
    assert.equal((await follower.refresh(seen)).records, 1);
    rmSync(file());
    assert.equal((await follower.refresh(seen)).kind, 'reset');
    assert.deepEqual(seen.rows, []);
  });

  it('reports a malformed line with its line number, counting lines across refreshes, and goes on', async () => {
    writeFileSync(file(), line(row(0)) + line(row(1)));
    const follower = new TableFollower<Row>(file(), t.collect);
    const seen = collector();
    await follower.refresh(seen);
    appendFileSync(file(), '{"id": broken\n' + line(row(2)));
    const r = await follower.refresh(seen);
    assert.equal(r.records, 1);
    assert.equal(t.diagnostics.length, 1);
    assert.deepEqual([t.diagnostics[0]?.line, t.diagnostics[0]?.severity], [3, 'error']);
    assert.equal(seen.at.at(-1)?.line, 4);
    assert.equal(follower.lineCount, 4);
  });

  it('reads lines longer than its read chunk', async () => {
    const long = { id: 'long', text: 'x'.repeat(3 << 20) };
    writeFileSync(file(), line(row(0)) + line(long) + line(row(1)));
    const seen = collector();
    await new TableFollower<Row>(file(), t.collect).refresh(seen);
    assert.deepEqual(seen.rows.map((r) => r.id), ['r0', 'long', 'r1']);
    assert.equal(seen.rows[1]?.text.length, 3 << 20);
  });

  it('parses only the wanted lines when asked for a few ids', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => row(i));
    const escaped = { id: 'r\\"odd', text: 'an id with an escape is parsed, not skimmed' };
    writeFileSync(file(), rows.map(line).join('') + line(escaped) + '{"text":"id not first","id":"r7x"}\n' + '{"id": broken\n');
    const seen = collector();
    const wanted = new Set(['r3', 'r150', 'r7x']);
    await new TableFollower<Row>(file(), t.collect).refresh({ ...seen, record: seen.record, wants: (id) => wanted.has(id) });
    // The writer's own lines are skimmed for their id; a line in another shape is parsed and kept as usual.
    assert.deepEqual(seen.rows.map((r) => r.id), ['r3', 'r150', escaped.id, 'r7x']);
    assert.equal(t.diagnostics.length, 1, 'a malformed line not in the writer\'s shape is still reported');
  });

  it('runs overlapping refreshes one after the other, so no line is handed out twice', async () => {
    writeFileSync(file(), Array.from({ length: 1000 }, (_, i) => line(row(i))).join(''));
    const follower = new TableFollower<Row>(file(), t.collect);
    const seen = collector();
    const first = follower.refresh(seen);
    appendFileSync(file(), line(row(1000)));
    const [a, b] = await Promise.all([first, follower.refresh(seen)]);
    assert.equal(a.records + b.records, 1001);
    assert.deepEqual(seen.rows.map((r) => r.id), Array.from({ length: 1001 }, (_, i) => `r${i}`));
  });
});
