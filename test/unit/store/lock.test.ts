import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { openTable } from '../../../src/core/store/tableWriter';
import { TSX, useTempDir } from './workspace';

function lockFor(table: string, owner: { pid: number; host?: string; processStartedAt?: string }): void {
  writeFileSync(
    `${table}.lock`,
    JSON.stringify({ host: hostname(), processStartedAt: new Date().toISOString(), openedAt: '2026-11-25T10:00:00.000Z', token: 'abc', ...owner }),
  );
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('one writer per table', function () {
  this.timeout(30_000);
  const t = useTempDir();
  const table = (): string => join(t.dir(), 'corrections.jsonl');

  it('refuses a table held by another live process, naming its pid, and opens once it lets go', async () => {
    const child = spawn(TSX[0], [...TSX.slice(1), join(__dirname, 'children', 'hold-table.ts'), table()], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await assert.rejects(openTable(table(), { onDiagnostic: t.collect }), (e: Error) => {
        assert.match(e.message, new RegExp(`being written by pid ${child.pid}`));
        assert.match(e.message, /delete .*corrections\.jsonl\.lock only if/);
        return true;
      });
    } finally {
      child.stdin.end();
      await new Promise((resolve) => child.on('exit', resolve));
    }
    assert.equal(existsSync(`${table()}.lock`), false, 'the child released its lock on close');
    const writer = await openTable(table(), { onDiagnostic: t.collect });
    await writer.close();
    assert.deepEqual(t.diagnostics, []);
  });

  it('takes over a stale lock from a dead pid, with a warning', async () => {
    const pid = deadPid();
    lockFor(table(), { pid });
    const writer = await openTable(table(), { onDiagnostic: t.collect });
    assert.equal(t.diagnostics.length, 1);
    assert.equal(t.diagnostics[0]?.severity, 'warning');
    assert.equal(t.diagnostics[0]?.file, `${table()}.lock`);
    assert.match(t.diagnostics[0]?.message ?? '', new RegExp(`stale lock: pid ${pid} is no longer running`));
    assert.equal((JSON.parse(readFileSync(`${table()}.lock`, 'utf8')) as { pid: number }).pid, process.pid);
    await writer.close();
    assert.equal(existsSync(`${table()}.lock`), false);
  });

  it('takes over a lock naming this very pid (left by an earlier process given the same number)', async () => {
    lockFor(table(), { pid: process.pid, processStartedAt: '2020-01-01T00:00:00.000Z' });
    const writer = await openTable(table(), { onDiagnostic: t.collect });
    assert.match(t.diagnostics[0]?.message ?? '', /stale lock: pid \d+ is this process/);
    await writer.close();
  });

  if (process.platform === 'linux') {
    it('takes over a lock whose pid is alive but belongs to a process started at another time (pid reuse)', async () => {
      lockFor(table(), { pid: process.ppid, processStartedAt: '2020-01-01T00:00:00.000Z' });
      const writer = await openTable(table(), { onDiagnostic: t.collect });
      assert.match(t.diagnostics[0]?.message ?? '', new RegExp(`pid ${process.ppid} now belongs to another process`));
      await writer.close();
    });
  }

  it('refuses a lock from another host, since this machine cannot check it', async () => {
    lockFor(table(), { pid: 4242, host: 'gpu-node-7' });
    await assert.rejects(openTable(table(), { onDiagnostic: t.collect }), /locked by pid 4242 on host gpu-node-7/);
    assert.equal(existsSync(`${table()}.lock`), true, 'the foreign lock is left alone');
  });

  it('refuses a second writer in the same process', async () => {
    const writer = await openTable(table(), { onDiagnostic: t.collect });
    await assert.rejects(openTable(table(), { onDiagnostic: t.collect }), /already open for writing in this process/);
    await assert.rejects(openTable(relative(process.cwd(), table()), { onDiagnostic: t.collect }), /already open for writing in this process/);
    await writer.close();
    await (await openTable(table(), { onDiagnostic: t.collect })).close();
  });
});
