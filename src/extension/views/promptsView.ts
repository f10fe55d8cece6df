/**
 * The Prompts view: every *.fewshot.txt of the workspace, and under each its examples; a click
 * opens the file at the example.
 */
import * as vscode from 'vscode';
import { parsePrompt, type FewShotExample, type FewShotPrompt } from '../../core/fewshot';
import { readPromptFile } from '../../core/fewshot/readPromptFile';
import { UserFileError } from '../../core/io/userFile';
import { WorkbenchCommands } from '../commands/ids';
import { displayName, FEWSHOT_GLOB, headline, isFewShot } from '../language/language';

interface PromptFileNode {
  kind: 'file';
  uri: vscode.Uri;
  prompt: FewShotPrompt;
}

interface PromptExampleNode {
  kind: 'example';
  uri: vscode.Uri;
  example: FewShotExample;
}

export type PromptNode = PromptFileNode | PromptExampleNode;

const REFRESH_DEBOUNCE_MS = 300;

export class PromptsView implements vscode.TreeDataProvider<PromptNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PromptNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  private readonly disposables: vscode.Disposable[];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(FEWSHOT_GLOB);
    const later = (): void => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changed.fire(undefined), REFRESH_DEBOUNCE_MS);
    };
    this.disposables = [
      this.changed,
      watcher,
      watcher.onDidCreate(later),
      watcher.onDidDelete(later),
      watcher.onDidChange(later),
      // Unsaved edits show too: the tree reads an open document's text, not the file on disk.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isFewShot(e.document)) later();
      }),
      { dispose: () => clearTimeout(this.timer) },
    ];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  async getChildren(node?: PromptNode): Promise<PromptNode[]> {
    if (node?.kind === 'example') return [];
    if (node) return node.prompt.examples.map((example) => ({ kind: 'example', uri: node.uri, example }));
    const uris = await vscode.workspace.findFiles(FEWSHOT_GLOB, '**/{node_modules,.git}/**');
    uris.sort((a, b) => a.path.localeCompare(b.path));
    return Promise.all(uris.map(async (uri): Promise<PromptFileNode> => ({ kind: 'file', uri, prompt: await promptOf(uri) })));
  }

  getTreeItem(node: PromptNode): vscode.TreeItem {
    return node.kind === 'file' ? fileItem(node) : exampleItem(node);
  }
}

function fileItem(node: PromptFileNode): vscode.TreeItem {
  const { prompt } = node;
  const item = new vscode.TreeItem(node.uri, prompt.examples.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.uri.toString();
  item.label = node.uri.path.split('/').pop() ?? node.uri.path;
  const errors = prompt.diagnostics.filter((d) => d.severity === 'error').length;
  const count = `${prompt.examples.length} example${prompt.examples.length === 1 ? '' : 's'}`;
  item.description = errors > 0 ? `${count} · ${errors} error${errors === 1 ? '' : 's'}` : count;
  item.tooltip = `${displayName(node.uri)}\n${prompt.format === 'steps' ? 'Numbered-step layout (GSM8K, MATH)' : 'Multiple-choice layout'}`;
  item.contextValue = 'fewshotFile';
  if (errors > 0) item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  // A click expands the file; its inline Edit action opens it.
  return item;
}

function exampleItem(node: PromptExampleNode): vscode.TreeItem {
  const { example } = node;
  const item = new vscode.TreeItem(headline(example.question, 6), vscode.TreeItemCollapsibleState.None);
  item.id = `${node.uri.toString()}#example-${example.index + 1}`;
  item.description = whatWentWrong(example);
  item.tooltip = new vscode.MarkdownString().appendText(`Example ${example.index + 1} (line ${example.range.startLine})\n\n${example.question}`);
  item.contextValue = 'fewshotExample';
  item.iconPath = new vscode.ThemeIcon('symbol-object');
  const at = new vscode.Range(example.range.startLine - 1, 0, example.range.startLine - 1, 0);
  item.command = { command: WorkbenchCommands.open, title: 'Open Example', arguments: [node.uri, { selection: at } satisfies vscode.TextDocumentShowOptions] };
  return item;
}

/** "Step 2 wrong", or for multiple choice "(A) → (B)". */
function whatWentWrong(example: FewShotExample): string {
  if (example.format === 'steps') return example.incorrectStep === null ? 'incorrect step missing' : `Step ${example.incorrectStep} wrong`;
  const choice = (text: string): string | undefined => /\(([A-Z])\)[.\s]*$/.exec(text.trim())?.[1];
  const from = choice(example.originalAnswer);
  const to = choice(example.correctedAnswer);
  return from !== undefined && to !== undefined ? `(${from}) → (${to})` : 'answer corrected';
}

/** The file's prompt; a file that cannot be read as text shows with that one problem. */
async function promptOf(uri: vscode.Uri): Promise<FewShotPrompt> {
  try {
    return parsePrompt(await textOf(uri), displayName(uri));
  } catch (e) {
    if (!(e instanceof UserFileError)) throw e;
    return { ...parsePrompt('', displayName(uri)), diagnostics: [e.diagnostic] };
  }
}

async function textOf(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  // Read as every prompt reader does: a regular file, size-limited, valid UTF-8 (the errors say where).
  if (uri.scheme === 'file') return readPromptFile(uri.fsPath);
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
