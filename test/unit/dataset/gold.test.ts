import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strictGoldReader } from '../../../src/core/dataset/gold';
import { readDataset } from '../../../src/core/dataset/readDataset';
import type { Diagnostic } from '../../../src/core/diagnostic';

describe('strict gold answers (issue 14, point 3)', () => {
  it('GSM8K: only after "####", never from the prose', () => {
    const gold = strictGoldReader('gsm8k');
    assert.equal(gold.fromSolution('3 + 4 = 7\n#### 7'), '7');
    assert.equal(gold.fromSolution('#### 1,000'), '1000');
    assert.equal(gold.fromSolution('#### 7\n#### none'), '7');
    assert.equal(gold.fromSolution('3 + 4 = 7, so the answer is 7.'), null);
    assert.equal(gold.fromSolution('We get \\boxed{7}.'), null);
  });

  it('MATH: only from the last complete \\boxed{}, never from "so the answer is"', () => {
    const gold = strictGoldReader('math');
    assert.equal(gold.fromSolution('So $x = \\boxed{\\frac{1}{2}}$.'), '\\frac{1}{2}');
    assert.equal(gold.fromSolution('First \\boxed{3}, then \\boxed{6}.'), '6');
    assert.equal(gold.fromSolution('Adding, 2 + 4 = 6, so the answer is 6.'), null);
    assert.equal(gold.fromSolution('Cut off: \\boxed{6'), null);
    assert.equal(gold.fromSolution('Empty \\boxed{ }'), null);
  });

  it("LEMA completions: the closing 'The answer is …', else '####' or \\boxed{}, never the last number", () => {
    const gold = strictGoldReader('gsm8k');
    assert.equal(gold.fromCompletion('Step 1: 2 * 3 = 6.\nStep 2: The answer is 6.'), '6');
    assert.equal(gold.fromCompletion('2 * 3 = 6\n#### 6'), '6');
    assert.equal(gold.fromCompletion('Step 1: 2 * 3 = 6. Then 6 + 1 = 7.'), null);
  });

  describe('through readDataset', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'mb-gold-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function read(name: string, lines: unknown[], format?: 'math' | 'gsm8k'): Promise<{ golds: string[]; diagnostics: Diagnostic[] }> {
      const file = join(dir, name);
      writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      const golds: string[] = [];
      const diagnostics: Diagnostic[] = [];
      for await (const r of readDataset(file, format === undefined ? {} : { format })) {
        if (r.kind === 'question') golds.push(r.question.goldAnswer);
        if (r.kind === 'diagnostic') diagnostics.push(r.diagnostic);
      }
      return { golds, diagnostics };
    }

    it('a MATH record without \\boxed{} is skipped with its line, not given a guessed gold', async () => {
      const { golds, diagnostics } = await read('math.jsonl', [
        { problem: 'P1', solution: 'Thus $\\boxed{4}$.' },
        { problem: 'P2', solution: 'Adding gives 6, so the answer is 6.' },
      ]);
      assert.deepEqual(golds, ['4']);
      assert.deepEqual(diagnostics.map((d) => [d.line, d.severity]), [[2, 'error']]);
      assert.match(diagnostics[0]?.message ?? '', /no \\boxed\{\} final answer in field 'solution'; skipped/);
    });

    it('a question that is a number is a diagnostic with its line, and the record is skipped', async () => {
      const { golds, diagnostics } = await read('q42.jsonl', [
        { question: 'Q1?', answer: '#### 1' },
        { question: 42, answer: '#### 2' },
        { question: ['Q3?'], answer: '#### 3' },
        { question: 'Q4?', answer: 4 },
      ], 'gsm8k');
      assert.deepEqual(golds, ['1']);
      assert.deepEqual(diagnostics.map((d) => [d.line, d.message.replace(/;.*/, '')]), [
        [2, "field 'question' is a number, expected text"],
        [3, "field 'question' is an array, expected text"],
        [4, "no final answer ('#### n') in field 'answer'"],
      ]);
    });
  });
});
