/**
 * One benchmark row. Machines here are noisy, so every benchmark reports a ratio of two
 * things measured in the same run (ours vs a baseline, or vs a physical limit), never a bare time.
 */
export interface BenchmarkResult {
  name: string;
  /** The measured figure, e.g. 1.21 (ratio) or 240000 (checks per second). */
  value: number;
  unit: string;
  /** Target the value must meet, and in which direction. */
  target: number;
  better: 'higher' | 'lower';
  /** Extra facts worth printing (sizes, counts, absolute times of this run). */
  detail?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchmarkResult[]>;
}

export function meetsTarget(r: BenchmarkResult): boolean {
  return r.better === 'higher' ? r.value >= r.target : r.value <= r.target;
}
