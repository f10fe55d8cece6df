/** Showing a question of the Datasets tree: as text beside the tree, or at its line in the dataset file. */
import * as vscode from 'vscode';
import { describeFormat } from '../../core/dataset/peekFormat';
import type { Context } from '../context';
import type { QuestionNode } from '../views/datasetsView';
import { record } from './args';

function questionOf(value: unknown): QuestionNode | undefined {
  return record(value)['kind'] === 'question' ? (value as QuestionNode) : undefined;
}

/** Show Question: the question, its gold answer and where it comes from, read-only; what each run made of it. */
export async function showQuestion(ctx: Context, node?: unknown): Promise<vscode.TextDocument | undefined> {
  const q = questionOf(node) ?? questionOf(ctx.datasetsTree.selection[0]);
  if (q === undefined) return undefined;
  const index = await ctx.datasets.runIndex();
  const { question, dataset } = q;
  const runs = [...index.byRun(index.paths(dataset.uri.fsPath, question.id))].map(([runId, paths]) => {
    const t = index.tally(paths);
    return `- ${index.runLabel(runId)}: ${t.wrong} of ${t.paths} paths wrong${t.corrected > 0 ? `, ${t.corrected} corrected` : ''}`;
  });
  const file = vscode.workspace.asRelativePath(dataset.uri, false);
  const text = [
    question.question,
    '',
    `Gold answer: ${question.goldAnswer}`,
    ...(question.candidates === undefined ? [] : ['', ...question.candidates.map((c, i) => `(${String.fromCharCode(65 + i)}) ${c}`)]),
    '',
    `From ${file}:${question.source.line}${dataset.format === undefined ? '' : ` (${describeFormat(dataset.format)})`}`,
    ...(runs.length === 0 ? [] : ['', 'Sampled in:', ...runs]),
    '',
  ].join('\n');
  // The title is the document's path, so it holds no slash: the file's own name and the line.
  const uri = ctx.questions.add(`Question ${dataset.uri.path.split('/').pop() ?? 'dataset'}:${question.source.line}`, text);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true, preserveFocus: true });
  return document;
}

/** Open in Dataset File: the raw file at the question's line. */
export async function openQuestionSource(ctx: Context, node?: unknown): Promise<vscode.TextEditor | undefined> {
  const q = questionOf(node) ?? questionOf(ctx.datasetsTree.selection[0]);
  if (q === undefined) return undefined;
  const line = Math.max(q.question.source.line - 1, 0);
  return vscode.window.showTextDocument(q.dataset.uri, { selection: new vscode.Range(line, 0, line, 0), preview: true });
}
