import { strict as assert } from 'node:assert';
import { multipleChoiceTask } from '../../../src/core/task/multipleChoice';

const MONEY = ['bank', 'library', 'department store', 'mall', 'new york'];
const SANCTIONS = ['ignore', 'enforce', 'authoritarian', 'yell at', 'avoid'];
const SEA = ['ocean', 'pacific ocean', 'lake', 'river', 'puddle'];

/** [completion, candidates, gold (text or letter), the candidate we must extract (null = none), correct?] */
type Row = [string, string[], string, string | null, boolean];

const ANSWERS: Row[] = [
  // by letter
  ['A revolving door is common at a bank. The answer is (A).', MONEY, 'bank', 'bank', true],
  ['The answer is (B).', MONEY, 'bank', 'library', false],
  ['The answer is B.', MONEY, 'library', 'library', true],
  ['The answer is: C', MONEY, 'C', 'department store', true],
  ['The answer is (c).', MONEY, 'department store', 'department store', true],
  ['The answer is [D].', MONEY, 'mall', 'mall', true],
  ['The answer is E) new york', MONEY, 'E', 'new york', true],
  ['The answer is option B.', MONEY, 'B', 'library', true],
  ['The answer is (A) bank.', MONEY, '(A)', 'bank', true],
  ['Answer: (E)', SANCTIONS, 'avoid', 'avoid', true],
  ['Answer: (E)', SANCTIONS, 'ignore', 'avoid', false],
  // by text, after case, punctuation and articles are set aside
  ['Money is kept in a bank. The answer is bank.', MONEY, 'A', 'bank', true],
  ['The answer is a bank.', MONEY, 'bank', 'bank', true],
  ['The answer is The Library!', MONEY, 'library', 'library', true],
  ['The answer is "department store".', MONEY, 'C', 'department store', true],
  ['So the answer is New York.', MONEY, 'new york', 'new york', true],
  ['The answer is yell at.', SANCTIONS, 'D', 'yell at', true],
  ['The answer is ignore', SANCTIONS, 'enforce', 'ignore', false],
  ['The answer is **avoid**.', SANCTIONS, 'avoid', 'avoid', true],
  // text with more words around it: the candidate it mentions first
  ['The answer is bank, because that is where money is kept.', MONEY, 'bank', 'bank', true],
  ['The answer is the bank rather than the library.', MONEY, 'library', 'bank', false],
  ['The answer is the pacific ocean.', SEA, 'pacific ocean', 'pacific ocean', true],
  ['The answer is ocean.', SEA, 'pacific ocean', 'ocean', false],
  // nearest candidate by spelling
  ['The answer is department stores.', MONEY, 'department store', 'department store', true],
  ['The answer is ignoring.', SANCTIONS, 'ignore', 'ignore', true],
  ['The answer is authoritarianism.', SANCTIONS, 'authoritarian', 'authoritarian', true],
  ['The answer is store.', MONEY, 'C', 'department store', true],
  ['The answer is libary.', MONEY, 'library', 'library', true],
  // LEMA's correction layout for CommonsenseQA
  ['Original Answer: {library}\nMistakes: money is not lent there.\nCorrected Answer: {bank}', MONEY, 'bank', 'bank', true],
  ['Original Answer: {bank}\nMistakes: none.\nCorrected Answer: {(D) mall}', MONEY, 'bank', 'mall', false],
  // the last stated answer wins; a follow-on question is cut off
  ['I first thought the answer is library. On reflection the answer is bank.', MONEY, 'bank', 'bank', true],
  ['The answer is (A).\n\nQuestion: Where do you borrow books? The answer is (B).', MONEY, 'bank', 'bank', true],
  // a bare answer, and the last "(X)" when no sentence states one
  ['bank', MONEY, 'A', 'bank', true],
  ['(C)', MONEY, 'department store', 'department store', true],
  ['Between (A) and (B), I pick (B) since books are lent there, and money is not.', MONEY, 'B', 'library', true],
  // no candidate named: no answer
  ['The answer is a gas station.', MONEY, 'bank', null, false],
  ['I cannot tell from the question which place is meant, sorry about that really.', MONEY, 'bank', null, false],
  ['The answer is (F).', MONEY, 'bank', null, false],
  ['', MONEY, 'bank', null, false],
];

describe('multiple-choice answers (table)', () => {
  ANSWERS.forEach(([completion, candidates, gold, answer, correct], i) => {
    it(`row ${i + 1}: ${JSON.stringify(completion.slice(0, 50))} vs ${gold}`, () => {
      assert.deepEqual(multipleChoiceTask.judge(completion, gold, { candidates }), { answer, correct });
    });
  });
});

describe('multiple-choice equivalence', () => {
  it('is the same candidate, whether named by letter or text', () => {
    const q = { candidates: MONEY };
    assert.ok(multipleChoiceTask.isEquivalent('(A)', 'bank', q));
    assert.ok(multipleChoiceTask.isEquivalent('Bank.', 'a', q));
    assert.ok(!multipleChoiceTask.isEquivalent('library', 'bank', q));
    assert.ok(!multipleChoiceTask.isEquivalent('gas station', 'gas station', q));
  });
  it('compares letters and phrases directly when there are no candidates', () => {
    assert.ok(multipleChoiceTask.isEquivalent('(b)', 'B'));
    assert.ok(multipleChoiceTask.isEquivalent('The Bank.', 'bank'));
    assert.ok(!multipleChoiceTask.isEquivalent('bank', 'library'));
  });
});

describe('multiple-choice gold and extraction without candidates', () => {
  it('gives the stated answer as written', () => {
    assert.equal(multipleChoiceTask.extractGold('Banks keep money. The answer is bank.'), 'bank');
    assert.equal(multipleChoiceTask.extractGold('B'), 'B');
    assert.equal(multipleChoiceTask.extractAnswer('The answer is (B).'), '(B)');
    assert.equal(multipleChoiceTask.extractAnswer('No idea, honestly, this question has too many good options for me.'), null);
  });
});

describe('multiple-choice solve prompt', () => {
  it('lists the candidates with letters', () => {
    assert.equal(
      multipleChoiceTask.renderSolvePrompt({ question: 'Where is money kept?', candidates: ['bank', 'library'] }),
      "Please answer the following multiple-choice question.\nQuestion: Where is money kept?\nCandidate Answers: (A) bank (B) library\nAnswer: Let's think step by step.\n",
    );
  });
});
