import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countLines } from '../../../src/core/dataset/countLines';
import { inspectDataset } from '../../../src/core/dataset/inspectDataset';

describe('inspectDataset and countLines', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mistakebook-inspect-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string): string => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('counts questions and every diagnostic, keeping only the first few', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => (i % 5 === 4 ? '{broken' : JSON.stringify({ problem: `P${i}`, solution: `\\boxed{${i}}` })));
    const file = write('math.jsonl', `${rows.join('\n')}\n\n`);
    const summary = await inspectDataset(file, { maxDiagnostics: 3 });
    assert.equal(summary.format, 'math');
    assert.equal(summary.detected, true);
    assert.equal(summary.task, 'math');
    assert.equal(summary.container, 'jsonl');
    assert.equal(summary.questionCount, 40);
    assert.equal(summary.errorCount, 10);
    assert.equal(summary.warningCount, 1);
    assert.deepEqual(summary.diagnostics.map((d) => d.line), [5, 10, 15]);
  });

  it('has no format for a file whose records cannot be read', async () => {
    const summary = await inspectDataset(write('junk.jsonl', 'a\nb\n'));
    assert.deepEqual(
      { format: summary.format, container: summary.container, questions: summary.questionCount, errors: summary.errorCount },
      { format: null, container: null, questions: 0, errors: 2 },
    );
  });

  it('counts lines like wc -l, plus a last line without a newline', async () => {
    assert.equal(await countLines(write('a', '')), 0);
    assert.equal(await countLines(write('b', 'x')), 1);
    assert.equal(await countLines(write('c', 'x\n')), 1);
    assert.equal(await countLines(write('d', 'x\n\ny\r\nz')), 4);
    const big = 'q'.repeat(100) + '\n';
    assert.equal(await countLines(write('e', big.repeat(30000))), 30000);
  });
});
