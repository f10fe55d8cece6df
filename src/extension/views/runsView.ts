import * as vscode from 'vscode';
import type { PipelineStage } from '../../core/pipeline/progress';
import { runLabelOf } from '../../core/runs/runIndex';
import { RunUsageFollower } from '../../core/runs/runUsage';
import { LineCounts } from '../../core/store/lineCounts';
import { listRuns, type RunStatus, type RunSummary } from '../../core/store/listRuns';
import type { StageName } from '../../core/store/runInfo';
import { describeProgress } from '../activity';
import { priceTable } from '../config';
import type { Context } from '../context';
import { FineTunesSection, isFineTunesNode, type FineTunesTreeNode } from './fineTunesSection';

export interface RunNode {
  kind: 'run';
  run: RunSummary;
}
/** One line under a run: a stage's state and progress, the table counts, or tokens and cost. */
export interface RunDetailNode {
  kind: 'detail';
  parent: RunNode;
  key: string;
  label: string;
  description: string;
  icon: string;
}
export type RunsTreeNode = RunNode | RunDetailNode;
/** Issue 19: the Fine-tunes section (fineTunesSection.ts) sits under the runs. */
type RunsViewNode = RunsTreeNode | FineTunesTreeNode;

const STAGE_ORDER: readonly StageName[] = ['sample', 'correct', 'verify', 'augment', 'evaluate'];

const STATUS_ICON: Record<RunStatus, string> = {
  pending: 'circle-outline',
  running: 'sync~spin',
  interrupted: 'debug-pause',
  done: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
  unreadable: 'warning',
};

/**
 * The Runs tree: every run of the workspace (`listRuns`, newest first) with its status, each
 * stage's state and progress, table counts, and the tokens and cost this window has seen.
 */
