import { strict as assert } from 'node:assert';
import { unbatch } from '../../../src/core/dataset/unbatch';

/** A batch source that records whether it was closed, and can fail after its batches. */
function source(batches: number[][], failWith?: Error): { gen: AsyncGenerator<number[], void, undefined>; closed: () => boolean } {
  let closed = false;
  async function* gen(): AsyncGenerator<number[], void, undefined> {
    try {
      for (const b of batches) {
        await new Promise((r) => setImmediate(r));
        yield b;
      }
      if (failWith) throw failWith;
    } finally {
      closed = true;
    }
  }
  return { gen: gen(), closed: () => closed };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('unbatch', () => {
  it('hands out the items of every batch in order, past empty batches', async () => {
    const { gen, closed } = source([[1, 2], [], [3], [4, 5, 6]]);
    assert.deepEqual(await all(unbatch(gen)), [1, 2, 3, 4, 5, 6]);
    assert.ok(closed());
  });

  it('keeps order when next() is called again before the last one settled', async () => {
    const it = unbatch(source([[1], [2, 3], [], [4]]).gen);
    const steps = await Promise.all([it.next(), it.next(), it.next(), it.next(), it.next(), it.next()]);
    assert.deepEqual(steps.map((s) => (s.done === true ? 'done' : s.value)), [1, 2, 3, 4, 'done', 'done']);
  });

  it('closes the source when the caller breaks out, and is done after', async () => {
    const { gen, closed } = source([[1, 2, 3], [4, 5]]);
    const it = unbatch(gen);
    for await (const x of it) if (x === 2) break;
    assert.ok(closed(), 'the source generator ran its finally');
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });

  it('passes on a failure of the source, then is done', async () => {
    const it = unbatch(source([[1]], new Error('disk gone')).gen);
    assert.deepEqual(await it.next(), { done: false, value: 1 });
    await assert.rejects(it.next(), /disk gone/);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });

  it('throw() closes the source and rejects with the error', async () => {
    const { gen, closed } = source([[1, 2]]);
    const it = unbatch(gen);
    await it.next();
    await assert.rejects(it.throw(new Error('stop')), /stop/);
    assert.ok(closed());
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });
});
