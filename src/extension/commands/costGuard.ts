/** The cost guard of a stage in VS Code: the estimate logged, and above the settings' threshold a Send / Cancel dialog. */
import * as vscode from 'vscode';
import { describeEstimate, overThreshold, type CostThreshold, type StageEstimate } from '../../core/pipeline/estimate';
import type { Context } from '../context';

/**
 * Before a stage sends anything: its estimated requests, tokens and cost, logged always and asked
 * about (a modal with Send / Cancel) above the threshold of the settings. Cancel sends nothing.
 */
export async function confirmCost(ctx: Context, runId: string, estimate: StageEstimate, threshold: CostThreshold): Promise<boolean> {
  const text = describeEstimate(estimate);
  ctx.output.log(`run ${runId}: estimate ${text}`);
  const why = overThreshold(estimate, threshold);
  if (why === undefined) return true;
  const choice = await vscode.window.showWarningMessage(
    `Mistakebook: ${why}. Send these requests?`,
    { modal: true, detail: `${text}\n\nThe limit is the setting mistakebook.confirmCostAboveUsd (or …AboveTokens for models without a price).` },
    'Send',
  );
  const sent = choice === 'Send';
  ctx.output.log(`run ${runId}: ${estimate.stage} ${sent ? 'confirmed' : 'not sent: the estimate was declined'}`);
  return sent;
}

