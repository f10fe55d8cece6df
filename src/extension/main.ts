/**
 * Activation: one context, one command table, the few-shot language features; nothing slow (no
 * dataset or run is read here — the views read when they are first shown).
 */
import * as vscode from 'vscode';
import type { RunActivity } from './activity';
import { installCommands } from './commands/register';
import { COMMAND_TABLE } from './commands/table';
import { Commands, WorkbenchCommands } from './commands/ids';
import { Context } from './context';
import { registerFewShotLanguage } from './language';
import { offerResume } from './resumeOnStart';
import type { ApiKeys } from './secrets';
import type { DatasetsTreeNode, DatasetsView } from './views/datasetsView';
import type { PromptsView } from './views/promptsView';
import type { RunsView } from './views/runsView';
import type { MistakeView } from './webviews/mistake/mistakePanel';
import type { StatsView } from './webviews/stats/statsPanel';

/** What the extension hands to its integration tests (and to other extensions): the live views. */
export interface MistakebookApi {
  datasets: DatasetsView;
  /** The Datasets tree itself: its selection follows the mistake view. */
  datasetsTree: vscode.TreeView<DatasetsTreeNode>;
  runs: RunsView;
  /** The runs this window is working on. */
  activity: RunActivity;
  /** API keys by endpoint (SecretStorage). */
  keys: ApiKeys;
  prompts: PromptsView;
  /** The mistake view: its rating and first-paint events, and Show Mistake. */
  mistakeView: MistakeView;
  /** The statistics view: Show Statistics, and an event per report it was sent. */
  statsView: StatsView;
  /** This extension's log folder, inside the user-data folder (tests search that folder for keys). */
  logUri: vscode.Uri;
  /** How long activate() took, in milliseconds (it must stay cheap: it runs before any view shows). */
  activationMs: number;
}

export function activate(extension: vscode.ExtensionContext): MistakebookApi {
  const started = performance.now();
  const ctx = new Context(extension);
  extension.subscriptions.push(ctx);
  installCommands(ctx, COMMAND_TABLE);
  registerFewShotLanguage(ctx);
  // Ratings in the mistake view run no command; this context key ticks the walkthrough's rating step.
  ctx.track(ctx.mistakeView.onDidRate(() => void vscode.commands.executeCommand(WorkbenchCommands.setContext, 'mistakebook.ratedCorrection', true)));
  offerResume(ctx);
  const activationMs = performance.now() - started;
  ctx.output.log(`activated in ${activationMs.toFixed(1)} ms (runs folder: ${ctx.workspaceDir ?? 'none'}; ${Object.keys(Commands).length} commands)`);
  return {
    datasets: ctx.datasets,
    datasetsTree: ctx.datasetsTree,
    runs: ctx.runs,
    activity: ctx.activity,
    keys: ctx.keys,
    prompts: ctx.prompts,
    mistakeView: ctx.mistakeView,
    statsView: ctx.statsView,
    logUri: extension.logUri,
    activationMs,
  };
}

export function deactivate(): void {
  // Everything is disposed through the context, which extension.subscriptions holds.
}
