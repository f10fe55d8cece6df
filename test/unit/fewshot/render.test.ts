import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePrompt, renderCorrectionMessages, renderCorrectionRequest } from '../../../src/core/fewshot';
import { splitSteps } from '../../../src/core/task/steps';

const FIXTURES = join(__dirname, '../../fixtures/prompts');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const TINY = 'Fix it.\n\nQuestion: q1\nOriginal Solution:\n{\nStep 1: a\n}\nIncorrect Step: Step 1.\nExplanation: e\nCorrect Solution:\n{\nStep 1: b\n}\n';
const MISTAKE = { question: 'Lee has 3 bags of 5 apples. How many apples?', originalSteps: ['Lee has 3 + 5 = 8 apples.', 'The answer is 8.'] };

describe('renderCorrectionRequest', () => {
  it('is the prompt, a blank line, the question and its steps, ending at "Incorrect Step:"', () => {
    assert.equal(
      renderCorrectionRequest(parsePrompt(TINY), MISTAKE),
      `${TINY.trimEnd()}\n\nQuestion: Lee has 3 bags of 5 apples. How many apples?\nOriginal Solution:\n{\nStep 1: Lee has 3 + 5 = 8 apples.\nStep 2: The answer is 8.\n}\nIncorrect Step:`,
    );
  });

  it('numbers the steps of a free-text path split by the task', () => {
    const steps = splitSteps('Lee has 3 + 5 = 8 apples.\nThe answer is 8.');
    assert.equal(renderCorrectionRequest(parsePrompt(TINY), { question: MISTAKE.question, originalSteps: steps }), renderCorrectionRequest(parsePrompt(TINY), MISTAKE));
  });

  it('sends the same request for a CRLF file with a BOM as for its LF twin', () => {
    const lf = fixture('steps-lf.fewshot.txt');
    const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
    const request = renderCorrectionRequest(parsePrompt(crlf), MISTAKE);
    assert.equal(request, renderCorrectionRequest(parsePrompt(lf), MISTAKE));
    assert.ok(!request.includes('\r') && !request.includes('\uFEFF'));
  });

  it("follows the file's layout: bare blocks and its own label spelling", () => {
    const request = renderCorrectionRequest(parsePrompt(fixture('steps-bare.fewshot.txt')), MISTAKE);
    assert.ok(request.endsWith('\n\nQuestion: Lee has 3 bags of 5 apples. How many apples?\nOriginal Solution:\nStep 1: Lee has 3 + 5 = 8 apples.\nStep 2: The answer is 8.\nIncorrect Step:'));
  });

  it('uses the blank lines the file puts between examples', () => {
    const request = renderCorrectionRequest(parsePrompt(fixture('mixed-eol-bom.fewshot.txt')), MISTAKE);
    assert.ok(request.includes('Step 2: The answer is 2.\n}\n\n\nQuestion: Lee has'));
  });

  it('renders a multiple-choice mistake with its candidates, ending at "Mistakes:"', () => {
    const request = renderCorrectionRequest(parsePrompt(fixture('mc.fewshot.txt')), {
      question: 'Where is a book kept?',
      candidates: ['oven', 'shelf'],
      originalAnswer: 'Books are hot. The answer is (A).',
    });
    assert.ok(request.startsWith('Point out the mistakes'));
    assert.ok(request.endsWith('The answer is (C).}\n\nQuestion: Where is a book kept?\nCandidate Answers: (A) oven (B) shelf\nOriginal Answer: {Books are hot. The answer is (A).}\nMistakes:'));
  });

  it('refuses a mistake of the other layout, naming the prompt file', () => {
    assert.throws(
      () => renderCorrectionRequest(parsePrompt(fixture('mc.fewshot.txt'), 'csqa.fewshot.txt'), MISTAKE),
      /csqa\.fewshot\.txt: this few-shot prompt uses the multiple-choice layout/,
    );
    assert.throws(() => renderCorrectionRequest(parsePrompt(TINY), { question: 'q', candidates: ['a'], originalAnswer: 'a' }), /step layout/);
  });
});

describe('renderCorrectionMessages', () => {
  it('puts the instruction in the system message and the examples and the mistake in the user message', () => {
    const messages = renderCorrectionMessages(parsePrompt(TINY), MISTAKE);
    assert.deepEqual(messages, [
      { role: 'system', content: 'Fix it.' },
      {
        role: 'user',
        content:
          'Question: q1\nOriginal Solution:\n{\nStep 1: a\n}\nIncorrect Step: Step 1.\nExplanation: e\nCorrect Solution:\n{\nStep 1: b\n}\n\n' +
          'Question: Lee has 3 bags of 5 apples. How many apples?\nOriginal Solution:\n{\nStep 1: Lee has 3 + 5 = 8 apples.\nStep 2: The answer is 8.\n}',
      },
    ]);
  });

  it('keeps a multi-line instruction whole and has no system message without one', () => {
    const bare = renderCorrectionMessages(parsePrompt(fixture('steps-bare.fewshot.txt')), MISTAKE);
    assert.equal(bare[0]?.content, 'For each problem, find the incorrect step of the original solution, explain it,\nand give the correct solution from that step on.');
    const noInstruction = renderCorrectionMessages(parsePrompt(TINY.replace('Fix it.\n\n', '')), MISTAKE);
    assert.deepEqual(
      noInstruction.map((m) => m.role),
      ['user'],
    );
    assert.ok(noInstruction[0]?.content.startsWith('Question: q1\n'));
  });
});
