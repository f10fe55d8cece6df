import * as vscode from 'vscode';
import type { Context } from '../context';
import { WorkbenchCommands } from './ids';

/** Mistakebook: Open Dataset… — from the palette (asks for a file) or with a Uri (context menus, tests). */
export async function openDataset(ctx: Context, uri?: unknown): Promise<void> {
  const picked =
    (uri instanceof vscode.Uri ? uri : undefined) ??
    (
      await vscode.window.showOpenDialog({
        title: 'Open a dataset (GSM8K, MATH, LEMA or CSQA; JSONL or a JSON array)',
        canSelectMany: false,
        filters: { Datasets: ['jsonl', 'json'] },
        ...(ctx.workspaceDir === undefined ? {} : { defaultUri: vscode.Uri.file(ctx.workspaceDir) }),
      })
    )?.[0];
  if (!picked) return;
  // A folder, a FIFO, a device or an unreadable file is refused with the reader's message (the command table shows it).
  await ctx.datasets.add(picked);
  await vscode.commands.executeCommand(WorkbenchCommands.focusDatasets);
}
