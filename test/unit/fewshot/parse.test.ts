import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePrompt, printPrompt } from '../../../src/core/fewshot';
import type { ChoiceExample, StepsExample } from '../../../src/core/fewshot';

const FIXTURES = join(__dirname, '../../fixtures/prompts');
const SAMPLES = join(__dirname, '../../../samples/prompts');

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function stepsExample(text: string, index = 0): StepsExample {
  const example = parsePrompt(text).examples[index];
  assert.ok(example && example.format === 'steps', 'expected a steps example');
  return example;
}

describe('parsePrompt / printPrompt round trip', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'));

  it('has fixtures covering CRLF, a missing final newline, trailing spaces, a BOM and mixed endings', () => {
    const all = files.map(fixture);
    assert.ok(files.length >= 10);
    assert.ok(all.some((t) => t.includes('\r\n') && !t.endsWith('\n')));
    assert.ok(all.some((t) => / +\r\n/.test(t)));
    assert.ok(all.some((t) => t.startsWith('\uFEFF') && t.includes('\r\n') && /[^\r]\n/.test(t)));
  });

  for (const file of files) {
    it(`gives back ${file} byte for byte`, () => {
      const text = fixture(file);
      assert.equal(printPrompt(parsePrompt(text, file)), text);
    });
  }

  it('gives back both sample prompts byte for byte', () => {
    for (const name of ['gsm8k.fewshot.txt', 'csqa.fewshot.txt']) {
      const text = readFileSync(join(SAMPLES, name), 'utf8');
      assert.equal(printPrompt(parsePrompt(text)), text);
    }
  });
});

describe('the sample prompts', () => {
  it('gsm8k: 4 step examples, no diagnostics, each corrected solution starting at its incorrect step', () => {
    const prompt = parsePrompt(readFileSync(join(SAMPLES, 'gsm8k.fewshot.txt'), 'utf8'), 'gsm8k.fewshot.txt');
    assert.deepEqual(prompt.diagnostics, []);
    assert.equal(prompt.format, 'steps');
    assert.equal(prompt.examples.length, 4);
    assert.match(prompt.instruction, /^Each math word problem/);
    for (const e of prompt.examples) {
      assert.equal(e.format, 'steps');
      if (e.format !== 'steps') continue;
      assert.ok(e.incorrectStep !== null && e.incorrectStep <= e.originalSteps.length);
      assert.equal(e.correctedFrom, e.incorrectStep);
      assert.match(e.correctedSteps.at(-1) ?? '', /^The answer is \d+\.$/);
      assert.match(e.originalSteps.at(-1) ?? '', /^The answer is \d+\.$/);
    }
  });

  it('csqa: 4 multiple-choice examples, no diagnostics', () => {
    const prompt = parsePrompt(readFileSync(join(SAMPLES, 'csqa.fewshot.txt'), 'utf8'), 'csqa.fewshot.txt');
    assert.deepEqual(prompt.diagnostics, []);
    assert.equal(prompt.format, 'multiple-choice');
    assert.equal(prompt.examples.length, 4);
    for (const e of prompt.examples) {
      assert.equal(e.format, 'multiple-choice');
      if (e.format !== 'multiple-choice') continue;
      assert.match(e.candidateAnswers, /^\(A\) .* \(E\) /);
      assert.match(e.correctedAnswer, /The answer is \([A-E]\)\.$/);
      assert.notEqual(e.originalAnswer, '');
      assert.notEqual(e.mistakes, '');
    }
  });
});

