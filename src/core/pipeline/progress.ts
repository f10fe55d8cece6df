/** A stage's running tally, told to the caller as progress events (at most every PROGRESS_INTERVAL_MS). */
import type { FailureKind, TokenUsage } from './records';

export type PipelineStage = 'sample' | 'correct' | 'augment' | 'evaluate' | 'critique' | 'classify';

export interface ProgressEvent {
  runId: string;
  stage: PipelineStage;
  /** Records stored (including those a previous attempt stored) out of `total`. */
  done: number;
  total: number;
  /** Items that failed for good in this attempt, by kind (see errors.jsonl). */
  errors: Partial<Record<FailureKind, number>>;
  /** Tokens and dollars paid in this attempt (cache hits cost nothing). */
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** Requests the response cache answered. */
  cacheHits: number;
  /**
   * Requests in flight the client allows now (`current`, lowered on 429s and raised slowly on
   * success) and at most (`max`, the run's concurrency); absent before the stage sends anything.
   */
  concurrency?: { current: number; max: number };
}

const PROGRESS_INTERVAL_MS = 100;

export class StageProgress {
  private readonly event: ProgressEvent;
  private lastTold = 0;
  private concurrencyProbe: (() => { current: number; max: number }) | undefined;

  constructor(
    runId: string,
    stage: PipelineStage,
    private readonly listener: ((e: ProgressEvent) => void) | undefined,
  ) {
    this.event = { runId, stage, done: 0, total: 0, errors: {}, promptTokens: 0, completionTokens: 0, costUsd: 0, cacheHits: 0 };
  }

  get done(): number {
    return this.event.done;
  }

  get total(): number {
    return this.event.total;
  }

  get errorCount(): number {
    return Object.values(this.event.errors).reduce((sum, n) => sum + n, 0);
  }

  get errors(): Readonly<Partial<Record<FailureKind, number>>> {
    return this.event.errors;
  }

  /** Where to read the effective concurrency from, told with every event (the stage's model client). */
  watchConcurrency(probe: () => { current: number; max: number }): void {
    this.concurrencyProbe = probe;
  }

  setTotal(total: number): void {
    this.event.total = total;
    this.tell(false);
  }

  addDone(records: number): void {
    this.event.done += records;
    this.tell(false);
  }

  paid(completion: { usage: TokenUsage; costUsd: number | undefined; fromCache: boolean }): void {
    if (completion.fromCache) {
      this.event.cacheHits += 1;
      return;
    }
    this.event.promptTokens += completion.usage.promptTokens;
    this.event.completionTokens += completion.usage.completionTokens;
    this.event.costUsd += completion.costUsd ?? 0;
  }

  failed(kind: FailureKind): void {
    this.event.errors[kind] = (this.event.errors[kind] ?? 0) + 1;
    this.tell(false);
  }

  /** Tells the listener now (the final event of a stage), whatever the interval. */
  flush(): void {
    this.tell(true);
  }

  private tell(force: boolean): void {
    if (this.listener === undefined) return;
    const now = Date.now();
    if (!force && now - this.lastTold < PROGRESS_INTERVAL_MS) return;
    this.lastTold = now;
    const concurrency = this.concurrencyProbe?.();
    this.listener({ ...this.event, errors: { ...this.event.errors }, ...(concurrency === undefined ? {} : { concurrency }) });
  }
}

/** "rate_limit 3, server 1" */
export function describeErrors(errors: Readonly<Partial<Record<FailureKind, number>>>): string {
  return Object.entries(errors)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
}
