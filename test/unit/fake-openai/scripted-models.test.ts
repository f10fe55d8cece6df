import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { AnswerKey, loadAnswerKey, parseAnswerKey } from '../../../test/fake-openai/answer-key';
import { evaluate } from '../../../test/fake-openai/arithmetic';
import { corrector, parseCorrectionRequest } from '../../../test/fake-openai/corrector';
import { corruptSolution, solutionSteps, stepResult } from '../../../test/fake-openai/mistakes';
import { lastQuestion, reasoner } from '../../../test/fake-openai/reasoner';
import { echo, fixedText, type Script, type ScriptRequest } from '../../../test/fake-openai/scripts';
import { countTokens, truncateToTokens } from '../../../test/fake-openai/tokens';

const SAMPLE_KEY = join(__dirname, '../../fake-openai/answer-key.sample.jsonl');

function ask(prompt: string): ScriptRequest {
  return { endpoint: 'completion', model: 'm', prompt, body: {} };
}

function solvePrompt(question: string): string {
  return `Please solve the following math problem.\nQuestion: ${question}\nAnswer: Let's think step by step.\n`;
}

function finalAnswer(text: string): string | undefined {
  return /The answer is (.+)\.\s*(?:\}\s*)?$/.exec(text.trim())?.[1];
}

function run(script: Script, prompt: string, key: AnswerKey, sampleIndex: number): string {
  const reply = script(ask(prompt), { sampleIndex, choiceIndex: 0, answerKey: key });
  assert.equal(typeof reply, 'string');
  return reply as string;
}

describe('fake-openai arithmetic and mistakes', () => {
  it('evaluates arithmetic as solutions write it, and refuses anything else', () => {
    assert.equal(evaluate('2 + 3 * 4'), 14);
    assert.equal(evaluate('(2 + 3) x 4'), 20);
    assert.equal(evaluate('$1,200 - $1,050'), 150);
    assert.equal(evaluate('36/4'), 9);
    assert.equal(evaluate('-3 + 5'), 2);
    assert.equal(evaluate('process.exit()'), undefined);
    assert.equal(evaluate('2 +'), undefined);
    assert.equal(evaluate('(2'), undefined);
  });

  it('reads steps from a GSM8K solution without calculator annotations', () => {
    const steps = solutionSteps('She has 4*3 = <<4*3=12>>12 pens.\nSo 12+1 = <<12+1=13>>13.\n#### 13');
    assert.deepEqual(steps, ['She has 4*3 = 12 pens.', 'So 12+1 = 13.']);
    const r = stepResult(steps[0] ?? '');
    assert.equal(r?.expression, '4*3');
    assert.equal(r?.value, 12);
  });

  it('miscalculates one step and carries the wrong value to the final answer', () => {
    const steps = ['In the first part it travels 60*3 = 180 miles.', 'In the second part it travels 40*2 = 80 miles.', 'Altogether it travels 180+80 = 260 miles.'];
    for (let i = 0; i < 20; i++) {
      const c = corruptSolution(steps, '260', i / 20, ((i * 7) % 20) / 20);
      assert.ok(c, `pick ${i}`);
      assert.notEqual(c.answer, '260');
      // Steps before the slip are untouched; steps after it compute correctly from the wrong value.
      assert.deepEqual(c.steps.slice(0, c.wrongStep - 1), steps.slice(0, c.wrongStep - 1));
      const last = stepResult(c.steps[2] ?? '');
      assert.equal(String(last?.value), c.answer);
      if (c.wrongStep < 3) assert.equal(evaluate(last?.expression ?? ''), last?.value);
      else assert.notEqual(evaluate(last?.expression ?? ''), last?.value);
    }
  });
});

