import { strict as assert } from 'node:assert';
import { detectFormat, draftQuestion, questionFromPrompt, type GoldReader } from '../../../src/core/dataset/formats';

/** A stand-in for the task rules, so these tests are about field handling only. */
const gold: GoldReader = {
  fromSolution: (s) => /#### (\S+)/.exec(s)?.[1] ?? null,
  fromCompletion: (c) => /The answer is (\S+?)\.?$/.exec(c)?.[1] ?? null,
};

describe('dataset formats', () => {
  it('detects each format from its fields', () => {
    assert.equal(detectFormat([{ question: 'q', answer: 'x\n#### 1' }]), 'gsm8k');
    assert.equal(detectFormat([{ question: 'q', answer: '1' }]), 'generic');
    assert.equal(detectFormat([{ problem: 'p', solution: 's', level: 'Level 2', type: 'Algebra' }]), 'math');
    assert.equal(detectFormat([{ prompt: 'p', completion: 'c' }]), 'lema');
    assert.equal(detectFormat([{ prompt: 'p', answer: '4' }]), 'lema');
    assert.equal(detectFormat([{ prompt: 'p', answer: 'a', candidates: ['a', 'b'] }]), 'csqa');
    assert.equal(detectFormat([{ question: 'q', answer: 'a', candidates: ['a'] }]), 'csqa');
    assert.equal(detectFormat([{ text: 't' }, { label: 1 }]), null);
    assert.equal(detectFormat([]), null);
  });

  it('goes with the majority, the earliest on a tie', () => {
    const g = { question: 'q', answer: '#### 1' };
    const m = { problem: 'p', solution: 's' };
    assert.equal(detectFormat([m, g, g]), 'gsm8k');
    assert.equal(detectFormat([m, g]), 'math');
  });

  it('takes the last question out of a prompt, up to its answer cue', () => {
    assert.equal(questionFromPrompt('Solve.\nQuestion: What is 1+1?\nAnswer: Let\'s think step by step.\n'), 'What is 1+1?');
    assert.equal(questionFromPrompt('Question: A?\nAnswer: 1\n\nQuestion: B\non two lines?\nAnswer:'), 'B\non two lines?');
    assert.equal(questionFromPrompt('Question: Where?\nCandidate Answers: a, b.\nAnswer: Let\'s think'), 'Where?');
    assert.equal(questionFromPrompt('  What is 2+2?  '), 'What is 2+2?');
  });

  it('says which field is missing or of the wrong kind', () => {
    const missing = draftQuestion({ question: 'q' }, 'gsm8k', gold);
    assert.ok('problem' in missing);
    assert.equal(missing.problem, "missing field 'answer'; skipped (GSM8K records need 'question' and 'answer' (ending '#### n'))");
    const wrongKind = draftQuestion({ problem: ['p'], solution: 's' }, 'math', gold);
    assert.ok('problem' in wrongKind && wrongKind.problem.startsWith("field 'problem' is an array, expected text"));
    const badCandidates = draftQuestion({ question: 'q', answer: 'a', candidates: 'a, b' }, 'csqa', gold);
    assert.ok('problem' in badCandidates && badCandidates.problem.startsWith("field 'candidates' must be an array"));
  });

  it('keeps numbers as text and warns when a multiple-choice answer is not a candidate', () => {
    const r = draftQuestion({ question: 'q', answer: 3, candidates: [1, 2] }, 'csqa', gold);
    assert.ok('draft' in r);
    assert.deepEqual(r.draft, { question: 'q', goldAnswer: '3', candidates: ['1', '2'] });
    assert.equal(r.warning, "the answer '3' is not one of the candidates");
  });

  it('maps generic fields, finding the gold answer in the solution when the answer field is absent', () => {
    const mapping = { question: 'q', answer: 'a', solution: 'sol', id: 'key' };
    const withAnswer = draftQuestion({ q: 'Q?', a: 7, sol: 'work #### 7', key: 12 }, 'generic', gold, mapping);
    assert.deepEqual('draft' in withAnswer && withAnswer.draft, { question: 'Q?', goldAnswer: '7', goldSolution: 'work #### 7', ownId: '12' });
    const fromSolution = draftQuestion({ q: 'Q?', sol: 'work #### 8', key: 'k' }, 'generic', gold, mapping);
    assert.equal('draft' in fromSolution && fromSolution.draft.goldAnswer, '8');
    const none = draftQuestion({ q: 'Q?', sol: 'no marker', key: 'k' }, 'generic', gold, mapping);
    assert.ok('problem' in none && /no gold answer: field 'a' is missing and 'sol' has no final answer/.test(none.problem));
    const noId = draftQuestion({ q: 'Q?', a: 1 }, 'generic', gold, mapping);
    assert.ok('problem' in noId && noId.problem.startsWith("missing field 'key'"));
  });

  it('reads LEMA gold from the completion unless an answer is given', () => {
    const r = draftQuestion({ prompt: 'Question: Q?\nAnswer:', completion: 'So 4. The answer is 4.' }, 'lema', gold);
    assert.ok('draft' in r);
    assert.deepEqual(r.draft, { question: 'Q?', goldAnswer: '4', goldSolution: 'So 4. The answer is 4.', meta: { prompt: 'Question: Q?\nAnswer:' } });
    const noAnswer = draftQuestion({ prompt: 'Question: Q?', completion: 'I give up' }, 'lema', gold);
    assert.ok('problem' in noAnswer && noAnswer.problem.startsWith("no final answer ('The answer is …') in field 'completion'"));
  });
});
