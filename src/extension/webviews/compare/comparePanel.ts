/**
 * The comparison view of a run's correction variants: the report of core/variants drawn as a chart
 * with intervals and paired tables; a click on a cell lists its mistakes in the Datasets tree. One
 * panel at a time, read again when the runs change.
 */
import * as vscode from 'vscode';
import type { BarFilter } from '../../../core/stats/report';
import { loadComparison, type PairCell, type VariantComparison } from '../../../core/variants';
import { answer } from '../../../shared/messages';
import { isCompareViewMessage, type CompareViewToHost, type HostToCompareView } from '../../../shared/compareProtocol';
import { Commands } from '../../commands/ids';
import { priceTable } from '../../config';
import type { Context } from '../../context';
import { PanelSlot, WebviewHost } from '../host';
import { webviewOptions } from '../html';
import { PanelReloader } from '../reloader';

type Needs = Pick<Context, 'extension' | 'output' | 'workspaceDir' | 'runsWatcher' | 'settings' | 'reviewRun'>;

export class CompareView implements vscode.Disposable {
  private readonly slot = new PanelSlot<ComparePanel>();
  private readonly disposables: vscode.Disposable[];
  private readonly loaded = new vscode.EventEmitter<{ runId: string; variants: number }>();
  /** Each report sent to the page (tests wait for it). */
  readonly onDidLoad = this.loaded.event;

  constructor(private readonly ctx: Needs) {
    this.disposables = [this.slot, this.loaded, ctx.runsWatcher.onDidChange((runs) => {
        // Only a change to the run it compares is worth reading the run again.
        const panel = this.slot.current;
        if (panel !== undefined && runs.has(panel.runId)) panel.runsChanged();
      })];
  }

  show(runId: string): void {
    const open = this.slot.current;
    if (open !== undefined && open.runId === runId) {
      open.panel.reveal();
      void open.load();
      return;
    }
    const panel = vscode.window.createWebviewPanel('mistakebook.compare', 'Compare Variants', vscode.ViewColumn.Active, webviewOptions(this.ctx.extension.extensionUri));
    this.slot.put(new ComparePanel(panel, this.ctx, runId, (e) => this.loaded.fire(e)));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

class ComparePanel extends WebviewHost<HostToCompareView, CompareViewToHost> {
  private comparison: VariantComparison | undefined;
  private readonly reloader: PanelReloader;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly ctx: Needs,
    readonly runId: string,
    private readonly loaded: (e: { runId: string; variants: number }) => void,
  ) {
    super(panel, { extensionUri: ctx.extension.extensionUri, bundle: 'compare', title: 'Compare Variants', isMessage: isCompareViewMessage, log: (l) => ctx.output.log(l) });
    this.reloader = new PanelReloader(panel, () => this.loadOnce());
    this.track(this.reloader);
  }

  runsChanged(): void {
    this.reloader.runsChanged();
  }

  load(): Promise<void> {
    return this.reloader.load();
  }

  protected onReady(): Promise<void> {
    return this.load();
  }

  protected async receive(message: CompareViewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return;
      case 'refresh':
        return this.load();
      case 'listCell':
        return this.listCell(message);
      case 'blindReview':
        await vscode.commands.executeCommand(Commands.blindReview, this.runId, message.a, message.b);
        return;
    }
  }

  private async loadOnce(): Promise<void> {
    const dir = this.ctx.workspaceDir;
    if (dir === undefined) return this.post({ type: 'error', message: 'Open a folder: runs are read from its .mistakebook/runs.' });
    await this.post({ type: 'loading' });
    try {
      const log = (d: { file: string; line: number; message: string }): void => this.ctx.output.log(`${d.file}:${d.line}: ${d.message}`);
      // The rating in force comes from the one place that decides it (the run as the mistake view reads it).
      const { ratings } = await this.ctx.reviewRun(dir, this.runId, log);
      this.comparison = await loadComparison(dir, this.runId, { ratings, prices: priceTable(this.ctx.settings()), onDiagnostic: log });
      const report = this.comparison.report();
      this.panel.title = `Compare Variants · ${report.runLabel}`;
      await this.post({ type: 'report', report });
      this.loaded({ runId: this.runId, variants: report.variants.length });
    } catch (e) {
      await this.post({ type: 'error', message: `Cannot compare the variants of run ${this.runId}: ${(e as Error).message}` });
    }
  }

  /** The cell's mistakes as the Datasets tree's filter; the page hears how many and whether the tree took it. */
  private async listCell(request: { a: string; b: string; cell: PairCell; label: string; requestId?: number }): Promise<void> {
    const mistakes = this.comparison?.cell(request.a, request.b, request.cell) ?? [];
    // The page words the cell with the pair's own letters ("B vs C: only C verified").
    const label = `${request.label} (${mistakes.length})`;
    const filter: BarFilter = { label, runs: [this.runId], questionIds: [...new Set(mistakes.map((m) => m.questionId))], pathIds: mistakes.map((m) => m.pathId) };
    let applied = false;
    try {
      if (mistakes.length > 0) {
        await vscode.commands.executeCommand(Commands.filterTree, filter);
        applied = true;
      }
    } finally {
      await this.post(answer(request, { type: 'cellListed' as const, label, count: mistakes.length, applied }));
    }
  }
}
