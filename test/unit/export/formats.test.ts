import { strict as assert } from 'node:assert';
import type { TrainingExample } from '../../../src/core/export/example';
import { EXPORT_FORMATS, renderFile, toRow } from '../../../src/core/export/formats';
import { cotText, correctionText, DEFAULT_TEMPLATES, goldRationale } from '../../../src/core/export/templates';
import type { CorrectionRecord, PathRecord } from '../../../src/core/pipeline/records';

const cot: TrainingExample = {
  key: 'gold:q1',
  source: 'gold',
  runId: 'r',
  questionId: 'q1',
  question: 'What is 2 + 3?',
  task: 'gsm8k',
  ...cotText(DEFAULT_TEMPLATES, 'gsm8k', { question: 'What is 2 + 3?' }, '2 + 3 = 5.\nThe answer is 5.'),
};

const path: PathRecord = {
  id: 'p1', questionId: 'q1', task: 'gsm8k', question: 'Tom has 3 pens and buys 2 more. How many pens?', goldAnswer: '5', model: 'llama',
  sampleIndex: 0, completion: '', steps: ['Tom has 3 pens.', 'He has 3 * 2 = 6 pens.', 'The answer is 6.'], answer: '6', correct: false, createdAt: '',
};
const fix: CorrectionRecord = {
  id: 'c1', pathId: 'p1', questionId: 'q1', model: 'gpt-4', promptSha256: 'x', correctionIndex: 0, raw: '', outcome: 'parsed',
  incorrectStep: 2, explanation: 'Buying adds, it does not multiply.', correctedSteps: ['He has 3 + 2 = 5 pens.', 'The answer is 5.'], correctedFrom: 2,
  answer: '5', verified: true, createdAt: '',
};

