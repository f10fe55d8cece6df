import type { TokenUsage } from '../pipeline/records';
import { tableFile } from '../store/layout';
import { readTable } from '../store/tableReader';
import { UsageMeter, type PriceTable, type RunUsage } from '../llm/usage';

interface PaidRecord {
  id: string;
  model: string;
  usage?: TokenUsage;
  cached?: boolean;
}

/**
 * Tokens and dollars a run has spent, summed from the usage its rows carry (cached rows cost
 * nothing), priced with the user's table — so a run finished in another window or by the CLI
 * shows its cost too.
 */
export async function runUsage(runDir: string, prices: PriceTable): Promise<RunUsage> {
  const meter = new UsageMeter(prices);
  for (const table of ['paths', 'corrections', 'augmented'] as const) {
    for await (const row of readTable<PaidRecord>(tableFile(runDir, table), () => undefined)) {
      if (row.usage !== undefined) meter.recordResponse(row.model, row.usage, row.cached === true);
    }
  }
  return meter.snapshot();
}
