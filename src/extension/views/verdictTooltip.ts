/**
 * Why a path is right or wrong (eq. 1), or a correction verified (eq. 2): what the current answer
 * checker reads from each side and which rule decided — shown on hover, since a researcher checks it
 * exactly when a verdict looks wrong. Computed on hover only (a MATH check may take the CAS).
 */
import * as vscode from 'vscode';
import { explainCorrectionVerdict, explainPathVerdict } from '../../core/pipeline/verdicts';
import { formatExplanation, type ExplainedVerdict } from '../../core/task';
import { Commands } from '../commands/ids';
import type { CorrectionNode, PathNode } from './datasetsView';

export function withVerdict(tooltip: vscode.TreeItem['tooltip'], node: PathNode | CorrectionNode): vscode.MarkdownString {
  const out = tooltip instanceof vscode.MarkdownString ? tooltip : new vscode.MarkdownString().appendText(typeof tooltip === 'string' ? tooltip : '');
  const path = node.kind === 'path' ? node.path.record : node.parent.path.record;
  const runTask = path.task;
  const stored = node.kind === 'path' ? path.correct : node.correction.record.verified;
  let explained: ExplainedVerdict | null;
  try {
    explained = node.kind === 'path' ? explainPathVerdict(path, runTask) : explainCorrectionVerdict(node.correction.record, path, runTask);
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
