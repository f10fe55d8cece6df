/**
 * `npm run bench`: runs every bench/*.bench.ts (each exports `benchmarks: Benchmark[]`) and prints
 * one table, each row a figure measured in this run with its target and a mark where it falls short.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { meetsTarget, type Benchmark, type BenchmarkResult } from './benchmark';

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).sort();
  const rows: BenchmarkResult[] = [];
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { benchmarks: Benchmark[] };
    for (const b of mod.benchmarks) {
      if (only && !b.name.includes(only)) continue;
      process.stderr.write(`running ${b.name}…\n`);
      rows.push(...(await b.run()));
    }
  }
  const fmt = (n: number): string => (Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  const table = rows.map((r) => ({
    benchmark: r.name,
    value: `${fmt(r.value)} ${r.unit}`,
    target: `${r.better === 'higher' ? '≥' : '≤'} ${fmt(r.target)} ${r.unit}`,
    ok: meetsTarget(r) ? 'ok' : '✗ short',
    detail: r.detail ?? '',
  }));
  const cols = ['benchmark', 'value', 'target', 'ok', 'detail'] as const;
  const width = cols.map((c) => Math.max(c.length, ...table.map((t) => t[c].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(width[i] ?? 0)).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const t of table) console.log(line(cols.map((c) => t[c])));
  const short = rows.filter((r) => !meetsTarget(r)).length;
  console.log(`\n${rows.length} benchmarks, ${short} short of target`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
