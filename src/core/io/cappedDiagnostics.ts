/**
 * Diagnostics of one read, all counted but only the first `max` kept: 20 MB of garbage makes
 * millions of problems, and a reader must neither hold nor print them all.
 */
import type { Diagnostic } from '../diagnostic';

/** How many diagnostics a reader keeps by default (datasets, prompts, imports alike). */
export const MAX_KEPT_DIAGNOSTICS = 100;

export class CappedDiagnostics {
  readonly kept: Diagnostic[] = [];
  errors = 0;
  warnings = 0;

  constructor(readonly max = MAX_KEPT_DIAGNOSTICS) {}

  push(d: Diagnostic): void {
    if (d.severity === 'error') this.errors++;
    else this.warnings++;
    if (this.kept.length < this.max) this.kept.push(d);
  }

  get total(): number {
    return this.errors + this.warnings;
  }
}

/** The first `shown` lines of a list of `total` problems, and a last line saying how many more there are. */
export function summarised(lines: readonly string[], total: number, shown: number): string[] {
  const out = lines.slice(0, shown);
  if (total > out.length) out.push(`… and ${total - out.length} more`);
  return out;
}