describe('fake-openai answer key', () => {
  it('reads GSM8K and explicit lines, and looks questions up whitespace-insensitively', async () => {
    const key = await loadAnswerKey(SAMPLE_KEY);
    assert.equal(key.size, 8);
    const apples = key.lookup('  Mara picks 12 apples on Monday and twice as many on Tuesday.\n How many apples does she pick in total? ');
    assert.equal(apples?.goldAnswer, '36');
    assert.match(apples?.goldSolution ?? '', /12\*2/);
    assert.equal(key.lookup('What is the capital letter count of the word MISTAKE?')?.goldAnswer, '7');
    assert.equal(key.lookup('An unknown question?'), undefined);
    assert.equal(parseAnswerKey('{"question":"q","answer":"x\\n#### 1,234"}', 'k.jsonl').lookup('q')?.goldAnswer, '1234');
  });

  it('names the file and line of a bad entry', () => {
    assert.throws(() => parseAnswerKey('{"question":"q","gold":1}\n{"question":"r"}\n', 'key.jsonl'), /key\.jsonl:2: expected/);
    assert.throws(() => parseAnswerKey('not json', 'key.jsonl'), /key\.jsonl:1: not valid JSON/);
  });
});

describe('fake-openai reasoner', () => {
  it('solves known questions step by step, wrong on a fixed subset of samples', async () => {
    const key = await loadAnswerKey(SAMPLE_KEY);
    const script = reasoner({ wrongRate: 0.3 });
    const questions = [
      'Mara picks 12 apples on Monday and twice as many on Tuesday. How many apples does she pick in total?',
      'A train travels 60 miles per hour for 3 hours, then 40 miles per hour for 2 hours. How far does it travel?',
    ];
    let wrong = 0;
    let total = 0;
    for (const q of questions) {
      const gold = key.lookup(q)?.goldAnswer;
      for (let s = 0; s < 100; s++) {
        const text = run(script, solvePrompt(q), key, s);
        assert.equal(text, run(script, solvePrompt(q), key, s), 'same sample, same text');
        const answer = finalAnswer(text);
        assert.ok(answer !== undefined, text);
        total += 1;
        if (answer !== gold) wrong += 1;
      }
    }
    assert.ok(wrong / total > 0.2 && wrong / total < 0.4, `wrong share ${wrong}/${total}`);
  });

  it('is always right at wrong rate 0 and always wrong at 1, also without a worked solution', () => {
    const key = new AnswerKey([{ question: 'How many legs do 3 cats have?', goldAnswer: '12' }]);
    for (let s = 0; s < 10; s++) {
      assert.equal(finalAnswer(run(reasoner({ wrongRate: 0 }), solvePrompt('How many legs do 3 cats have?'), key, s)), '12');
      assert.notEqual(finalAnswer(run(reasoner({ wrongRate: 1 }), solvePrompt('How many legs do 3 cats have?'), key, s)), '12');
    }
  });

  it('answers the last question of a few-shot prompt', () => {
    assert.equal(lastQuestion('Question: a?\nAnswer: 1\n\nQuestion: b?\nAnswer: Let\'s think step by step.'), 'b?');
    assert.equal(lastQuestion('just text'), 'just text');
  });
});

