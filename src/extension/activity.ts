import * as vscode from 'vscode';
import type { PipelineStage, ProgressEvent } from '../core/pipeline/progress';
import { WorkbenchCommands } from './commands/ids';

/** A run that this window is working on now. */
export interface ActiveRun {
  runId: string;
  stage: PipelineStage;
  controller: AbortController;
  /** The latest progress event of each stage of this attempt. */
  progress: Partial<Record<PipelineStage, ProgressEvent>>;
}

/**
 * The runs this window is working on: who can cancel them, how far each stage got. Drives the
 * status-bar item and the live figures of the Runs view.
 */
export class RunActivity implements vscode.Disposable {
  private readonly active = new Map<string, ActiveRun>();
  /** The last progress seen for runs that have finished in this window (tokens and cost of the attempt). */
  private readonly finished = new Map<string, Partial<Record<PipelineStage, ProgressEvent>>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly statusBar = vscode.window.createStatusBarItem('mistakebook.runs', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.statusBar.name = 'Mistakebook runs';
    this.statusBar.command = WorkbenchCommands.focusRuns;
  }

  start(runId: string, stage: PipelineStage): ActiveRun {
    if (this.active.has(runId)) throw new Error(`run ${runId} is already running in this window; cancel it first or wait for it.`);
    const run: ActiveRun = { runId, stage, controller: new AbortController(), progress: { ...this.finished.get(runId) } };
    this.active.set(runId, run);
    this.update();
    return run;
  }

  report(event: ProgressEvent): void {
    const run = this.active.get(event.runId);
    if (run === undefined) return;
    run.stage = event.stage;
    run.progress[event.stage] = event;
    this.update();
  }

  finish(runId: string): void {
    const run = this.active.get(runId);
    if (run === undefined) return;
    this.active.delete(runId);
    this.finished.set(runId, run.progress);
    this.update();
  }

  /** Asks a run of this window to stop; false when this window is not running it. */
  cancel(runId: string): boolean {
    const run = this.active.get(runId);
    if (run === undefined) return false;
    run.controller.abort();
    return true;
  }

  get(runId: string): ActiveRun | undefined {
    return this.active.get(runId);
  }

  /** Progress events of this window for a run, running or finished. */
  progressOf(runId: string): Partial<Record<PipelineStage, ProgressEvent>> | undefined {
    return this.active.get(runId)?.progress ?? this.finished.get(runId);
  }

  get runIds(): string[] {
    return [...this.active.keys()];
  }

  private update(): void {
    const runs = [...this.active.values()];
    void vscode.commands.executeCommand(WorkbenchCommands.setContext, 'mistakebook.runsActive', runs.length > 0);
    if (runs.length === 0) {
      this.statusBar.hide();
    } else {
      const first = runs[0] as ActiveRun;
      const p = first.progress[first.stage];
      const figures = p === undefined || p.total === 0 ? '' : ` ${p.done}/${p.total}`;
      this.statusBar.text = `$(sync~spin) ${runs.length === 1 ? `${first.stage}${figures}` : `${runs.length} runs`}`;
      this.statusBar.tooltip = runs.map((r) => `${r.runId}: ${describeProgress(r.progress[r.stage]) || r.stage}`).join('\n');
      this.statusBar.show();
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const run of this.active.values()) run.controller.abort();
    this.statusBar.dispose();
    this.changed.dispose();
  }
}

/** "sample 40/80 · 12,345 tokens · $0.0123 · 3/8 at once · 2 errors" */
export function describeProgress(p: ProgressEvent | undefined): string {
  if (p === undefined) return '';
  const errors = Object.values(p.errors).reduce((s, n) => s + n, 0);
  return [
    `${p.stage} ${p.done}/${p.total}`,
    `${(p.promptTokens + p.completionTokens).toLocaleString('en-US')} tokens`,
    ...(p.costUsd > 0 ? [`$${p.costUsd.toFixed(4)}`] : []),
    // Under 429s the client sends fewer requests at once than allowed: say how many it sends now.
    ...(p.concurrency === undefined ? [] : [`${p.concurrency.current}/${p.concurrency.max} at once`]),
    ...(errors > 0 ? [`${errors} error${errors === 1 ? '' : 's'}`] : []),
  ].join(' · ');
}
