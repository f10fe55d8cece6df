/**
 * Mistakebook: Regenerate Correction (the mistake view's toolbar, a correction or wrong path in the
 * tree): the run's M_c is asked once more for a correction of one mistake, with the run's own P_c; the
 * new row goes to corrections.jsonl and the mistake view opens on it.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { regenerateCorrection, type CorrectionRecord } from '../../core/pipeline';
import { RUN_INFO_FILE, runDir } from '../../core/store/layout';
import { readRunInfo } from '../../core/store/runInfo';
import type { Context } from '../context';
import { runOf } from '../webviews/mistake/target';
import { mistakeIdsOf, record as fieldsOf } from './args';
import { Commands } from './ids';
import { keyFor } from './keys';

/** Resolves to the new record, or undefined when nothing was asked. */
export async function regenerate(ctx: Context, ...args: unknown[]): Promise<CorrectionRecord | undefined> {
  const target = await runOf(ctx, mistakeIdsOf(args));
  if ('reason' in target) throw new Error(target.reason);
  const { workspaceDir, runId, pathId } = target;
  if (pathId === undefined) {
    void vscode.window.showInformationMessage('Mistakebook: open a mistake (Show Mistake) and press Regenerate there, or use it on a wrong path in the Datasets tree.');
    return undefined;
  }
  const info = await readRunInfo(join(runDir(workspaceDir, runId), RUN_INFO_FILE));
  const corrector = info.models.corrector;
  if (corrector === undefined) throw new Error(`run ${runId} has no corrector model in its run.json; sample a new run with one.`);
  const temperature = await temperatureFor(corrector.sampling.temperature, fieldsOf(args[0])['temperature']);
  if (temperature === null) return undefined;
  const apiKey = await keyFor(ctx, corrector.endpoint, 'corrector');
  if (apiKey === null) return undefined;
  const record = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Mistakebook: asking ${corrector.model} for another correction`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return regenerateCorrection(workspaceDir, runId, pathId, {
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(temperature === undefined ? {} : { temperature }),
        signal: controller.signal,
        log: (line) => ctx.output.log(`run ${runId}: regenerate: ${line}`),
      });
    },
  );
  ctx.output.log(`run ${runId}: regenerated correction ${record.correctionIndex + 1} of path ${pathId}: ${verdictOf(record)}`);
  // Greedy decoding ignores the seed, so the new correction is likely the old text again; say why.
  const greedy = (temperature ?? corrector.sampling.temperature) === 0 ? ` (asked at temperature 0, so it tends to repeat the earlier one)` : '';
  void vscode.window.setStatusBarMessage(`Mistakebook: correction ${record.correctionIndex + 1} — ${verdictOf(record)}${greedy}`, 5000);
  await vscode.commands.executeCommand(Commands.showMistake, runId, pathId, record.id);
  return record;
}

/**
 * The temperature of this one request: the one given (the toolbar, tests); else, when the run's
 * corrector answers greedily (temperature 0) and would repeat its earlier correction, asked for.
 * undefined: the run's own; null: the researcher backed out.
 */
async function temperatureFor(runTemperature: number | undefined, given: unknown): Promise<number | undefined | null> {
  if (typeof given === 'number' && given >= 0 && given <= 2) return given;
  if (runTemperature !== 0) return undefined;
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Temperature 0.7 for this request', description: 'a different correction', temperature: 0.7 as number | undefined },
      { label: 'Temperature 1.0 for this request', description: 'more varied', temperature: 1 },
      { label: "Keep the run's temperature 0", description: 'likely the same correction again', temperature: undefined },
    ],
    { title: "The run's corrector answers at temperature 0, so it will likely repeat its earlier correction" },
  );
  return picked === undefined ? null : picked.temperature;
}

/** A correction's outcome in a few words: verified (eq. 2), not verified, or unparseable. */
export function verdictOf(record: CorrectionRecord): string {
  if (record.outcome === 'unparseable') return `unparseable (${record.reason ?? 'no reason given'})`;
  return record.verified ? `✓ verified (answer ${record.answer ?? '?'})` : `✗ not verified (answer ${record.answer ?? 'none'})`;
}
