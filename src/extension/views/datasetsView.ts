import * as vscode from 'vscode';
import { countLines } from '../../core/dataset/countLines';
import { peekFormat, type DetectedFormat } from '../../core/dataset/peekFormat';
import { readDataset } from '../../core/dataset/readDataset';
import type { Question } from '../../core/dataset/question';
import { datasetKey, RunIndex, type RunCorrection, type RunPath } from '../../core/runs/runIndex';
import { reviewSettings } from '../raters';
import { correctionPasses, datasetPasses, looksAtRuns, NO_FILTERS, pathPasses, questionPasses, type TreeFilters } from '../../core/runs/treeFilters';
import type { Context } from '../context';
import { correctionItem, datasetItem, moreItem, pathItem, questionItem, runGroupItem } from './datasetItems';
import { hoverTooltip } from './hover';

/** New files come in bursts (a download, a git checkout): the workspace is scanned again once they settle. */
const RESCAN_AFTER_MS = [300, 2000, 5000];

/** Dataset files counted and sniffed at the same time when the workspace is scanned. */
const DESCRIBED_AT_ONCE = 8;

/** Questions shown per page of a dataset; "Load more…" adds the next page. */
export const QUESTION_PAGE = 200;

/** A dataset file of the workspace (found by the glob setting) or opened by the user. */
export interface DatasetNode {
  kind: 'dataset';
  uri: vscode.Uri;
  lineCount: number;
  /** The format its first records show; undefined until known, or when they show none. */
  format?: DetectedFormat;
}
export interface QuestionNode {
  kind: 'question';
  dataset: DatasetNode;
  question: Question;
}
/** The "Load more…" row after a page of questions. */
export interface MoreNode {
  kind: 'more';
  dataset: DatasetNode;
}
/** A question's paths of one run, when several runs sampled the question. */
export interface RunGroupNode {
  kind: 'runGroup';
  parent: QuestionNode;
  runId: string;
  paths: readonly RunPath[];
}
export interface PathNode {
  kind: 'path';
  parent: QuestionNode | RunGroupNode;
  path: RunPath;
}
export interface CorrectionNode {
  kind: 'correction';
  parent: PathNode;
  correction: RunCorrection;
}
export type DatasetsTreeNode = DatasetNode | QuestionNode | MoreNode | RunGroupNode | PathNode | CorrectionNode;

/** A dataset's questions read so far, through the current filters, and the reader to get more. */
interface Cursor {
  reader: AsyncGenerator<Question>;
  loaded: QuestionNode[];
  done: boolean;
  /** Loads run one at a time; a second "Load more" waits for the first. */
  busy: Promise<void>;
}

/** What the view needs of the context: where runs live, the settings, the log. */
type Needs = Pick<Context, 'workspaceDir' | 'settings' | 'output'>;

/**
 * The Datasets tree (DESIGN.md §4): dataset → question → sampled path → correction. Questions
 * stream from the file a page at a time, so a 100k-question dataset expands at once; paths and
 * corrections come from the runs of this workspace (`RunIndex`).
 */
export class DatasetsView implements vscode.TreeDataProvider<DatasetsTreeNode>, vscode.Disposable {
  private readonly nodes: DatasetNode[] = [];
  private readonly cursors = new Map<DatasetNode, Cursor>();
  private readonly changed = new vscode.EventEmitter<DatasetsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The runs' index, made on first use and then refreshed in place (only what was appended is read). */
  private index: RunIndex | undefined;
  private indexReady: Promise<unknown> = Promise.resolve();
  /** The one workspace scan in flight or done; callers that come while it runs wait for it too. */
  private globScan: Promise<void> | undefined;
  private current: TreeFilters = NO_FILTERS;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly rescanTimers: ReturnType<typeof setTimeout>[] = [];