describe('parsePrompt: the parts of an example', () => {
  it('reads question, steps, incorrect step, explanation and the corrected steps after "..."', () => {
    const prompt = parsePrompt(fixture('steps-lf.fewshot.txt'));
    assert.deepEqual(prompt.diagnostics, []);
    assert.equal(prompt.instruction, 'Find the first wrong step in each original solution, say why it is wrong, and write the correct solution from that step on.');
    assert.deepEqual(prompt.instructionRange, { startLine: 1, endLine: 1 });
    const second = stepsExample(fixture('steps-lf.fewshot.txt'), 1);
    assert.equal(second.question, 'A pen costs $2 and a notebook costs $5. Ana buys 3 pens and 2 notebooks. How much does she spend?');
    assert.deepEqual(second.originalSteps, ['The pens cost 3 * $2 = $6.', 'The notebooks cost 2 * $5 = $7.', 'She spends $6 + $7 = $13.', 'The answer is 13.']);
    assert.equal(second.incorrectStep, 2);
    assert.equal(second.explanation, '2 * $5 is $10, not $7: a multiplication slip.');
    assert.deepEqual(second.correctedSteps, ['The notebooks cost 2 * $5 = $10.', 'She spends $6 + $10 = $16.', 'The answer is 16.']);
    assert.equal(second.correctedFrom, 2);
  });

  it('keeps source ranges per example and per section (for folding and the outline)', () => {
    const prompt = parsePrompt(fixture('steps-lf.fewshot.txt'));
    assert.deepEqual(
      prompt.examples.map((e) => e.range),
      [
        { startLine: 3, endLine: 17 },
        { startLine: 19, endLine: 35 },
      ],
    );
    assert.deepEqual(
      prompt.examples[1]?.sections.map((s) => [s.name, s.label, s.range.startLine, s.range.endLine, s.block ?? '-']),
      [
        ['question', 'Question', 19, 19, '-'],
        ['originalSolution', 'Original Solution', 20, 26, 'lines'],
        ['incorrectStep', 'Incorrect Step', 27, 27, '-'],
        ['explanation', 'Explanation', 28, 28, '-'],
        ['correctSolution', 'Correct Solution', 29, 35, 'lines'],
      ],
    );
  });

  it('reads the same parts from a CRLF file with trailing spaces as from its LF twin', () => {
    const lf = parsePrompt(fixture('steps-lf.fewshot.txt'));
    const crlf = parsePrompt(fixture('steps-crlf.fewshot.txt'));
    assert.deepEqual(crlf.diagnostics, []);
    const parts = (p: typeof lf) => p.examples.map((e) => ({ ...e, sections: e.sections.map((s) => s.name) }));
    assert.deepEqual(parts(crlf), parts(lf));
  });

  it('reads the bare layout: no braces, multi-line steps and explanations, "Corrected Solution:", no "..." when Step 1 is wrong', () => {
    const text = fixture('steps-bare.fewshot.txt');
    const prompt = parsePrompt(text);
    assert.deepEqual(prompt.diagnostics, []);
    const first = stepsExample(text, 0);
    assert.equal(first.originalSteps[1], 'So the roots are $x = -2$ and $x = -3$, and their sum is\n$$-2 + (-3) = \\boxed{-5}.$$');
    assert.equal(first.explanation, 'The factor $x-2$ is zero at $x = 2$, not at $x = -2$.\nThe signs of both roots are flipped.');
    assert.equal(first.sections[4]?.label, 'Corrected Solution');
    assert.equal(first.sections[4]?.block, 'none');
    assert.deepEqual(first.correctedSteps, ['So the roots are $x = 2$ and $x = 3$, and their sum is $\\frac{10}{2} = 5$.', 'The answer is $\\boxed{5}$.']);
    const second = stepsExample(text, 1);
    assert.equal(second.incorrectStep, 1);
    assert.equal(second.correctedFrom, 1);
    assert.equal(second.correctedSteps.length, 2);
  });

  it('reads the multiple-choice layout with inline braces, one line or several', () => {
    const prompt = parsePrompt(fixture('mc.fewshot.txt'));
    assert.deepEqual(prompt.diagnostics, []);
    assert.equal(prompt.format, 'multiple-choice');
    const [first, second] = prompt.examples as ChoiceExample[];
    assert.equal(first?.candidateAnswers, '(A) oven (B) refrigerator (C) cupboard (D) backpack (E) mailbox');
    assert.equal(first?.originalAnswer, 'Milk comes in a carton, and cartons go in a cupboard. The answer is (C).');
    assert.equal(first?.correctedAnswer, 'Milk has to stay cold, and a refrigerator keeps food cold. The answer is (B).');
    assert.equal(second?.originalAnswer, 'Tape holds paper together,\nso it is used on paper. The answer is (B).');
    assert.deepEqual(second?.sections.find((s) => s.name === 'originalAnswer')?.range, { startLine: 11, endLine: 12 });
    assert.equal(second?.sections.find((s) => s.name === 'originalAnswer')?.block, 'inline');
  });

  it('reads a file with a BOM, mixed line endings and whitespace-only blank lines', () => {
    const prompt = parsePrompt(fixture('mixed-eol-bom.fewshot.txt'));
    assert.deepEqual(prompt.diagnostics, []);
    assert.ok(!prompt.instruction.startsWith('\uFEFF'));
    assert.deepEqual(
      prompt.examples.map((e) => e.range),
      [
        { startLine: 3, endLine: 15 },
        { startLine: 18, endLine: 30 },
      ],
    );
    assert.equal(stepsExample(fixture('mixed-eol-bom.fewshot.txt'), 0).originalSteps[0], 'Tim has 3 * 4 = 12 apples.');
  });

  it('keeps braces inside a step (LaTeX) as text', () => {
    const text = 'Fix it.\n\nQuestion: q\nOriginal Solution:\n{\nStep 1: $\\frac{1}{2}$ of {4} is 3.\n}\nIncorrect Step: Step 1.\nExplanation: e\nCorrect Solution:\n{\nStep 1: $\\frac{1}{2}$ of 4 is 2.\n}\n';
    const prompt = parsePrompt(text);
    assert.deepEqual(prompt.diagnostics, []);
    assert.deepEqual(stepsExample(text).originalSteps, ['$\\frac{1}{2}$ of {4} is 3.']);
  });

  it('closes an inline block at its matching brace, not at a LaTeX brace inside it', () => {
    const text = 'Fix it.\n\nQuestion: Which set has two elements?\nCandidate Answers: (A) one (B) two\nOriginal Answer: {The set $\\{1\\}$\nhas one element, $\\{1, 2\\}$ has two. The answer is (A).}\nMistakes: m\nCorrected Answer: {The answer is (B).}\n';
    const prompt = parsePrompt(text);
    assert.deepEqual(prompt.diagnostics, []);
    const e = prompt.examples[0];
    assert.ok(e?.format === 'multiple-choice');
    assert.equal(e.originalAnswer, 'The set $\\{1\\}$\nhas one element, $\\{1, 2\\}$ has two. The answer is (A).');
  });
});
