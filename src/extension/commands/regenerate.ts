/**
 * Regenerate (the mistake view's toolbar, a correction or wrong path in the tree): the run's M_c is
 * asked once more for a correction of one mistake, with the run's own P_c; the new row goes to
 * corrections.jsonl and the mistake view opens on it.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { regenerateCorrection, type CorrectionRecord } from '../../core/pipeline';
import { RUN_INFO_FILE, runDir } from '../../core/store/layout';
import { readRunInfo } from '../../core/store/runInfo';
import { resolveTarget } from '../mistakeView/target';
import type { Output } from '../output';
import { isLocalEndpoint, type ApiKeys } from '../secrets';

export const REGENERATE_COMMAND = 'mistakebook.regenerateCorrection';

export function registerRegenerate(keys: ApiKeys, output: Output): vscode.Disposable {
  return vscode.commands.registerCommand(REGENERATE_COMMAND, (...args: unknown[]) => showingErrors(regenerate(keys, output, ...args)));
}

/** A command's failure is shown to the researcher, and still rejects for callers and tests. */
export async function showingErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    void vscode.window.showErrorMessage(`Mistakebook: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
}

/**
 * Mistakebook: Regenerate Correction. Takes what Show Mistake takes (`{ runId, pathId, correctionId }`
 * from the toolbar, or a tree node). Resolves to the new record, or undefined when nothing was asked.
 */
async function regenerate(keys: ApiKeys, output: Output, ...args: unknown[]): Promise<CorrectionRecord | undefined> {
  if (!trusted()) return undefined;
  const target = await resolveTarget(args);
  if ('reason' in target) throw new Error(target.reason);
  const { workspaceDir, runId, pathId } = target;
  if (pathId === undefined) {
    void vscode.window.showInformationMessage('Mistakebook: open a mistake (Show Mistake) and press Regenerate there, or use it on a wrong path in the Datasets tree.');
    return undefined;
  }
  const info = await readRunInfo(join(runDir(workspaceDir, runId), RUN_INFO_FILE));
  const corrector = info.models.corrector;
  if (corrector === undefined) throw new Error(`run ${runId} has no corrector model in its run.json; sample a new run with one.`);
  const apiKey = await keyFor(keys, output, corrector.endpoint, 'corrector');
  if (apiKey === null) return undefined;
  const record = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Mistakebook: asking ${corrector.model} for another correction`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return regenerateCorrection(workspaceDir, runId, pathId, {
        ...(apiKey === undefined ? {} : { apiKey }),
        signal: controller.signal,
        log: (line) => output.log(`run ${runId}: regenerate: ${line}`),
      });
    },
  );
  output.log(`run ${runId}: regenerated correction ${record.correctionIndex + 1} of path ${pathId}: ${verdictOf(record)}`);
  // Greedy decoding ignores the seed, so the new correction is likely the old text again; say why.
  const greedy = corrector.sampling.temperature === 0 ? ` (the run's corrector samples at temperature 0, so it tends to repeat itself)` : '';
  void vscode.window.setStatusBarMessage(`Mistakebook: correction ${record.correctionIndex + 1} — ${verdictOf(record)}${greedy}`, 5000);
  await vscode.commands.executeCommand('mistakebook.showMistake', runId, pathId, record.id);
  return record;
}

/** A correction's outcome in a few words: verified (eq. 2), not verified, or unparseable. */
export function verdictOf(record: CorrectionRecord): string {
  if (record.outcome === 'unparseable') return `unparseable (${record.reason ?? 'no reason given'})`;
  return record.verified ? `✓ verified (answer ${record.answer ?? '?'})` : `✗ not verified (answer ${record.answer ?? 'none'})`;
}

/**
 * The key for an endpoint from secret storage, asked for (and stored) when a non-local endpoint has
 * none. undefined: no key needed; null: the researcher backed out.
 */
export async function keyFor(keys: ApiKeys, output: Output, endpoint: string, role: string): Promise<string | undefined | null> {
  let key = await keys.get(endpoint);
  if (key === undefined && !isLocalEndpoint(endpoint)) {
    key = await vscode.window.showInputBox({
      title: `API key for ${endpoint} (${role})`,
      prompt: 'Stored in VS Code secret storage, never in settings or run files.',
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined || key === '') return null;
    await keys.set(endpoint, key);
  }
  if (key !== undefined) output.rememberSecret(key);
  return key;
}

/** Commands that call models are off in an untrusted workspace, whoever invokes them. */
export function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage('Mistakebook: commands that call models are disabled in an untrusted workspace. Trust the workspace to run them.');
  return false;
}
