import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { contentId, QuestionIds } from '../../../src/core/dataset/questionIds';

describe('question ids', () => {
  it('is the first 16 hex digits of SHA-256 over question, gold answer and candidates, so other tools can recompute it', () => {
    const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
    assert.equal(contentId({ question: 'Wie viel ist 2+2? ✓', goldAnswer: '4' }), sha('Wie viel ist 2+2? ✓\u00004'));
    assert.equal(contentId({ question: 'Q', goldAnswer: 'b', candidates: ['a', 'b'] }), sha('Q\u0000b\u0000a\u0001b'));
    assert.notEqual(contentId({ question: 'ab', goldAnswer: 'c' }), contentId({ question: 'a', goldAnswer: 'bc' }));
  });

  it('finds every repeat among many questions and names the line of the first', () => {
    const ids = new QuestionIds();
    const seen = new Set<string>();
    for (let line = 1; line <= 60000; line++) {
      const n = line <= 40000 ? line : line - 40000;
      const { id, repeats } = ids.assign({ question: `Q${n}`, goldAnswer: '1' }, line);
      assert.equal(repeats, line <= 40000 ? undefined : n, `line ${line}`);
      if (line > 40000) assert.equal(id, `${contentId({ question: `Q${n}`, goldAnswer: '1' })}-2`);
      assert.ok(!seen.has(id));
      seen.add(id);
    }
  });

  it('uses the dataset\'s own ids when given, and numbers repeated ones', () => {
    const ids = new QuestionIds();
    assert.deepEqual(ids.assign({ question: 'A', goldAnswer: '1', ownId: 'gsm-7' }, 1), { id: 'gsm-7' });
    assert.deepEqual(ids.assign({ question: 'B', goldAnswer: '2', ownId: 'gsm-7' }, 2), { id: 'gsm-7-2', repeats: 1 });
    assert.deepEqual(ids.assign({ question: 'C', goldAnswer: '3', ownId: 'gsm-7' }, 5), { id: 'gsm-7-3', repeats: 1 });
  });
});
