import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTempFiles } from '../../../src/core/store/atomicWrite';
import { readTable } from '../../../src/core/store/tableReader';
import { openTable } from '../../../src/core/store/tableWriter';
import { TSX, useTempDir } from './workspace';

/** Starts a child, waits until it has printed `lines` progress lines, then SIGKILLs it. */
async function killMidway(script: string, file: string, lines: number): Promise<void> {
  const child = spawn(TSX[0], [...TSX.slice(1), join(__dirname, 'children', script), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    let seen = 0;
    child.stdout.on('data', (d: Buffer) => {
      seen += d.toString().split('\n').length - 1;
      if (seen >= lines) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
}

describe('crash safety (child processes killed with SIGKILL)', function () {
  this.timeout(60_000);
  const t = useTempDir();

  // Whether a kill lands inside a write is up to the kernel (rare); table.test.ts covers a torn tail directly.
  it('leaves every line of a table complete except at most the last, which reopening repairs', async () => {
    const file = join(t.dir(), 'paths.jsonl');
    for (let round = 0; round < 3; round++) {
      await killMidway('append-forever.ts', file, 3);
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n');
      const tail = lines.pop() ?? '';
      lines.forEach((line, i) => assert.doesNotThrow(() => JSON.parse(line), `line ${i + 1} of ${lines.length} is whole`));
      assert.deepEqual(lines.map((l) => (JSON.parse(l) as { n: number }).n), lines.map((_, i) => i), 'no gaps, no duplicates');

      t.diagnostics.length = 0;
      const writer = await openTable(file, { onDiagnostic: t.collect }); // the dead child's lock is stale
      assert.equal(writer.count, lines.length);
      assert.ok(t.diagnostics.some((d) => /stale lock/.test(d.message)));
      if (tail !== '') {
        assert.ok(t.diagnostics.some((d) => d.line === lines.length + 1 && /incomplete/.test(d.message)));
        assert.ok(readFileSync(`${file}.torn`, 'utf8').includes(`${tail}\n`), 'the torn bytes are kept');
      }
      await writer.close();
      assert.equal(readFileSync(file, 'utf8').endsWith('\n'), true, 'the table ends on a whole line after reopening');
    }
    t.diagnostics.length = 0;
    let read = 0;
    for await (const record of readTable<{ id: string; n: number }>(file, t.collect)) assert.equal(record.n, read++);
    assert.deepEqual(t.diagnostics, []);
    assert.ok(read > 0);
  });

  it('an atomic rewrite killed midway leaves the old or the new file, never a mix', async () => {
    const file = join(t.dir(), 'run.json');
    await killMidway('rewrite-forever.ts', file, 3);
    const content = JSON.parse(readFileSync(file, 'utf8')) as { version: number; padding: string };
    assert.equal(content.padding, String(content.version).repeat(4_000_000));
    await removeStaleTempFiles(file);
    assert.deepEqual(readdirSync(t.dir()), ['run.json'], 'temp files of the dead writer are removed');
    assert.equal(existsSync(file), true);
  });
});
