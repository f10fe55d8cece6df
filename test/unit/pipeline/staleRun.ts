/** A run whose stored verdicts an older answer checker made, for the regrade tests. */
import type { CorrectionRecord, PathRecord } from '../../../src/core/pipeline';
import { RunStore } from '../../../src/core/store/runStore';

export const AT = new Date('2026-01-02T03:04:05.000Z');

export function path(id: string, completion: string, goldAnswer: string, answer: string | null, correct: boolean): PathRecord {
  return { id, questionId: `q-${id}`, task: 'math', question: 'Q?', goldAnswer, model: 'm', sampleIndex: 0, completion, steps: [completion], answer, correct, createdAt: AT.toISOString() };
}

function correction(id: string, pathId: string, step: string, answer: string | null, verified: boolean): CorrectionRecord {
  return {
    id, pathId, questionId: `q-${pathId}`, model: 'c', promptSha256: 'p', correctionIndex: 0, raw: `Incorrect Step: Step 1\nExplanation: e\nCorrect Solution:\nStep 1: ${step}`,
    outcome: 'parsed', incorrectStep: 1, explanation: 'e', correctedSteps: [step], correctedFrom: 1, expandedSteps: [step], answer, verified, createdAt: AT.toISOString(),
  };
}

/**
 * A MATH run whose verdicts an older checker made: p1's cue-less answer `$\$4.50$` was read as "\"
 * and judged wrong; p3's `0.333` was taken for 1/3. p2 was and is right. c1 corrects p1 with the
 * same cue-less answer, stored as unverified.
 */
export async function staleRun(workspace: string, id = 'stale-run'): Promise<string> {
  const store = await RunStore.create(workspace, { toolVersion: '0.0.1', task: 'math', dataset: { path: 'd.jsonl', sha256: 'x' }, models: {}, runId: id }, { onDiagnostic: () => undefined });
  const paths = await store.table<PathRecord>('paths');
  await paths.append(path('p1', 'So the total is $\\$4.50$.', '4.5', '\\', false));
  await paths.append(path('p2', 'The answer is $\\boxed{7}$.', '7', '7', true));
  await paths.append(path('p3', 'Rounding, $x = 0.333$', '\\frac13', 'x = 0.333', true));
  const corrections = await store.table<CorrectionRecord>('corrections');
  await corrections.append(correction('c1', 'p1', 'So the total is $\\$4.50$.', '\\', false));
  await store.close();
  return id;
}
