/**
 * "Preview corrector request": the exact text the corrector would receive for one mistake, in a
 * read-only virtual document that follows the prompt as it is edited.
 */
import * as vscode from 'vscode';
import { mistakeOfExample, renderCorrectionMessages, renderCorrectionRequest, withoutExample, type FewShotPrompt, type Mistake } from '../../core/fewshot';
import type { Context } from '../context';
import { displayName, parsedPrompt } from './language';
import { latestRunMistake, type MistakeSource } from './mistakeSource';

const PREVIEW_SCHEME = 'mistakebook-preview';

/** What a preview document shows; its URI's query names it. */
interface PreviewSpec {
  prompt: string;
  /** Preview this example's question with the example held out of the prompt. */
  holdOut?: number;
  /** A mistake given by the caller or found in a run, kept by the provider under this key. */
  mistakeKey?: string;
}

export class CorrectionPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly mistakes = new Map<string, Mistake>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ctx: Pick<Context, 'workspaceDir' | 'settings'>) {
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, this),
      vscode.workspace.onDidChangeTextDocument((e) => this.promptChanged(e.document.uri)),
    ];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /**
   * Opens the preview of `document` for `mistake` when given; otherwise for example `exampleIndex`
   * held out; otherwise for the latest run's first mistake or, failing that, the last example.
   */
  async show(document: vscode.TextDocument, options: { mistake?: MistakeSource; exampleIndex?: number } = {}): Promise<vscode.TextDocument> {
    const prompt = parsedPrompt(document);
    const spec: PreviewSpec = { prompt: document.uri.toString() };
    let source: string;
    const chosen = options.mistake
      ? options.mistake
      : options.exampleIndex === undefined
        ? await latestRunMistake(this.ctx.workspaceDir, prompt)
        : null;
    if (chosen) {
      spec.mistakeKey = String(this.mistakes.size + 1);
      this.mistakes.set(spec.mistakeKey, chosen.mistake);
      source = chosen.source;
    } else {
      const index = options.exampleIndex ?? prompt.examples.length - 1;
      if (prompt.examples[index] === undefined) {
        throw new Error(`${displayName(document.uri)} has no example to preview yet; add one (Question:, Original Solution:, …) or run Sample Reasoning Paths first.`);
      }
      spec.holdOut = index;
      source = `Example ${index + 1} held out`;
    }
    const name = document.uri.path.split('/').pop() ?? 'prompt';
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name} · ${source}`, query: JSON.stringify(spec) });
    const preview = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(preview, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return preview;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const spec = JSON.parse(uri.query) as PreviewSpec;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(spec.prompt));
    let prompt = parsedPrompt(document);
    let mistake = spec.mistakeKey === undefined ? undefined : this.mistakes.get(spec.mistakeKey);
    if (spec.holdOut !== undefined) {
      const example = prompt.examples[spec.holdOut];
      if (!example) return `Example ${spec.holdOut + 1} is no longer in ${prompt.file}; open the preview again from its CodeLens.`;
      mistake = mistakeOfExample(example);
      prompt = withoutExample(prompt, example);
    }
    if (!mistake) return 'This preview was opened in an earlier session; open it again from the prompt file.';
    try {
      return render(prompt, mistake, this.ctx.settings().corrector.api);
    } catch (e) {
      return `Cannot render the request: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  private promptChanged(changed: vscode.Uri): void {
    const key = changed.toString();
    for (const d of vscode.workspace.textDocuments) {
      if (d.uri.scheme === PREVIEW_SCHEME && (JSON.parse(d.uri.query) as PreviewSpec).prompt === key) this.changed.fire(d.uri);
    }
  }
}

/**
 * As the corrector's endpoint takes it: a completion model gets one text ending at the label it
 * continues from; a chat model (the default) gets a system and a user message.
 */
function render(prompt: FewShotPrompt, mistake: Mistake, api: 'chat' | 'completion'): string {
  if (api === 'completion') return renderCorrectionRequest(prompt, mistake);
  return renderCorrectionMessages(prompt, mistake)
    .map((m) => `── ${m.role} ──\n${m.content}`)
    .join('\n\n');
}
