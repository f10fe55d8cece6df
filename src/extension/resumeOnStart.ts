import * as vscode from 'vscode';
import { Commands } from './commands/ids';
import type { Context } from './context';

/**
 * After a window reload (or a crash), runs whose process is gone show as `interrupted`: offer to
 * resume them. Runs a moment after activation, so activation itself reads nothing.
 */
export function offerResume(ctx: Pick<Context, 'runs' | 'activity' | 'track'>): void {
  const { runs, activity } = ctx;
  const timer = setTimeout(() => {
    void runs.list().then(async (all) => {
      const interrupted = all.filter((r) => r.status === 'interrupted' && activity.get(r.id) === undefined);
      if (interrupted.length === 0 || !vscode.workspace.isTrusted) return;
      const what = interrupted.length === 1 ? `Run ${interrupted[0]?.id ?? ''} was` : `${interrupted.length} runs were`;
      const choice = await vscode.window.showInformationMessage(`Mistakebook: ${what} interrupted (window closed or reloaded). Resume from what is stored?`, 'Resume', 'Not Now');
      if (choice !== 'Resume') return;
      for (const run of interrupted) await vscode.commands.executeCommand(Commands.resumeRun, run.id);
    });
  }, 1500);
  ctx.track({ dispose: () => clearTimeout(timer) });
}
