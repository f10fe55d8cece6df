import * as vscode from 'vscode';
import { redact } from '../core/llm/redact';

/**
 * The "Mistakebook" output channel: one timestamped line per event of a run. Every line passes
 * through `redact` with the keys in use, so a server that echoes a key cannot put it on screen.
 */
export class Output implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Mistakebook');
  private readonly secrets = new Set<string>();

  /** Keys this session has handed to a client; they are cut out of every later line. */
  rememberSecret(key: string): void {
    this.secrets.add(key);
  }

  log(line: string): void {
    const time = new Date().toISOString().replace('T', ' ').slice(0, 23);
    this.channel.appendLine(`[${time}] ${redact(line, [...this.secrets])}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
