import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../../../src/core/diagnostic';

/** A fresh temp directory per test, and a diagnostics sink to assert on. */
export function useTempDir(): { dir: () => string; diagnostics: Diagnostic[]; collect: (d: Diagnostic) => void } {
  let dir = '';
  const diagnostics: Diagnostic[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mb-store-'));
    diagnostics.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return { dir: () => dir, diagnostics, collect: (d) => diagnostics.push(d) };
}

/** Runs a TypeScript file in a child Node process through tsx. */
export const TSX = [process.execPath, '--import', 'tsx'] as const;
