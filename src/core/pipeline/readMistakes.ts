/** A run's mistakes with their corrections, for the mistake view, the tree and the exporter. */
import type { Diagnostic } from '../diagnostic';
import { RunStore } from '../store/runStore';
import type { CorrectionRecord, PathRecord } from './records';

export interface MistakeWithCorrections {
  /** A path with correct = false (eq. 1). */
  path: PathRecord;
  /** In correctionIndex order; empty until the correct stage reaches it. */
  corrections: CorrectionRecord[];
}

/** Mistakes in the order they were sampled. Reads the tables only; a run being written can be read. */
export async function readMistakes(workspaceDir: string, runId: string, onDiagnostic: (d: Diagnostic) => void = () => undefined): Promise<MistakeWithCorrections[]> {
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic });
  const mistakes = new Map<string, MistakeWithCorrections>();
  for await (const path of store.read<PathRecord>('paths')) {
    if (!path.correct && !mistakes.has(path.id)) mistakes.set(path.id, { path, corrections: [] });
  }
  const seen = new Set<string>();
  for await (const correction of store.read<CorrectionRecord>('corrections')) {
    if (seen.has(correction.id)) continue;
    seen.add(correction.id);
    mistakes.get(correction.pathId)?.corrections.push(correction);
  }
  const out = [...mistakes.values()];
  for (const m of out) m.corrections.sort((a, b) => a.correctionIndex - b.correctionIndex);
  return out;
}
