/** The experiment view (issue 19): one panel showing an experiment's report.json, a table and a chart with intervals. */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { readReport } from '../../../core/experiment/experiment';
import { REPORT_MD } from '../../../core/experiment/layout';
import { isExperimentViewMessage, type ExperimentViewToHost, type HostToExperimentView } from '../../../shared/experimentProtocol';
import { WorkbenchCommands } from '../../commands/ids';
import type { Context } from '../../context';
import { webviewOptions } from '../html';
import { PanelSlot, WebviewHost } from '../host';

type Needs = Pick<Context, 'extension' | 'output'>;

export class ExperimentView implements vscode.Disposable {
  private readonly slot = new PanelSlot<ExperimentPanel>();

  constructor(private readonly ctx: Needs) {}

  /** Opens (or reveals and reloads) the panel on the experiment in `dir`. */
  show(dir: string): ExperimentPanel {
    const open = this.slot.current;
    if (open !== undefined) {
      open.panel.reveal();
      open.showExperiment(dir);
      return open;
    }
    const panel = vscode.window.createWebviewPanel('mistakebook.experiment', 'LEMA Experiment', vscode.ViewColumn.Active, webviewOptions(this.ctx.extension.extensionUri));
    return this.slot.put(new ExperimentPanel(panel, this.ctx, dir));
  }

  dispose(): void {
    this.slot.dispose();
  }
}

class ExperimentPanel extends WebviewHost<HostToExperimentView, ExperimentViewToHost> {
  constructor(
    panel: vscode.WebviewPanel,
    ctx: Needs,
    private dir: string,
  ) {
    super(panel, { extensionUri: ctx.extension.extensionUri, bundle: 'experiment', title: 'LEMA Experiment', isMessage: isExperimentViewMessage, log: (l) => ctx.output.log(l) });
  }

  showExperiment(dir: string): void {
    this.dir = dir;
    void this.onReady();
  }

  protected async onReady(): Promise<void> {
    const report = await readReport(this.dir);
    if (report === undefined) return this.post({ type: 'error', message: `No report in ${this.dir} yet: the experiment has not finished.` });
    this.panel.title = `LEMA Experiment ${report.id}`;
    return this.post({ type: 'report', report, dir: this.dir });
  }

  protected async receive(message: ExperimentViewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return;
      case 'openMarkdown':
        await vscode.commands.executeCommand(WorkbenchCommands.open, vscode.Uri.file(join(this.dir, REPORT_MD)));
        return;
      case 'revealRun':
        await vscode.commands.executeCommand(WorkbenchCommands.focusRuns);
        return;
    }
  }
}
