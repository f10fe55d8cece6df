import { UsageMeter, type PriceTable, type RunUsage } from '../llm/usage';
import type { TokenUsage } from '../pipeline/records';
import { tableFile } from '../store/layout';
import { TableFollower } from '../store/tableFollower';

interface PaidRecord {
  id: string;
  model: string;
  usage?: TokenUsage;
  cached?: boolean;
}

const PAID_TABLES = ['paths', 'corrections', 'augmented'] as const;

/**
 * Tokens and dollars a run has spent, summed from the usage its rows carry (cached rows cost
 * nothing), priced with the user's table — so a run finished in another window or by the CLI shows
 * its cost too. The tables are followed: asked again while a stage writes, only the rows appended
 * since are read (a replaced table is read again from the start).
 */
export class RunUsageFollower {
  private meter: UsageMeter;
  private followers: TableFollower[];

  constructor(
    private readonly runDir: string,
    private readonly prices: PriceTable,
  ) {
    this.meter = new UsageMeter(prices);
    this.followers = this.follow();
  }

  async usage(): Promise<RunUsage> {
    if (await this.read()) {
      // A table was replaced after it was read (a regrade, a repaired line): count everything again.
      this.meter = new UsageMeter(this.prices);
      this.followers = this.follow();
      await this.read();
    }
    return this.meter.snapshot();
  }

  private follow(): TableFollower[] {
    return PAID_TABLES.map((t) => new TableFollower(tableFile(this.runDir, t)));
  }

  /** True when a table read before was replaced. */
  private async read(): Promise<boolean> {
    let replaced = false;
    for (const follower of this.followers) {
      const readBefore = follower.offset > 0 || follower.lineCount > 0;
      await follower.refresh({
        reset: () => {
          if (readBefore) replaced = true;
        },
        record: (record) => {
          const row = record as unknown as PaidRecord;
          if (row.usage !== undefined) this.meter.recordResponse(row.model, row.usage, row.cached === true);
        },
      });
      if (replaced) return true;
    }
    return false;
  }
}

/** A run's usage read once, whole. */
export function runUsage(runDir: string, prices: PriceTable): Promise<RunUsage> {
  return new RunUsageFollower(runDir, prices).usage();
}
