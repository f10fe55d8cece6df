/**
 * What a researcher hears when a stage ends: what happened, in counts and rates, with the next step
 * as a button; a failure with its first cause and what to do about it. A stage that found everything
 * already stored says so, so a cached rerun does not look like nothing happened.
 */
import * as vscode from 'vscode';
import type { PipelineStage, ProgressEvent, StageResult } from '../../core/pipeline';
import { runDir, tableFile } from '../../core/store/layout';
import type { Context } from '../context';
import { Commands } from './ids';

const percent = (part: number, whole: number): string => (whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`);

/** "nothing new was asked: every result was already stored", "answered from the response cache", or ''. */
function freshness(p: ProgressEvent | undefined): string {
  if (p === undefined) return '';
  if (p.promptTokens + p.completionTokens === 0 && p.cacheHits === 0) return ' Nothing new was asked: every result was already stored.';
  if (p.promptTokens + p.completionTokens === 0) return ` All ${p.cacheHits} answers came from the response cache.`;
  return '';
}

export async function announceStageEnd(ctx: Context, runId: string, stage: PipelineStage, result: StageResult): Promise<void> {
  const index = await ctx.datasets.runIndex();
  await index.refresh();
  const name = index.runLabel(runId);
  const t = index.runTally(runId);
  const progress = ctx.activity.progressOf(runId)?.[stage];
  const buttons: Record<string, () => unknown> = {};
  let text: string;
  if (result.state === 'failed') {
    const items = `${result.errors} of ${result.total} item${result.total === 1 ? '' : 's'} failed`;
    text = `${stage} of run ${name} failed: ${result.message ?? items}`;
    buttons['Select Endpoint'] = () => vscode.commands.executeCommand(Commands.selectEndpoint);
    buttons['Show Errors'] = () => vscode.window.showTextDocument(vscode.Uri.file(tableFile(runDir(ctx.workspaceDir ?? '', runId), 'errors')));
    buttons['Resume'] = () => vscode.commands.executeCommand(Commands.resumeRun, runId);
    void vscode.window.showErrorMessage(`Mistakebook: ${text}`, ...Object.keys(buttons)).then((b) => (b === undefined ? undefined : buttons[b]?.()));
    return;
  }
  if (result.state !== 'done') return;
  switch (stage) {
    case 'sample':
      text = `${name}: ${t.paths} paths, ${t.mistakes} mistakes (${percent(t.mistakes, t.paths)}).`;
      if (t.mistakes > 0) buttons['Generate Corrections'] = () => vscode.commands.executeCommand(Commands.generateCorrections, runId);
      buttons['Show Mistakes'] = () => vscode.commands.executeCommand(Commands.showMistake, runId);
      break;
    case 'correct':
      text = `${name}: ${t.corrections} corrections of ${t.mistakes} mistakes, ${t.verified} verified (${percent(t.verified, t.corrections)})${t.unparseable > 0 ? `, ${t.unparseable} unparseable` : ''}.`;
      buttons['Show Mistakes'] = () => vscode.commands.executeCommand(Commands.showMistake, runId);
      buttons['Export…'] = () => vscode.commands.executeCommand(Commands.exportFineTuningData);
      break;
    case 'augment':
      text = `${name}: augmented CoT paths stored (${result.done} of ${result.total} questions).`;
      buttons['Export…'] = () => vscode.commands.executeCommand(Commands.exportFineTuningData);
      break;
    case 'evaluate':
      text = `${name}: evaluated ${result.done} of ${result.total} test questions.`;
      buttons['Show Statistics'] = () => vscode.commands.executeCommand(Commands.showStatistics);
      break;
    case 'classify':
      text = `${name}: error types of ${result.done} of ${result.total} corrections classified by the corrector.`;
      buttons['Show Statistics'] = () => vscode.commands.executeCommand(Commands.showStatistics);
      break;
    case 'critique':
      text = `${name}: critiqued ${result.done} of ${result.total} solutions.`;
      buttons['Show Statistics'] = () => vscode.commands.executeCommand(Commands.showStatistics);
      break;
  }
  ctx.output.log(`run ${runId}: ${stage} done — ${text}${freshness(progress)}`);
  void vscode.window.showInformationMessage(`Mistakebook: ${stage} done — ${text}${freshness(progress)}`, ...Object.keys(buttons)).then((b) => (b === undefined ? undefined : buttons[b]?.()));
}
