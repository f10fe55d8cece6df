/**
 * How hard we push an endpoint: at most so many requests in flight, and requests and tokens per
 * minute kept under the account's limits, so that 429s are the exception rather than the pace.
 */
import { performance } from 'node:perf_hooks';
import { cancelled, sleep, throwIfCancelled } from './wait';

/** At most `max` holders at once; waiters are served first come, first served. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`concurrency must be a whole number ≥ 1, got ${max}`);
  }

  /** Resolves with a release function once a slot is free. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    throwIfCancelled(signal);
    if (this.active < this.max) {
      this.active += 1;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(cancelled());
      };
      this.waiting.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` only drops when nobody waits.
      if (next) next();
      else this.active -= 1;
    };
  }
}

/**
 * A bucket refilled at `perMinute / 60 s`, holding at most one second's worth (at least one
 * unit). A take is allowed whenever the bucket is above zero and may drive it negative, so a
 * request larger than the bucket still goes, and the debt slows the ones after it.
 */
class Bucket {
  private level: number;
  private last = performance.now();
  private readonly capacity: number;
  private readonly perMs: number;

  constructor(perMinute: number) {
    if (!(perMinute > 0)) throw new Error(`a per-minute limit must be positive, got ${perMinute}`);
    this.perMs = perMinute / 60_000;
    this.capacity = Math.max(1, perMinute / 60);
    this.level = this.capacity;
  }

  /** Milliseconds until a take is allowed (0 = now). */
  waitMs(need: number): number {
    this.refill();
    return this.level >= need ? 0 : (need - this.level) / this.perMs;
  }

  take(amount: number): void {
    this.refill();
    this.level -= amount;
  }

  private refill(): void {
    const now = performance.now();
    this.level = Math.min(this.capacity, this.level + (now - this.last) * this.perMs);
    this.last = now;
  }
}

export interface RateLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export class RateLimit {
  private readonly requests: Bucket | undefined;
  private readonly tokens: Bucket | undefined;
  private pausedUntil = 0;
  /** Takes are serialised so that waiters leave in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(limits: RateLimits = {}) {
    this.requests = limits.requestsPerMinute === undefined ? undefined : new Bucket(limits.requestsPerMinute);
    this.tokens = limits.tokensPerMinute === undefined ? undefined : new Bucket(limits.tokensPerMinute);
  }

  /** Waits until one more request of about `tokens` tokens fits under the limits, then counts it. */
  acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        throwIfCancelled(signal);
        const wait = Math.max(this.pausedUntil - performance.now(), this.requests?.waitMs(1) ?? 0, this.tokens?.waitMs(Number.MIN_VALUE) ?? 0);
        if (wait <= 0) break;
        await sleep(Math.ceil(wait), signal);
      }
      this.requests?.take(1);
      this.tokens?.take(tokens);
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Corrects a request's token estimate once its real usage is known. */
  settle(estimatedTokens: number, actualTokens: number): void {
    this.tokens?.take(actualTokens - estimatedTokens);
  }

  /** Holds every request back for `ms`, as the endpoint asked with a `Retry-After`. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }
}
