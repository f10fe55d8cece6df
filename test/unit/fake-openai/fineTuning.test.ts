/**
 * Issue 19: the fake fine-tuning engine's model learns from its file alone: more examples, and more
 * corrective ones, give fewer wrong answers, deterministically, and never a wrong sample where a
 * model trained on less was right.
 */
import { strict as assert } from 'node:assert';
import { AnswerKey } from '../../fake-openai/answer-key';
import { checkTrainingFile, fineTunedWrongRate } from '../../fake-openai/fineTuning';
import { reasoner } from '../../fake-openai/reasoner';

const chat = (answer: string): string => JSON.stringify({ messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: answer }] });

describe('fake fine-tuning engine (issue 19)', () => {
  it('weighs a file by its examples, corrective ones more', () => {
    const plain = checkTrainingFile([chat('The answer is 1.'), chat('The answer is 2.')].join('\n'));
    const corrective = checkTrainingFile([chat('The answer is 1.'), chat('Incorrect Step: Step 1.\nExplanation: x\nCorrect Solution:\nThe answer is 2.')].join('\n'));
    assert.ok('weight' in plain && 'weight' in corrective);
    assert.deepEqual(plain.weight, { examples: 2, corrective: 0 });
    assert.deepEqual(corrective.weight, { examples: 2, corrective: 1 });
    const base = 0.3;
    assert.equal(fineTunedWrongRate(base, { examples: 0, corrective: 0 }, 12), base);
    assert.ok(fineTunedWrongRate(base, plain.weight, 12) < base);
    assert.ok(fineTunedWrongRate(base, corrective.weight, 12) < fineTunedWrongRate(base, plain.weight, 12), 'a corrective example teaches more than a plain one');
    assert.ok(fineTunedWrongRate(base, { examples: 24, corrective: 0 }, 12) < fineTunedWrongRate(base, { examples: 12, corrective: 0 }, 12));
    assert.deepEqual(checkTrainingFile(`${chat('a')}\n{"messages": []}\n`), { line: 2, message: 'expected an object with a non-empty "messages" array' });
  });

  it('a model trained on more is wrong only where the less trained one was wrong too', () => {
    const key = new AnswerKey(Array.from({ length: 40 }, (_, i) => ({ question: `What is ${i} + ${i}?`, goldAnswer: String(2 * i), goldSolution: `${i} + ${i} = ${2 * i}.` })));
    const less = reasoner({ wrongRate: 0.3 });
    const more = reasoner({ wrongRate: 0.1 });
    let wrongLess = 0;
    let wrongMore = 0;
    for (let i = 0; i < 40; i++) {
      for (let s = 0; s < 4; s++) {
        const request = { endpoint: 'chat' as const, model: 'm', prompt: `Question: What is ${i} + ${i}?\nAnswer:`, body: {} };
        const context = { sampleIndex: s, choiceIndex: 0, answerKey: key };
        const a = String(less(request, context));
        const b = String(more(request, context));
        const right = (t: string): boolean => t.endsWith(`The answer is ${2 * i}.`);
        if (!right(a)) wrongLess++;
        if (!right(b)) {
          wrongMore++;
          assert.ok(!right(a), `question ${i} sample ${s}: wrong after more training but right before`);
        }
      }
    }
    assert.ok(wrongMore < wrongLess, `${wrongMore} < ${wrongLess}`);
  });
});
