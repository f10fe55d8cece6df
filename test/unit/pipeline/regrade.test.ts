import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMistakes, regradeRun, type CorrectionRecord, type PathRecord, type RegradeChange } from '../../../src/core/pipeline';
import { AT, path, staleRun } from './staleRun';
import { runDir, tableFile } from '../../../src/core/store/layout';
import { readRunInfo } from '../../../src/core/store/runInfo';
import { acquireTableLock } from '../../../src/core/store/tableLock';
import { useTempDir } from '../store/workspace';

describe('run regrade (core)', () => {
  const tmp = useTempDir();

  it('applies the current checker to stored verdicts, logs each change with its explanation, and records the checker', async () => {
    const id = await staleRun(tmp.dir());
    const dir = join(tmp.dir(), '.mistakebook', 'runs', id);
    // a hand-edited line that is not a record survives the rewrite byte for byte
    appendFileSync(tableFile(dir, 'paths'), 'not json at all\n');
    const p2Line = readFileSync(tableFile(dir, 'paths'), 'utf8').split('\n')[1];

    const summary = await regradeRun(tmp.dir(), id, { onDiagnostic: tmp.collect, now: () => AT });
    assert.deepEqual(summary.tables.paths, { rows: 3, changed: 2, nowRight: 1, nowWrong: 1 });
    assert.deepEqual(summary.tables.corrections, { rows: 1, changed: 1, nowRight: 1, nowWrong: 0 });
    assert.deepEqual(summary.tables.augmented, { rows: 0, changed: 0, nowRight: 0, nowWrong: 0 });
    assert.equal(summary.checker, 'math-2');
    assert.equal(summary.previousChecker, undefined);
    assert.equal(summary.wrote, true);

    const lines = readFileSync(tableFile(dir, 'paths'), 'utf8').split('\n');
    assert.equal(lines[1], p2Line, 'an unchanged row is copied as it was');
    assert.equal(lines[3], 'not json at all');
    const rows = lines.slice(0, 3).map((l) => JSON.parse(l) as PathRecord);
    assert.deepEqual(rows.map((r) => [r.id, r.answer, r.correct]), [['p1', '\\$4.50', true], ['p2', '7', true], ['p3', 'x = 0.333', false]]);
    const [c1] = readFileSync(tableFile(dir, 'corrections'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CorrectionRecord);
    assert.equal(c1?.verified, true);
    assert.equal(c1?.answer, '\\$4.50');

    const log = readFileSync(join(dir, 'regrade.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RegradeChange);
    assert.deepEqual(log.map((c) => [c.table, c.rowId, c.field, c.before.value, c.after.value]), [
      ['paths', 'p1', 'correct', false, true],
      ['paths', 'p3', 'correct', true, false],
      ['corrections', 'c1', 'verified', false, true],
    ]);
    const p1 = log[0];
    assert.equal(p1?.explanation.predicted.rule, 'last math');
    assert.equal(p1?.explanation.rule, 'same number');
    assert.equal(log[1]?.explanation.rule, 'different numbers (value after "x =")');
    assert.equal(p1?.checker, 'math-2');
    assert.equal(p1?.at, AT.toISOString());

    const info = await readRunInfo(join(dir, 'run.json'));
    assert.deepEqual(info.answerChecker, { version: 'math-2', regradedAt: AT.toISOString() });
    // every reader sees the new verdicts: p3 is a mistake now, p1 is not
    const mistakes = await readMistakes(tmp.dir(), id);
    assert.deepEqual(mistakes.map((m) => m.path.id), ['p3']);
  });

  it('is not blocked by the temp files a killed regrade left behind', async () => {
    const id = await staleRun(tmp.dir());
    const dir = runDir(tmp.dir(), id);
    // What an earlier version named them, with this very process id (ids are reused after a kill).
    for (const name of [`${tableFile(dir, 'paths')}.regrade.${process.pid}.tmp`, `${join(dir, 'regrade.jsonl')}.${process.pid}.tmp`]) writeFileSync(name, 'left by a killed regrade');
    const summary = await regradeRun(tmp.dir(), id, { onDiagnostic: tmp.collect, now: () => AT });
    assert.ok(summary.wrote);
    assert.ok(summary.tables.paths.changed > 0);
  });

  it('writes nothing when rerun with the same checker', async () => {
    const id = await staleRun(tmp.dir());
    const dir = join(tmp.dir(), '.mistakebook', 'runs', id);
    await regradeRun(tmp.dir(), id, { onDiagnostic: tmp.collect });
    const files = ['paths.jsonl', 'corrections.jsonl', 'regrade.jsonl', 'run.json'].map((f) => join(dir, f));
    const before = files.map((f) => [readFileSync(f, 'utf8'), statSync(f).mtimeMs]);
    const again = await regradeRun(tmp.dir(), id, { onDiagnostic: tmp.collect });
    assert.equal(again.wrote, false);
    assert.equal(again.previousChecker, 'math-2');
    assert.deepEqual(Object.values(again.tables).map((t) => t.changed), [0, 0, 0]);
    assert.deepEqual(files.map((f) => [readFileSync(f, 'utf8'), statSync(f).mtimeMs]), before);
  });

  it('refuses while a stage holds a table, and changes nothing', async () => {
    const id = await staleRun(tmp.dir());
    const dir = join(tmp.dir(), '.mistakebook', 'runs', id);
    const before = readFileSync(tableFile(dir, 'paths'), 'utf8');
    const lock = acquireTableLock(tableFile(dir, 'corrections'), tmp.collect);
    try {
      await assert.rejects(regradeRun(tmp.dir(), id, { onDiagnostic: tmp.collect }), /already open for writing/);
    } finally {
      lock.release();
    }
    assert.equal(readFileSync(tableFile(dir, 'paths'), 'utf8'), before);
    // and the locks it took are released: a regrade now goes through
    assert.equal((await regradeRun(tmp.dir(), id, { onDiagnostic: tmp.collect })).tables.paths.changed, 2);
  });

  it('keeps a torn last line as it is', async () => {
    const id = await staleRun(tmp.dir());
    const dir = join(tmp.dir(), '.mistakebook', 'runs', id);
    appendFileSync(tableFile(dir, 'paths'), '{"id":"p4","comp');
    await regradeRun(tmp.dir(), id, { onDiagnostic: tmp.collect });
    assert.ok(readFileSync(tableFile(dir, 'paths'), 'utf8').endsWith('\n{"id":"p4","comp'));
  });

  it('streams a large table: 20,000 rows regraded in bounded time', async function () {
    this.timeout(60_000);
    const id = await staleRun(tmp.dir());
    const dir = join(tmp.dir(), '.mistakebook', 'runs', id);
    const many: string[] = [];
    for (let i = 0; i < 20_000; i++) many.push(JSON.stringify(path(`n${i}`, `The answer is $\\boxed{${i}}$.`, String(i), String(i), i % 10 !== 0)));
    writeFileSync(tableFile(dir, 'augmented'), `${many.join('\n')}\n`);
    const summary = await regradeRun(tmp.dir(), id, { onDiagnostic: tmp.collect });
    assert.deepEqual(summary.tables.augmented, { rows: 20_000, changed: 2_000, nowRight: 2_000, nowWrong: 0 });
  });
});
