import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePrompt, printPrompt } from '../../../src/core/fewshot';

const FIXTURES = join(__dirname, '../../fixtures/prompts');

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NOISE = ['{', '}', '...', 'Question: x', 'Incorrect Step: Step 9.', 'Step 0: y', 'Mistakes: m', 'Note: z', '', '  \t', 'Corrected Answer: {a', '\uFEFF'];

/** The file with lines deleted, duplicated, swapped or replaced by layout fragments. */
function mutate(text: string, next: () => number): string {
  const lines = text.split(/(?<=\n)/);
  for (let n = 0; n < 6; n++) {
    const at = Math.floor(next() * lines.length);
    const pick = next();
    if (pick < 0.25) lines.splice(at, 1);
    else if (pick < 0.5) lines.splice(at, 0, lines[at] ?? '');
    else if (pick < 0.75) lines.splice(at, 0, `${NOISE[Math.floor(next() * NOISE.length)] ?? ''}${next() < 0.5 ? '\r\n' : '\n'}`);
    else lines[at] = (lines[at] ?? '').replace(/\n$/, '');
  }
  return lines.join('');
}

describe('parsePrompt on damaged files', () => {
  const texts = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));

  it('never throws, always round-trips, and every diagnostic points inside the file', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const next = random(seed);
      const text = mutate(texts[seed % texts.length] ?? '', next);
      const prompt = parsePrompt(text, 'f.txt');
      assert.equal(printPrompt(prompt), text, `seed ${seed}`);
      for (const d of prompt.diagnostics) {
        assert.ok(d.line >= 1 && d.line <= prompt.lines.length, `seed ${seed}: line ${d.line}`);
        const width = (prompt.lines[d.line - 1]?.text.replace(/^\uFEFF/, '').length ?? 0) + 1;
        assert.ok(d.column !== undefined && d.column >= 1 && d.column <= width, `seed ${seed}: ${d.line}:${d.column} ${d.message}`);
      }
      for (const e of prompt.examples) {
        assert.ok(e.range.startLine <= e.range.endLine && e.range.endLine <= prompt.lines.length, `seed ${seed}`);
      }
    }
  });
});
