/**
 * The tooltips of paths and corrections in the Datasets tree, made on hover (`resolveTreeItem`): the
 * index keeps a few fields per record, so the texts are read back from the run's table here. A
 * verdict is explained as the current answer checker gives it — what it read from each side and which
 * rule decided — since a researcher checks exactly that when a verdict looks wrong; where it disagrees
 * with the stored verdict, a link offers to regrade the run.
 */
import * as vscode from 'vscode';
import { explainCorrectionVerdict, explainPathVerdict } from '../../core/pipeline/verdicts';
import type { CorrectionRecord, PathRecord } from '../../core/pipeline/records';
import type { RunIndex } from '../../core/runs/runIndex';
import { formatExplanation, type ExplainedVerdict } from '../../core/task';
import { Commands } from '../commands/ids';
import type { CorrectionNode, PathNode } from './datasetsView';

export function hoverTooltip(node: PathNode | CorrectionNode, index: RunIndex): vscode.MarkdownString {
  const out = new vscode.MarkdownString();
  let path: PathRecord;
  let correction: CorrectionRecord | undefined;
  try {
    path = index.fullPath(node.kind === 'path' ? node.path : node.parent.path);
    correction = node.kind === 'correction' ? index.fullCorrection(node.correction) : undefined;
  } catch (e) {
    return out.appendText((e as Error).message);
  }
  if (correction === undefined) {
    out.appendText(path.steps.map((s, i) => `Step ${i + 1}: ${s}`).join('\n'));
    out.appendMarkdown('\n\n---\n\n').appendText(`run ${index.runLabel(node.kind === 'path' ? node.path.runId : node.correction.runId)}`);
  } else {
    if (correction.outcome === 'unparseable') out.appendText(`The corrector's answer could not be read: ${correction.reason ?? 'unknown reason'}`);
    else out.appendText(correction.explanation ?? '');
    const note = node.kind === 'correction' ? node.correction.rating?.note : undefined;
    if (note !== undefined) out.appendMarkdown('\n\n**Note:** ').appendText(note);
  }
  return withVerdict(out, node, path, correction);
}

function withVerdict(out: vscode.MarkdownString, node: PathNode | CorrectionNode, path: PathRecord, correction: CorrectionRecord | undefined): vscode.MarkdownString {
  const stored = correction === undefined ? path.correct : correction.verified;
  let explained: ExplainedVerdict | null;
  try {
    explained = correction === undefined ? explainPathVerdict(path, path.task) : explainCorrectionVerdict(correction, path, path.task);
  } catch (e) {
    return out.appendMarkdown('\n\n**Verdict:** ').appendText(`cannot be explained: ${(e as Error).message}`);
  }
  if (explained === null) return out;
  out.appendMarkdown('\n\n**Verdict:** ').appendText(formatExplanation(explained.explanation));
  if (explained.correct !== stored) {
    out.isTrusted = { enabledCommands: [Commands.regradeRun] };
    const args = encodeURIComponent(JSON.stringify([node.kind === 'path' ? node.path.runId : node.correction.runId]));
    out.appendMarkdown(`\n\n⚠ The stored verdict was made by an older answer checker. [Regrade the run](command:${Commands.regradeRun}?${args}) to apply this one.`);
  }
  return out;
}
