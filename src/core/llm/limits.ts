/**
 * How hard we push an endpoint: at most so many requests in flight, and requests and tokens per
 * minute kept under the account's limits, so that 429s are the exception rather than the pace.
 */
import { performance } from 'node:perf_hooks';
import { cancelled, sleep, throwIfCancelled } from './wait';

/** How a request that held a slot went: it tells the limit whether the endpoint has room for more. */
export type SlotOutcome = 'ok' | 'rate_limited' | 'other';

/**
 * At most `current` holders at once, adapting between 1 and `max` to what the endpoint serves, in
 * the manner of TCP's congestion window: a 429 lowers `current` by one (or to fewer than were in
 * flight when it came, if that is lower: a capacity-limited server said no to the last one in),
 * at most once per round — 429s of requests sent before the last lowering say nothing new — and
 * every `current` successes raise it by one. The limit settles at the endpoint's capacity and
 * probes one above it once a round, and a few stray 429s cost a step, not the run's pace. Waiters
 * are served first come, first served.
 */
export class ConcurrencyLimit {
  private active = 0;
  private limit: number;
  private successes = 0;
  /** Bumped at every lowering; a slot remembers the epoch it was taken in. */
  private epoch = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`concurrency must be a whole number ≥ 1, got ${max}`);
    this.limit = max;
  }

  /** The limit in force now (≤ max). */
  get current(): number {
    return this.limit;
  }

  /** Resolves with a release function once a slot is free; pass it how the request went. */
  async acquire(signal?: AbortSignal): Promise<(outcome?: SlotOutcome) => void> {
    throwIfCancelled(signal);
    if (this.active < this.limit && this.waiting.length === 0) {
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

  private releaser(): (outcome?: SlotOutcome) => void {
    let released = false;
    const epoch = this.epoch;
    return (outcome) => {
      if (released) return;
      released = true;
      if (outcome === 'rate_limited' && epoch === this.epoch) {
        // `active` still counts this request: the endpoint held fewer than were in flight.
        this.limit = Math.max(1, Math.min(this.limit - 1, this.active - 1));
        this.successes = 0;
        this.epoch++;
      } else if (outcome === 'ok' && this.limit < this.max && ++this.successes >= this.limit) {
        this.limit += 1;
        this.successes = 0;
      }
      this.active -= 1;
      this.wakeWaiters();
    };
  }

  private wakeWaiters(): void {
    while (this.active < this.limit && this.waiting.length > 0) {
      this.active += 1;
      this.waiting.shift()?.();
    }
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
