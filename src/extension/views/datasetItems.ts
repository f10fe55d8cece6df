/** How each node of the Datasets tree looks: label, description, tooltip, icon, and what a click does. */
import * as vscode from 'vscode';
import { describeFormat } from '../../core/dataset/peekFormat';
import type { RunIndex, Tally } from '../../core/runs/runIndex';
import { Commands } from '../commands/ids';
import { QUESTION_PAGE, type CorrectionNode, type DatasetNode, type MoreNode, type PathNode, type QuestionNode, type RunGroupNode } from './datasetsView';

export function datasetItem(node: DatasetNode, index: RunIndex): vscode.TreeItem {
  const item = new vscode.TreeItem(node.uri.path.split('/').pop() ?? node.uri.path, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `dataset:${node.uri.toString()}`;
  item.resourceUri = node.uri;
  const tally = index.datasetTally(node.uri.fsPath);
  const format = node.format === undefined ? [] : [describeFormat(node.format)];
  item.description = [`${node.lineCount.toLocaleString('en-US')} lines`, ...format, ...describeTally(tally)].join(' · ');
  item.tooltip = [node.uri.fsPath, ...(node.format === undefined ? [] : [`Format: ${describeFormat(node.format)}${node.format.detected ? ' (detected from its fields)' : ''}`])].join('\n');
  item.contextValue = 'dataset';
  item.iconPath = new vscode.ThemeIcon('database');
  return item;
}

/** "3/8 wrong · 2 corrected" for one run; over several runs, counts would add up across them, so they are not summed. */
function describeTally(t: Tally): string[] {
  if (t.paths === 0) return [];
  if (t.runs > 1) return [`${t.runs} runs`];
  return [`${t.wrong}/${t.paths} wrong`, ...(t.corrected > 0 ? [`${t.corrected} corrected`] : [])];
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function questionItem(node: QuestionNode, index: RunIndex): vscode.TreeItem {
  const paths = index.paths(node.dataset.uri.fsPath, node.question.id);
  const item = new vscode.TreeItem(oneLine(node.question.question, 90), paths.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `question:${node.dataset.uri.toString()}#${node.question.id}`;
  const tally = index.tally(paths);
  item.description = tally.paths > 0 ? describeTally(tally).join(' · ') : `gold ${node.question.goldAnswer}`;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(node.question.question);
  tooltip.appendMarkdown('\n\n---\n\n**Gold answer:** ');
  tooltip.appendText(node.question.goldAnswer);
  tooltip.appendMarkdown(`\n\n${node.question.source.file.split(/[\\/]/).pop() ?? ''}:${node.question.source.line}`);
  item.tooltip = tooltip;
  item.contextValue = 'question';
  item.iconPath = new vscode.ThemeIcon(tally.wrong > 0 ? 'question' : 'circle-outline');
  // A click shows the question as text; "Open in Dataset File" (context menu) goes to its line.
  item.command = { command: Commands.showQuestion, title: 'Show Question', arguments: [node] };
  return item;
}

/** A question's paths of one run, with that run's own counts. */
export function runGroupItem(node: RunGroupNode, index: RunIndex): vscode.TreeItem {
  const item = new vscode.TreeItem(index.runLabel(node.runId), vscode.TreeItemCollapsibleState.Expanded);
  item.id = `runGroup:${node.parent.dataset.uri.toString()}#${node.parent.question.id}/${node.runId}`;
  item.description = describeTally(index.tally(node.paths)).join(' · ');
  item.tooltip = `run ${node.runId}`;
  item.contextValue = 'runGroup';
  item.iconPath = new vscode.ThemeIcon('history');
  return item;
}

export function moreItem(node: MoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = `more:${node.dataset.uri.toString()}`;
  item.description = `next ${QUESTION_PAGE} questions`;
  item.contextValue = 'loadMore';
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.command = { command: Commands.loadMoreQuestions, title: 'Load more questions', arguments: [node] };
  return item;
}

export function pathItem(node: PathNode, index: RunIndex): vscode.TreeItem {
  const { record, runId } = node.path;
  const corrections = index.corrections(runId, record.id);
  const item = new vscode.TreeItem(
    `${record.correct ? '✓' : '✗'} ${record.answer ?? 'no answer'}`,
    corrections.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `path:${runId}/${record.id}`;
  const verified = corrections.filter((c) => c.record.verified).length;
  // Step-level truth: the researcher's first wrong step, when they gave one.
  const label = index.stepLabel(runId, record.id);
  item.description = [
    `sample ${record.sampleIndex + 1}`,
    record.model,
    ...(corrections.length > 0 ? [`${verified}/${corrections.length} corrections verified`] : []),
    ...(label === undefined ? [] : [label.step === null ? 'you: no wrong step' : `you: step ${label.step}`]),
  ].join(' · ');
  // The tooltip (steps, run, verdict) is made on hover: the texts are read back from the table then.
  item.contextValue = record.correct ? 'path.right' : 'path.wrong';
  item.iconPath = record.correct
    ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
    : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
  if (!record.correct) item.command = { command: Commands.showMistake, title: 'Show Mistake', arguments: [runId, record.id] };
  return item;
}

export function correctionItem(node: CorrectionNode): vscode.TreeItem {
  const { record, rating, runId } = node.correction;
  const label =
    record.outcome === 'unparseable' ? '? unparseable' : `${record.verified ? '✓ verified' : '✗ not verified'} → ${record.answer ?? 'no answer'}`;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `correction:${runId}/${record.id}`;
  item.description = [
    ...(record.incorrectStep === undefined ? [] : [`step ${record.incorrectStep}`]),
    // Several raters (issue 18): a disagreement not adjudicated yet has no rating in force.
    node.correction.ratersDisagree === true ? 'raters disagree' : rating === undefined ? 'unrated' : `rated ${rating.rating}`,
    record.model,
  ].join(' · ');
  // The tooltip (explanation, note, verdict) is made on hover: the texts are read back from the table then.
  item.contextValue = rating === undefined ? 'correction.unrated' : 'correction.rated';
  item.iconPath =
    record.outcome === 'unparseable'
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : record.verified
        ? new vscode.ThemeIcon('verified-filled', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon('unverified', new vscode.ThemeColor('testing.iconFailed'));
  item.command = { command: Commands.showMistake, title: 'Show Mistake', arguments: [runId, record.pathId, record.id] };
  return item;
}
