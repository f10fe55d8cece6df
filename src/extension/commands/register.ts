/**
 * The one place commands are registered: every row of the command table, in one loop, behind one
 * error wrapper (the failure is shown to the researcher and still rejects, for callers and tests) and
 * one trust guard (commands that call models do nothing in an untrusted workspace, whoever runs them).
 */
import * as vscode from 'vscode';
import type { Context } from '../context';
import type { CommandId } from './ids';

export interface CommandRow {
  id: CommandId;
  /** Arguments as VS Code passes them: a tree node and the selection, a Uri, ids, or whatever a caller gives. */
  run: (ctx: Context, ...args: unknown[]) => unknown;
  /** Calls a model (or spends money): refused in an untrusted workspace. */
  callsModels?: boolean;
}

export const UNTRUSTED_MESSAGE = 'Mistakebook: commands that call models are disabled in an untrusted workspace. Trust the workspace to run them.';

export function installCommands(ctx: Context, table: readonly CommandRow[]): void {
  for (const row of table) {
    ctx.track(
      vscode.commands.registerCommand(row.id, async (...args: unknown[]) => {
        if (row.callsModels === true && !vscode.workspace.isTrusted) {
          void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
          return undefined;
        }
        try {
          return await row.run(ctx, ...args);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          ctx.output.log(`${row.id} failed: ${message}`);
          void vscode.window.showErrorMessage(message.startsWith('Mistakebook') ? message : `Mistakebook: ${message}`);
          throw e;
        }
      }),
    );
  }
}