  constructor(private readonly ctx: Needs) {
    // Dataset files created, changed or deleted while the window is open show up without a reload. The
    // watchers take every .jsonl and .json of the folder (a glob with braces is not reported file events
    // in every host), and the dataset glob decides on a rescan.
    if (ctx.workspaceDir !== undefined) {
      for (const ending of ['**/*.jsonl', '**/*.json']) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(ctx.workspaceDir), ending));
        this.disposables.push(
          watcher,
          watcher.onDidCreate((uri) => this.filesChanged(uri)),
          watcher.onDidChange((uri) => void this.fileChanged(uri)),
          watcher.onDidDelete((uri) => this.fileGone(uri)),
        );
      }
    }
  }

  dispose(): void {
    for (const timer of this.rescanTimers.splice(0)) clearTimeout(timer);
    this.resetCursors();
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /**
   * A new .json/.jsonl file: the workspace is scanned again through the dataset glob, once a burst of
   * them has settled, and again a little later, since the workspace's file search may list a file only
   * a moment after the watcher reported it.
   */
  private filesChanged(uri: vscode.Uri): void {
    if (this.ignored(uri)) return;
    for (const timer of this.rescanTimers.splice(0)) clearTimeout(timer);
    for (const ms of RESCAN_AFTER_MS) this.rescanTimers.push(setTimeout(() => this.rescan(), ms));
  }

  private async fileChanged(uri: vscode.Uri): Promise<void> {
    if (this.nodes.some((n) => n.uri.toString() === uri.toString())) await this.add(uri).catch((e: unknown) => this.log(`cannot read ${uri.fsPath}: ${(e as Error).message}`));
  }

  private fileGone(uri: vscode.Uri): void {
    const at = this.nodes.findIndex((n) => n.uri.toString() === uri.toString());
    if (at === -1) return;
    const [node] = this.nodes.splice(at, 1);
    if (node !== undefined) void this.cursors.get(node)?.reader.return(undefined);
    if (node !== undefined) this.cursors.delete(node);
    this.changed.fire(undefined);
  }

  /** Files the workspace scan leaves out too (dependencies, our own folder, git). */
  private ignored(uri: vscode.Uri): boolean {
    return /[\\/](node_modules|\.mistakebook|\.git)[\\/]/.test(uri.fsPath);
  }

  /** Refresh: look for dataset files again, and read the runs again. */
  refreshAll(): void {
    this.globScan = undefined;
    this.index = undefined;
    this.resetCursors();
    this.changed.fire(undefined);
  }

  private log(line: string): void {
    this.ctx.output.log(line);
  }

  get filters(): TreeFilters {
    return this.current;
  }

  /** Applies new filters; every dataset's questions are read again through them. */
  setFilters(filters: Partial<TreeFilters>): void {
    this.current = { ...this.current, ...filters };
    this.resetCursors();
    this.changed.fire(undefined);
  }

  /** Runs changed on disk (or a rating was added): read what was appended to their tables, and redraw. */
  refresh(): void {
    if (this.index !== undefined) this.indexReady = this.refreshIndex(this.index);
    // Filters that look at runs decide which questions are listed, so the pages must be read again.
    if (looksAtRuns(this.current)) this.resetCursors();
    this.changed.fire(undefined);
  }

  /** Looks for workspace datasets again (after the glob setting changed). */
  rescan(): void {
    this.globScan = undefined;
    this.changed.fire(undefined);
  }

  async add(uri: vscode.Uri): Promise<DatasetNode> {
    const existing = this.nodes.find((n) => n.uri.toString() === uri.toString());
    const node = await this.describe(uri);
    if (existing) {
      // The file may have changed: its questions are read again from the start.
      existing.lineCount = node.lineCount;
      if (node.format === undefined) delete existing.format;
      else existing.format = node.format;
      void this.cursors.get(existing)?.reader.return(undefined);
      this.cursors.delete(existing);
    } else {
      this.nodes.push(node);
    }
    this.changed.fire(undefined);
    return existing ?? (this.nodes[this.nodes.length - 1] as DatasetNode);
  }

  /** The index of the runs, once the refresh in progress (if any) has read what is new. */
  async runIndex(): Promise<RunIndex> {
    if (this.index === undefined) {
      const dir = this.ctx.workspaceDir;
      const index = dir === undefined ? RunIndex.empty : new RunIndex(dir, (d) => this.log(`${d.file}:${d.line}: ${d.message}`));
      // Several raters (issue 18): the rating in force follows the setting.
      if (dir !== undefined) index.setRatingRule(reviewSettings().rule);
      this.index = index;
      this.indexReady = this.refreshIndex(index);
    }
    const index = this.index;
    await this.indexReady;
    return index;
  }

  private refreshIndex(index: RunIndex): Promise<unknown> {
    return index.refresh().catch((e: unknown) => this.log(`cannot read the runs of ${this.ctx.workspaceDir ?? ''}: ${e instanceof Error ? e.message : String(e)}`));
  }

  async getChildren(element?: DatasetsTreeNode): Promise<DatasetsTreeNode[]> {
    if (element === undefined) {
      await this.scanWorkspace();
      if (this.current.chart === undefined) return [...this.nodes];
      // A statistics bar stands for some runs: datasets none of them sampled are left out.
      const runs = await this.runIndex();
      return this.nodes.filter((n) => datasetPasses(this.current, runs, n.uri.fsPath));
    }
    const index = await this.runIndex();
    switch (element.kind) {
      case 'dataset': {
        const cursor = this.cursor(element);
        if (cursor.loaded.length === 0 && !cursor.done) await this.readPage(element);
        return cursor.done ? [...cursor.loaded] : [...cursor.loaded, { kind: 'more', dataset: element }];
      }
      case 'question': {
        const paths = index.paths(element.dataset.uri.fsPath, element.question.id).filter((p) => pathPasses(this.current, index, p));
        const runs = index.byRun(paths);
        // Several runs sampled this question: their paths are told apart by run, each with its own counts.
        if (runs.size > 1) return [...runs].map(([runId, group]): RunGroupNode => ({ kind: 'runGroup', parent: element, runId, paths: group }));
        return paths.map((path) => ({ kind: 'path', parent: element, path }));
      }
      case 'runGroup':
        return element.paths.map((path) => ({ kind: 'path', parent: element, path }));
      case 'path':
        return index
          .corrections(element.path.runId, element.path.record.id)
          .filter((c) => correctionPasses(this.current, c))
          .map((correction) => ({ kind: 'correction', parent: element, correction }));
      default:
        return [];
    }
  }

  getParent(node: DatasetsTreeNode): DatasetsTreeNode | undefined {
    switch (node.kind) {
      case 'dataset':
        return undefined;
      case 'question':
      case 'more':
        return node.dataset;
      default:
        return node.parent;
    }
  }

  async getTreeItem(node: DatasetsTreeNode): Promise<vscode.TreeItem> {
    const index = await this.runIndex();
    switch (node.kind) {
      case 'dataset':
        return datasetItem(node, index);
      case 'question':
        return questionItem(node, index);
      case 'runGroup':
        return runGroupItem(node, index);
      case 'more':
        return moreItem(node);
      case 'path':
        return pathItem(node, index);
      case 'correction':
        return correctionItem(node);
    }
  }

  /** On hover: the verdict of a path or a correction, explained by the current answer checker. */
  async resolveTreeItem(item: vscode.TreeItem, node: DatasetsTreeNode): Promise<vscode.TreeItem> {
    if (node.kind === 'path' || node.kind === 'correction') item.tooltip = hoverTooltip(node, await this.runIndex());
    return item;
  }

  /** "Load more…": reads the next page of a dataset's questions (through the filters) and redraws it. */
  async loadMore(dataset: DatasetNode): Promise<void> {
    await this.readPage(dataset);
    this.changed.fire(dataset);
  }

  private readPage(dataset: DatasetNode): Promise<void> {
    const cursor = this.cursor(dataset);
    const next = cursor.busy.then(async () => {
      if (cursor.done) return;
      const index = await this.runIndex();
      const page: QuestionNode[] = [];
      while (page.length < QUESTION_PAGE) {
        const step = await cursor.reader.next();
        if (step.done === true) {
          cursor.done = true;
          break;
        }
        const node: QuestionNode = { kind: 'question', dataset, question: step.value };
        if (questionPasses(this.current, index, dataset.uri.fsPath, node.question)) page.push(node);
      }
      // The page joins the list whole (a reader never sees half of it), element by element: never spread into an argument list.
      for (const node of page) cursor.loaded.push(node);
    });
    cursor.busy = next.catch((e: unknown) => {
      cursor.done = true;
      this.log(`cannot read ${dataset.uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
    });
    return cursor.busy;
  }

  /**
   * The tree node of a path of a run (for the mistake view's "reveal in tree"), loading pages of
   * its dataset until its question is listed. Undefined when no run has that path, or the filters hide it.
   */
  async findPath(runId: string, pathId: string, options: { loadedPagesOnly?: boolean } = {}): Promise<PathNode | undefined> {
    const index = await this.runIndex();
    const found = index.findPath(runId, pathId);
    if (found === undefined) return undefined;
    await this.scanWorkspace();
    const dataset =
      this.nodes.find((n) => datasetKey(n.uri.fsPath) === found.dataset) ?? (await this.add(vscode.Uri.file(found.dataset)));
    const cursor = this.cursor(dataset);
    const before = cursor.loaded.length;
    let question: QuestionNode | undefined;
    for (;;) {
      await cursor.busy;
      question = cursor.loaded.find((q) => q.question.id === found.path.record.questionId);
      if (question !== undefined || cursor.done) break;
      // Following the mistake view (each j/k), only what the tree shows is searched: the first page at most.
      if (options.loadedPagesOnly === true && cursor.loaded.length > 0) break;
      await this.readPage(dataset);
    }
    if (cursor.loaded.length !== before) this.changed.fire(dataset);
    if (question === undefined || !pathPasses(this.current, index, found.path)) return undefined;
    const parent = (await this.getChildren(question)).find((n): n is RunGroupNode => n.kind === 'runGroup' && n.runId === runId) ?? question;
    return { kind: 'path', parent, path: found.path };
  }

  /** A dataset file's node: its line count and the format its first records show. */
  private async describe(uri: vscode.Uri): Promise<DatasetNode> {
    const lineCount = await countLines(uri.fsPath);
    const setting = this.ctx.settings().task;
    const format = await peekFormat(uri.fsPath, setting === 'auto' ? {} : { task: setting }).catch(() => undefined);
    return { kind: 'dataset', uri, lineCount, ...(format === undefined ? {} : { format }) };
  }

  private cursor(dataset: DatasetNode): Cursor {
    let cursor = this.cursors.get(dataset);
    if (cursor === undefined) {
      cursor = { reader: this.questions(dataset), loaded: [], done: false, busy: Promise.resolve() };
      this.cursors.set(dataset, cursor);
    }
    return cursor;
  }

  private async *questions(dataset: DatasetNode): AsyncGenerator<Question> {
    const setting = this.ctx.settings().task;
    const task = setting === 'auto' ? undefined : setting;
    let problems = 0;
    let questions = 0;
    for await (const record of readDataset(dataset.uri.fsPath, task === undefined ? {} : { task })) {
      if (record.kind === 'question') {
        questions++;
        yield record.question;
      } else if (record.kind === 'diagnostic' && record.diagnostic.severity === 'error' && problems++ < 20) {
        this.log(`${record.diagnostic.file}:${record.diagnostic.line}: ${record.diagnostic.message}`);
      }
    }
    // An empty file or "[]" reads without a single error; the tree would just stay empty without saying why.
    if (questions === 0 && problems === 0) this.log(`${dataset.uri.fsPath}:1: no records: the file holds no questions`);
  }

  private resetCursors(): void {
    for (const cursor of this.cursors.values()) void cursor.reader.return(undefined);
    this.cursors.clear();
  }

  private scanWorkspace(): Promise<void> {
    if (this.ctx.workspaceDir === undefined) return Promise.resolve();
    this.globScan ??= this.findWorkspaceDatasets();
    return this.globScan;
  }

  private async findWorkspaceDatasets(): Promise<void> {
    const found = await vscode.workspace.findFiles(this.ctx.settings().datasetGlob, '**/{node_modules,.mistakebook,.git}/**', 1000);
    found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    const fresh = found.filter((uri) => !this.nodes.some((n) => n.uri.toString() === uri.toString()));
    // A few files at a time: up to 1,000 files opened at once could run out of file handles.
    for (let at = 0; at < fresh.length; at += DESCRIBED_AT_ONCE) {
      const described = await Promise.all(
        fresh.slice(at, at + DESCRIBED_AT_ONCE).map((uri) =>
          this.describe(uri).catch((e: unknown): DatasetNode => {
            this.log(`cannot read ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
            return { kind: 'dataset', uri, lineCount: 0 };
          }),
        ),
      );
      for (const node of described) if (!this.nodes.some((n) => n.uri.toString() === node.uri.toString())) this.nodes.push(node);
    }
  }
}
