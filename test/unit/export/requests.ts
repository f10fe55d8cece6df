/** What the export tests share: a request on the fixture workspace with the CLI's defaults, and reading JSONL back. */
import { readFileSync } from 'node:fs';
import type { ExportRequest } from '../../../src/core/export';

export function exportRequest(workspaceDir: string, output: string, seed: number, extra: Partial<ExportRequest> = {}): ExportRequest {
  return { workspaceDir, output, format: 'prompt-completion', content: 'both', filters: { verifiedOnly: true }, seed, toolVersion: '0.1.0', ...extra };
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as T);
}
