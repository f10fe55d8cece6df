/** Reads the chosen runs of a workspace and aggregates them for the statistics view. */
import type { Diagnostic } from '../diagnostic';
import { DEFAULT_PRICES, type PriceTable } from '../llm/usage';
import { listRuns } from '../store/listRuns';
import { RunStore } from '../store/runStore';
import type { TableName } from '../store/layout';
import { aggregate, type RunTables } from './aggregate';
import type { RunChoice, StatsFilter, StatsReport } from './report';

export interface LoadStatsOptions {
  prices?: PriceTable;
  onDiagnostic?: (d: Diagnostic) => void;
}

export async function loadStats(workspaceDir: string, filter: StatsFilter, options: LoadStatsOptions = {}): Promise<StatsReport> {
  const onDiagnostic = options.onDiagnostic ?? (() => undefined);
  const runs = (await listRuns(workspaceDir)).filter((r) => r.info !== undefined);
  const available: RunChoice[] = runs.map((r) => ({
    id: r.id,
    task: r.info?.task ?? 'gsm8k',
    createdAt: r.info?.createdAt ?? '',
    models: [...new Set(Object.values(r.info?.models ?? {}).map((m) => m.model))].sort(),
  }));
  const chosen = filter.runs.length === 0 ? runs : runs.filter((r) => filter.runs.includes(r.id));
  const tables: RunTables[] = [];
  for (const run of chosen) {
    const store = await RunStore.open(workspaceDir, run.id, { onDiagnostic });
    try {
      tables.push({
        runId: run.id,
        task: store.info.task,
        paths: await readAll(store, 'paths'),
        augmented: await readAll(store, 'augmented'),
        corrections: await readAll(store, 'corrections'),
        ratings: await readAll(store, 'ratings'),
        errors: await readAll(store, 'errors'),
        evaluations: await readAll(store, 'evaluations'),
      });
    } finally {
      await store.close();
    }
  }
  const models = new Set(available.flatMap((r) => r.models));
  for (const t of tables) for (const p of [...t.paths, ...t.augmented, ...t.corrections]) models.add(p.model);
  return {
    available: { runs: available, models: [...models].sort() },
    filter: { runs: [...filter.runs], models: [...filter.models] },
    ...aggregate(tables, filter.models, options.prices ?? DEFAULT_PRICES),
  };
}

async function readAll<R>(store: RunStore, table: TableName): Promise<R[]> {
  const rows: R[] = [];
  for await (const row of store.read(table)) rows.push(row as R);
  return rows;
}