describe('fake-openai corrector', () => {
  const request = (steps: readonly string[], braces: boolean, question = 'A bakery sells muffins for $3 each. Leo buys 7 muffins and pays with a $50 bill. How much change does he get?'): string => {
    const body = steps.map((s, i) => `Step ${i + 1}: ${s}`);
    const example = 'Question: An example?\nOriginal Solution:\nStep 1: x\nIncorrect Step: Step 1.\nExplanation: e\nCorrect Solution:\nStep 1: y\n\n';
    return `${example}Question: ${question}\nOriginal Solution:\n${braces ? ['{', ...body, '}'].join('\n') : body.join('\n')}\n`;
  };
  const wrongPath = ['The muffins cost 7*3 = 21 dollars.', 'His change is 50-21 = 39 dollars.', 'The answer is 39.'];

  it('reads the last question and original solution of a request', () => {
    const parsed = parseCorrectionRequest(request(wrongPath, true));
    assert.equal(parsed?.steps.length, 3);
    assert.equal(parsed?.braces, true);
    assert.match(parsed?.question ?? '', /^A bakery/);
    assert.equal(parseCorrectionRequest('no question here'), undefined);
  });

  it('names the first wrong step, explains it and corrects from there to the gold answer', async () => {
    const key = await loadAnswerKey(SAMPLE_KEY);
    for (const braces of [true, false]) {
      const text = run(corrector(), request(wrongPath, braces), key, 0);
      assert.match(text, /^Incorrect Step: Step 2\.\nExplanation: Step 2 makes a calculation error: 50-21 is 29, not 39\.\nCorrect Solution:\n/);
      assert.equal(text.includes('{'), braces);
      assert.match(text, /\.\.\.\nStep 2: His change is 50-21 = 29 dollars\.\nStep 3: The answer is 29\./);
      assert.equal(finalAnswer(text), '29');
    }
  });

  it('continues after an `Incorrect Step:` cue at the end of the prompt, as a base model would', async () => {
    const key = await loadAnswerKey(SAMPLE_KEY);
    const text = run(corrector(), `${request(wrongPath, false)}Incorrect Step:`, key, 0);
    assert.match(text, /^ Step 2\.\nExplanation: /);
  });

  it('is wrong or off-format at the configured rates', async () => {
    const key = await loadAnswerKey(SAMPLE_KEY);
    assert.equal(finalAnswer(run(corrector({ wrongRate: 1 }), request(wrongPath, false), key, 0)), '30');
    assert.doesNotMatch(run(corrector({ unparseableRate: 1 }), request(wrongPath, false), key, 0), /Incorrect Step:/);
  });

  it('checks the arithmetic of an unknown question, and says "None." when every calculation is right', async () => {
    const key = await loadAnswerKey(SAMPLE_KEY);
    const slip = run(corrector(), request(['2 * 3 = 6.', '6 + 1 = 8.', 'The answer is 8.'], false, 'An unknown question?'), key, 0);
    assert.match(slip, /^Incorrect Step: Step 2\.\nExplanation: Step 2 makes a calculation error: 6 \+ 1 is 7, not 8\.\nCorrect Solution:\n\.\.\.\nStep 2: 6 \+ 1 = 7\./);
    const right = run(corrector(), request(['2 * 3 = 6.', 'The answer is 6.'], false, 'Another unknown question?'), key, 0);
    assert.match(right, /^Incorrect Step: None\.\nExplanation: Every calculation checks out/);
    const cued = run(corrector(), `${request(['2 * 3 = 6.', 'The answer is 6.'], false, 'Another unknown question?')}Incorrect Step:`, key, 0);
    assert.match(cued, /^ None\./);
  });
});

describe('fake-openai test scripts', () => {
  it('echoes the last chat message or the prompt, or says a fixed text', () => {
    const key = new AnswerKey();
    const ctx = { sampleIndex: 0, choiceIndex: 0, answerKey: key };
    assert.equal(echo(ask('the prompt'), ctx), 'the prompt');
    assert.equal(echo({ ...ask('a\n\nb'), endpoint: 'chat', messages: [{ role: 'system', content: 'a' }, { role: 'user', content: 'b' }] }, ctx), 'b');
    assert.equal(fixedText('The answer is 4.')(ask('anything'), ctx), 'The answer is 4.');
  });
});

describe('fake-openai tokens', () => {
  it('counts words and punctuation, and cuts at a token limit', () => {
    assert.equal(countTokens('The answer is 18.'), 5);
    assert.equal(countTokens(''), 0);
    assert.deepEqual(truncateToTokens('one two three', 2), { text: 'one two ', cut: true });
    assert.deepEqual(truncateToTokens('one two', 2), { text: 'one two', cut: false });
  });
});