describe('export formats', () => {
  it('CoT text is the paper\'s solve prompt and the rationale', () => {
    assert.equal(cot.prompt, "Please solve the following math problem.\nQuestion: What is 2 + 3?\nAnswer: Let's think step by step.\n");
    assert.equal(cot.instruction, 'Please solve the following math problem.');
    assert.equal(cot.input, "Question: What is 2 + 3?\nAnswer: Let's think step by step.");
    assert.equal(cot.output, '2 + 3 = 5.\nThe answer is 5.');
  });

  it('correction text follows the paper: Step k lines in, Incorrect Step / Explanation / Correct Solution out', () => {
    const text = correctionText(DEFAULT_TEMPLATES, 'Find the first wrong step.', path, fix);
    assert.ok(text);
    assert.equal(text.instruction, 'Find the first wrong step.');
    assert.equal(text.input, 'Question: Tom has 3 pens and buys 2 more. How many pens?\nOriginal Solution:\nStep 1: Tom has 3 pens.\nStep 2: He has 3 * 2 = 6 pens.\nStep 3: The answer is 6.');
    assert.ok(text.prompt.startsWith('Find the first wrong step.\n\nQuestion: Tom'));
    assert.equal(text.output, 'Incorrect Step: Step 2.\nExplanation: Buying adds, it does not multiply.\nCorrect Solution:\n...\nStep 2: He has 3 + 2 = 5 pens.\nStep 3: The answer is 5.');
  });

  it('a correction from step 1 has no "..." and a correction missing its explanation gives no example', () => {
    const fromOne = correctionText(DEFAULT_TEMPLATES, 'I.', path, { ...fix, incorrectStep: 1, correctedFrom: 1 });
    assert.ok(fromOne?.output.includes('Correct Solution:\nStep 1: He has 3 + 2 = 5 pens.'));
    assert.equal(correctionText(DEFAULT_TEMPLATES, 'I.', path, { ...fix, explanation: '  ' }), null);
    assert.equal(correctionText(DEFAULT_TEMPLATES, 'I.', path, { ...fix, correctedSteps: [] }), null);
  });

  it('a multiple-choice correction uses the CommonsenseQA layout: candidates and original answer in, Mistakes and Corrected Answer out', () => {
    const mcPath: PathRecord = { ...path, task: 'mc', question: 'Where do you keep money?', candidates: ['bank', 'river'], completion: 'Rivers hold water. The answer is (B).' };
    const { incorrectStep: _step, correctedSteps: _steps, correctedFrom: _from, ...choiceFix } = fix;
    const text = correctionText(DEFAULT_TEMPLATES, 'Find the mistake.', mcPath, { ...choiceFix, explanation: 'Money is kept in a bank, not a river.', correctedAnswer: '(A) bank' });
    assert.ok(text);
    assert.equal(text.input, 'Question: Where do you keep money?\nCandidate Answers: (A) bank (B) river\nOriginal Answer: Rivers hold water. The answer is (B).');
    assert.equal(text.output, 'Mistakes: Money is kept in a bank, not a river.\nCorrected Answer: (A) bank');
    assert.equal(correctionText(DEFAULT_TEMPLATES, 'I.', mcPath, { ...fix, correctedAnswer: ' ' }), null, 'no corrected answer, no example');
  });

  it('templates fill {question} once and leave braces in the question alone; unknown placeholders are refused', () => {
    const t = cotText({ ...DEFAULT_TEMPLATES, cotInput: 'Q: {question}' }, 'math', { question: 'Find \\frac{1}{2} of {x}' }, 'r');
    assert.equal(t.input, 'Q: Find \\frac{1}{2} of {x}');
    assert.throws(() => cotText({ ...DEFAULT_TEMPLATES, cotInput: 'Q: {qestion}' }, 'gsm8k', { question: 'a' }, 'r'), /unknown placeholder \{qestion\}/);
    const mc = cotText(DEFAULT_TEMPLATES, 'mc', { question: 'Where?', candidates: ['bank', 'park'] }, 'r');
    assert.match(mc.input, /Candidate Answers: \(A\) bank \(B\) park/);
  });

  it('GSM8K gold solutions lose calculator marks and end with "The answer is N."', () => {
    assert.equal(goldRationale('gsm8k', 'She bakes 4 * 12 = <<4*12=48>>48.\n#### 48'), 'She bakes 4 * 12 = 48.\nThe answer is 48.');
    assert.equal(goldRationale('math', 'So $x = \\boxed{2}$.'), 'So $x = \\boxed{2}$.');
  });

  it('prompt/completion rows have exactly prompt and completion, both non-empty', () => {
    const lines = renderFile('prompt-completion', [cot], '').trimEnd().split('\n');
    assert.equal(lines.length, 1);
    const row = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.deepEqual(Object.keys(row).sort(), ['completion', 'prompt']);
    assert.equal(row['prompt'], cot.prompt);
    assert.equal(row['completion'], cot.output);
  });

  it('OpenAI chat rows are {messages} with roles user, assistant (system first only when set)', () => {
    const plain = toRow('openai-chat', cot, '') as { messages: Array<{ role: string; content: string }> };
    assert.deepEqual(Object.keys(plain), ['messages']);
    assert.deepEqual(plain.messages.map((m) => m.role), ['user', 'assistant']);
    assert.equal(plain.messages[1]?.content, cot.output);
    const withSystem = toRow('openai-chat', cot, 'You are a careful tutor.') as typeof plain;
    assert.deepEqual(withSystem.messages.map((m) => m.role), ['system', 'user', 'assistant']);
    for (const m of withSystem.messages) {
      assert.deepEqual(Object.keys(m).sort(), ['content', 'role']);
      assert.ok(m.content.trim().length > 0);
    }
  });

  it('Alpaca is a JSON array of {instruction, input, output}', () => {
    const rows = JSON.parse(renderFile('alpaca', [cot, cot], '')) as Array<Record<string, string>>;
    assert.equal(rows.length, 2);
    assert.deepEqual(Object.keys(rows[0] ?? {}).sort(), ['input', 'instruction', 'output']);
    assert.equal(rows[0]?.['instruction'], 'Please solve the following math problem.');
    assert.match(rows[0]?.['input'] ?? '', /^Question: What is 2 \+ 3\?/);
  });

  it('ShareGPT is a JSON array of {conversations: [human, gpt]}', () => {
    const rows = JSON.parse(renderFile('sharegpt', [cot], '')) as Array<{ conversations: Array<{ from: string; value: string }> }>;
    assert.deepEqual(Object.keys(rows[0] ?? {}), ['conversations']);
    assert.deepEqual(rows[0]?.conversations.map((c) => c.from), ['human', 'gpt']);
    assert.equal(rows[0]?.conversations[1]?.value, cot.output);
  });

  it('every format renders every example with no empty output', () => {
    for (const format of EXPORT_FORMATS) {
      const text = renderFile(format, [cot], 'sys');
      assert.ok(!text.includes('""'), `${format} has no empty string field`);
    }
  });
});