export class RunsView implements vscode.TreeDataProvider<RunsViewNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private runs: Promise<RunSummary[]> | undefined;
  /** Table line counts kept between refreshes: a refresh reads only what the stages appended. */
  private readonly lineCounts = new LineCounts();
  /** Usage summed from a run's tables, kept while its row counts stay the same. */
  /** Usage per run, following its tables; dropped when prices change. */
  private readonly usage = new Map<string, RunUsageFollower>();

  /** Issue 19: fine-tuning jobs of the workspace, live. */
  private readonly fineTunes: FineTunesSection;

  constructor(private readonly ctx: Pick<Context, 'workspaceDir' | 'activity' | 'settings'>) {
    this.fineTunes = new FineTunesSection(ctx.workspaceDir, () => this.changed.fire(undefined));
  }

  dispose(): void {
    this.changed.dispose();
    this.fineTunes.dispose();
  }

  /** Prices changed: cost is computed again. */
  repriced(): void {
    this.usage.clear();
    this.changed.fire(undefined);
  }

  /** Runs changed on disk: list them again. */
  refresh(): void {
    this.runs = undefined;
    this.fineTunes.refresh();
    this.changed.fire(undefined);
  }

  /** Only this window's live progress changed: redraw from the same list. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** The runs of the workspace, read once per refresh. */
  list(): Promise<RunSummary[]> {
    if (this.runs === undefined) {
      const dir = this.ctx.workspaceDir;
      this.runs = dir === undefined ? Promise.resolve([]) : listRuns(dir, { lineCounts: this.lineCounts }).catch(() => []);
    }
    return this.runs;
  }

  async getChildren(element?: RunsViewNode): Promise<RunsViewNode[]> {
    if (element === undefined) return [...(await this.list()).map((run): RunsViewNode => ({ kind: 'run', run })), ...(await this.fineTunes.roots())];
    if (isFineTunesNode(element)) return this.fineTunes.children(element);
    if (element.kind === 'detail') return [];
    return [...this.details(element), await this.usageDetail(element)];
  }

  getParent(node: RunsViewNode): RunsViewNode | undefined {
    if (isFineTunesNode(node)) return this.fineTunes.parent(node);
    return node.kind === 'detail' ? node.parent : undefined;
  }

  getTreeItem(node: RunsViewNode): vscode.TreeItem {
    if (isFineTunesNode(node)) return this.fineTunes.treeItem(node);
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = `${node.parent.run.id}/${node.key}`;
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      return item;
    }
    const { run } = node;
    const item = new vscode.TreeItem(run.info === undefined ? run.id : runLabelOf(run.id, run.info), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = run.id;
    const live = this.ctx.activity.get(run.id);
    const status: RunStatus = live !== undefined ? 'running' : run.status;
    const paths = run.counts.paths ?? 0;
    const corrections = run.counts.corrections ?? 0;
    item.description = [
      status,
      ...(live === undefined ? [] : [describeProgress(live.progress[live.stage])]),
      ...(paths > 0 ? [`${paths} paths`] : []),
      // Correction variants (variants.jsonl holds the added ones): the count adds every variant's corrections up.
      ...(corrections > 0 ? [`${corrections} corrections${(run.counts.variants ?? 0) > 0 ? ` (${1 + (run.counts.variants ?? 0)} variants)` : ''}`] : []),
      ...(run.info?.tags ?? []).map((t) => `#${t}`),
    ]
      .filter((s) => s !== '')
      .join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`Run ${run.id}\n`);
    if (run.info !== undefined) {
      tooltip.appendText(`Task ${run.info.task}, dataset ${run.info.dataset.path}\n`);
      for (const [role, spec] of Object.entries(run.info.models)) tooltip.appendText(`${role}: ${spec.model} at ${spec.endpoint}\n`);
      tooltip.appendText(`Created ${run.info.createdAt}`);
    } else if (run.problem !== undefined) {
      tooltip.appendText(run.problem.message);
    }
    item.tooltip = tooltip;
    item.contextValue = `run.${status}`;
    item.iconPath = new vscode.ThemeIcon(STATUS_ICON[status]);
    item.resourceUri = vscode.Uri.file(run.dir);
    return item;
  }

  private details(parent: RunNode): RunDetailNode[] {
    const { run } = parent;
    const out: RunDetailNode[] = [];
    const progress = this.ctx.activity.progressOf(run.id);
    for (const stage of STAGE_ORDER) {
      const status = run.info?.stages[stage];
      if (status === undefined) continue;
      const live = progress?.[stage as PipelineStage];
      const state = this.ctx.activity.get(run.id)?.stage === stage ? 'running' : status.state;
      out.push({
        kind: 'detail',
        parent,
        key: `stage:${stage}`,
        label: stage,
        description: [state, ...(live === undefined ? [] : [describeProgress(live)]), ...(status.message === undefined ? [] : [status.message])].join(' · '),
        icon: state === 'done' ? 'check' : state === 'running' ? 'sync~spin' : state === 'failed' ? 'error' : state === 'cancelled' ? 'circle-slash' : 'circle-outline',
      });
    }
    const counts = Object.entries(run.counts).filter(([, n]) => n > 0);
    if (counts.length > 0) {
      out.push({ kind: 'detail', parent, key: 'counts', label: 'records', description: counts.map(([t, n]) => `${n} ${t}`).join(' · '), icon: 'database' });
    }
    if (run.problem !== undefined) out.push({ kind: 'detail', parent, key: 'problem', label: 'problem', description: run.problem.message, icon: 'warning' });
    return out;
  }

  private async usageDetail(parent: RunNode): Promise<RunDetailNode> {
    const { run } = parent;
    let follower = this.usage.get(run.id);
    if (follower === undefined) {
      follower = new RunUsageFollower(run.dir, priceTable(this.ctx.settings()));
      this.usage.set(run.id, follower);
    }
    // Only the rows appended since the last look are read: a run writing 200,000 paths is not read again each second.
    const u = await follower.usage();
    const tokens = u.promptTokens + u.completionTokens;
    const cost = u.unpricedModels.length > 0 && u.costUsd === 0 ? `no price for ${u.unpricedModels.join(', ')}` : `$${u.costUsd.toFixed(4)}`;
    return {
      kind: 'detail',
      parent,
      key: 'usage',
      label: 'usage',
      description: [`${tokens.toLocaleString('en-US')} tokens`, cost, `${u.cacheHits} from cache`].join(' · '),
      icon: 'credit-card',
    };
  }
}
