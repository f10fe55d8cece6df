/**
 * Hands out the items of a stream of batches one at a time, as an async generator would, but
 * with one already-settled promise per item: a `yield` in an async generator costs several
 * microtask hops, which on a 100k-question file weigh as much as reading it.
 */
export function unbatch<T>(batches: AsyncGenerator<readonly T[], void, undefined>): AsyncGenerator<T, void, undefined> {
  return new Unbatched(batches);
}

class Unbatched<T> implements AsyncGenerator<T, void, undefined> {
  private batch: readonly T[] = [];
  private at = 0;
  private closed = false;
  /** The last `next()` still waiting for a batch: later calls queue behind it, keeping order. */
  private waiting: Promise<IteratorResult<T, void>> | undefined;

  constructor(private readonly batches: AsyncGenerator<readonly T[], void, undefined>) {}

  next(): Promise<IteratorResult<T, void>> {
    if (this.waiting === undefined && this.at < this.batch.length) {
      return Promise.resolve({ done: false, value: this.batch[this.at++] as T });
    }
    const result = this.waiting === undefined ? this.refill() : this.waiting.then(() => this.refill(), () => this.refill());
    this.waiting = result;
    const settle = (): void => {
      if (this.waiting === result) this.waiting = undefined;
    };
    result.then(settle, settle);
    return result;
  }

  private async refill(): Promise<IteratorResult<T, void>> {
    while (!this.closed && this.at >= this.batch.length) {
      const step = await this.batches.next();
      if (step.done === true) this.closed = true;
      else if (!this.closed) [this.batch, this.at] = [step.value, 0];
    }
    if (this.closed) return { done: true, value: undefined };
    return { done: false, value: this.batch[this.at++] as T };
  }

  /** Stops early (a `break` out of `for await`): the batches' generator closes its file. */
  async return(): Promise<IteratorResult<T, void>> {
    this.close();
    await this.batches.return(undefined);
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<T, void>> {
    this.close();
    await this.batches.return(undefined);
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private close(): void {
    this.closed = true;
    this.batch = [];
    this.at = 0;
  }
}
