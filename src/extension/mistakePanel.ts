import * as vscode from 'vscode';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { isMistakeViewMessage, type HostToMistakeView } from '../shared/protocol';

/** The mistake view panel (one at a time, reused). */
export class MistakePanel {
  private static current: MistakePanel | undefined;

  static show(extensionUri: vscode.Uri): MistakePanel {
    if (MistakePanel.current) {
      MistakePanel.current.panel.reveal();
      return MistakePanel.current;
    }
    const panel = vscode.window.createWebviewPanel('mistakebook.mistake', 'Mistake', vscode.ViewColumn.Active, webviewOptions(extensionUri));
    MistakePanel.current = new MistakePanel(panel, extensionUri);
    return MistakePanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'mistake', 'Mistake');
    panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m));
    panel.onDidDispose(() => (MistakePanel.current = undefined));
  }

  private receive(message: unknown): void {
    if (!isMistakeViewMessage(message)) return;
    if (message.type === 'ready') this.post({ type: 'empty', reason: 'Open a dataset and run Generate Corrections to see mistakes here.' });
  }

  private post(message: HostToMistakeView): void {
    void this.panel.webview.postMessage(message);
  }
}
