/**
 * The mistake view: one panel at a time, showing one run's mistakes one by one (the wrong path, the
 * marked step, the explanation and the corrected solution beside it), with rating keys, navigation
 * and a toolbar. The run is read once when opened and again only when its files change; a rating
 * posts one small change, not a rebuilt page.
 */
import * as vscode from 'vscode';
import { formatDiagnostic, type Diagnostic } from '../../../core/diagnostic';
import { mistakeMarkdown } from '../../../core/review/markdown';
import { mistakeData } from '../../../core/review/mistakeData';
import { navigate, reviewProgress } from '../../../core/review/navigate';
import { adjudicateCorrection, rateCorrection } from '../../../core/review/rate';
import { ratersView } from '../../../core/review/raterView';
import { indexOfPath, mistakeOfCorrection, pathIdOf, type LoadedRun, type MistakeWithCorrections } from '../../../core/runs/loadRun';
import type { Rating } from '../../../core/store/ratings';
import { answer } from '../../../shared/messages';
import { isMistakeViewMessage, isMistakeViewState, type HostToMistakeView, type MistakeViewToHost, type NavigationDirection, type ToolbarAction } from '../../../shared/protocol';
import { mistakeIdsOf } from '../../commands/args';
import { Commands } from '../../commands/ids';
import type { Context } from '../../context';
import { raterName, REVIEW_SETTINGS } from '../../raters';
import { webviewOptions } from '../html';
import { PanelSlot, WebviewHost } from '../host';
import { ReviewerState } from './reviewer';
import { NO_RUNS, runOf, type MistakeTarget } from './target';
import { openRunPrompt, toolbarAvailability } from './toolbar';
import { isTruthMessage, saveTruth, type TruthMessage } from './truth';

const VIEW_TYPE = 'mistakebook.mistake';

/** A rating saved from the mistake view; the tree listens to refresh its icons. */
export interface RatedEvent {
  workspaceDir: string;
  runId: string;
  pathId: string;
  rating: Rating;
}

/** The first paint of a mistake after Show Mistake, timed (DESIGN: < 200 ms for a 30-step MATH solution). */
export interface PaintedEvent {
  runId: string;
  pathId: string;
  /** From the command (or navigation) to the webview reporting its paint. */
  ms: number;
}

type Needs = Pick<Context, 'extension' | 'output' | 'workspaceDir' | 'runsWatcher' | 'reviewRun' | 'revealPath' | 'datasetsTree'>;

/** The mistake view as the rest of the extension (and its tests) hold it: Show Mistake, and its events. */
export class MistakeView implements vscode.Disposable {
  private readonly rated = new vscode.EventEmitter<RatedEvent>();
  private readonly painted = new vscode.EventEmitter<PaintedEvent>();
  /** Step-level truth: a step label or an error type was saved (the Datasets tree reads it at once). */
  private readonly labelled = new vscode.EventEmitter<{ runId: string }>();
  readonly onDidLabel = this.labelled.event;
  readonly onDidRate = this.rated.event;
  readonly onDidPaint = this.painted.event;
  private readonly slot = new PanelSlot<MistakePanel>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ctx: Needs) {
    this.disposables = [
      this.rated,
      this.painted,
      this.labelled,
      this.slot,
      // The view comes back after a reload, on the mistake it showed.
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel, state) => {
          const panel = this.slot.put(this.panel(webviewPanel));
          const ids = isMistakeViewState(state) ? mistakeIdsOf([state]) : undefined;
          await panel.load(ids === undefined ? { reason: NO_RUNS } : await runOf(this.ctx, ids), performance.now());
        },
      }),
      // A new correction (Regenerate) or a rating from elsewhere (tree, CLI) shows without a manual refresh.
      ctx.runsWatcher.onDidChange((runs) => void this.slot.current?.runsChanged(runs)),
      // Several raters (issue 18): another rater name, blind review or rule shows the mistake again for it.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (REVIEW_SETTINGS.some((s) => e.affectsConfiguration(s))) void this.slot.current?.reviewChanged();
      }),
    ];
  }

  /** Show Mistake: `(runId, pathId?, correctionId?)`, `{ runId, … }`, a tree node, or nothing (the newest run). */
  async show(...args: unknown[]): Promise<void> {
    const started = performance.now();
    // The page boots (bundle, KaTeX, toolkit) while the run is read.
    const panel = this.slot.open(() =>
      this.panel(vscode.window.createWebviewPanel(VIEW_TYPE, 'Mistake', vscode.ViewColumn.Active, webviewOptions(this.ctx.extension.extensionUri))),
    );
    await panel.load(await runOf(this.ctx, mistakeIdsOf(args)), started);
  }

  /** The mistake the open view shows, if any: what Try Prompt and Preview act on first. */
  shown(): { runId: string; pathId: string } | undefined {
    return this.slot.current?.shownIds();
  }

  /** What j, k, u and Shift+U do in the page, for keybindings and tests: move the open view. */
  async navigate(direction: NavigationDirection): Promise<void> {
    await this.slot.current?.navigateTo(direction);
  }

  private panel(webviewPanel: vscode.WebviewPanel): MistakePanel {
    return new MistakePanel(webviewPanel, this.ctx, {
      rated: (e) => this.rated.fire(e),
      painted: (e) => this.painted.fire(e),
      labelled: (e) => this.labelled.fire(e),
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** A review of one run, positioned on one mistake. */
class MistakePanel extends WebviewHost<HostToMistakeView, MistakeViewToHost> {
  private run: LoadedRun | undefined;
  private index = 0;
  private correctionId: string | undefined;
  /** What the current mistake's corrections and ratings were when shown, to tell whether a change on disk needs a new render. */
  private shownKey: string | undefined;
  /** The review progress the page shows ("rated / total"), to tell whether a change on disk moved it. */
  private shownProgress: string | undefined;
  /** The page has painted the mistake last sent; before that, a small update could displace the page's pending `show`. */
  private pageShowsCurrent = false;
  private paintStarted: number | undefined;
  /** Ratings are saved one after another, in the order the researcher gave them. */
  private saving: Promise<unknown> = Promise.resolve();
  /** Several raters (issue 18): who reviews and their share of the run. */
  private readonly reviewer = new ReviewerState();

  constructor(
    panel: vscode.WebviewPanel,
    private readonly ctx: Needs,
    private readonly events: { rated(e: RatedEvent): void; painted(e: PaintedEvent): void; labelled(e: { runId: string }): void },
  ) {
    super(panel, { extensionUri: ctx.extension.extensionUri, bundle: 'mistake', title: 'Mistake', isMessage: isMistakeViewMessage, log: (l) => ctx.output.log(l) });
  }

  /** Loads the target's run and shows its mistake; without one, says why there is nothing. */
  async load(target: MistakeTarget | { reason: string }, started: number): Promise<void> {
    this.paintStarted = started;
    if ('reason' in target) {
      this.run = undefined;
      this.panel.title = 'Mistake';
      return this.post({ type: 'empty', reason: target.reason });
    }
    try {
      const run = await this.ctx.reviewRun(target.workspaceDir, target.runId, this.diagnostic);
      await this.reviewer.load(run, this.diagnostic);
      this.run = run;
      if (run.mistakes.length === 0) {
        this.panel.title = 'Mistake';
        return this.post({ type: 'empty', reason: `Run ${target.runId} has no mistakes yet (no wrong path in its paths.jsonl). Run Generate Corrections, or wait for the run to sample more.` });
      }
      const at = target.pathId === undefined ? 0 : indexOfPath(run, target.pathId);
      if (at === -1) this.log(`Mistakebook: run ${target.runId} has no wrong path ${target.pathId}; showing its first mistake.`);
      this.index = Math.max(at, 0);
      this.correctionId = target.correctionId;
      await this.showCurrent();
    } catch (e) {
      this.failInView(e);
    }
  }

  protected onReady(): Promise<void> {
    return this.showCurrent();
  }

  private current(): MistakeWithCorrections | undefined {
    return this.run?.mistakes[this.index];
  }

  shownIds(): { runId: string; pathId: string } | undefined {
    const pathId = this.currentPathId();
    return this.run === undefined || pathId === undefined ? undefined : { runId: this.run.run.id, pathId };
  }

  private currentPathId(): string | undefined {
    const m = this.current();
    return m === undefined ? undefined : pathIdOf(m);
  }

  private async showCurrent(): Promise<void> {
    const run = this.run;
    if (run === undefined || this.current() === undefined) return;
    const mistake = mistakeData(run, this.index, this.reviewer.current());
    if (!mistake.corrections.some((c) => c.id === this.correctionId)) this.correctionId = mistake.corrections[0]?.id;
    this.panel.title = `Mistake ${mistake.position} of ${mistake.total}`;
    this.shownKey = this.keyOfCurrent();
    this.shownProgress = `${mistake.progress.rated}/${mistake.progress.total}`;
    this.pageShowsCurrent = false;
    await this.post({ type: 'show', mistake, ...(this.correctionId === undefined ? {} : { correctionId: this.correctionId }), toolbar: toolbarAvailability(run) });
    this.followInTree(run.run.id, mistake.pathId);
  }

  /** The Datasets tree, when it is in sight, selects the mistake shown (without taking the focus from the view). */
  private followInTree(runId: string, pathId: string): void {
    // Only runs of the window's runs folder are in the tree.
    if (!this.ctx.datasetsTree.visible || this.run?.workspaceDir !== this.ctx.workspaceDir) return;
    void this.ctx.revealPath(runId, pathId, false).catch((e: unknown) => this.log(`cannot show path ${pathId} in the Datasets tree: ${(e as Error).message}`));
  }

  /** The current mistake's corrections and the ratings in force for them: what a change on disk could alter. */
  private keyOfCurrent(): string | undefined {
    const m = this.current();
    if (m === undefined || this.run === undefined) return undefined;
    const book = this.run.book;
    // Several raters (issue 18): another rater's rating or an adjudication changes what is shown too.
    const judgements = (id: string): string => (book === undefined ? '' : `${[...book.ratingsOf(id).values()].map((r) => r.id).join('+')}/${book.adjudicationOf(id)?.id ?? ''}`);
    return m.corrections.map((c) => `${c.id}:${this.run?.ratings.get(c.id)?.id ?? ''}:${judgements(c.id)}`).join(',');
  }

  protected async receive(message: MistakeViewToHost): Promise<void> {
    // Step-level truth: saved in order with the ratings.
    if (isTruthMessage(message)) {
      this.saving = this.saving.then(() => this.saveTruth(message));
      return;
    }
    switch (message.type) {
      case 'ready':
        return; // handled by the host
      case 'painted':
        return this.painted(message.pathId);
      case 'navigate':
        return this.navigateTo(message.direction);
      case 'selectCorrection':
        this.correctionId = message.correctionId;
        return;
      case 'rate':
        this.saving = this.saving.then(() => this.rate(message));
        return;
      case 'toolbar':
        return this.act(message.action, message.correctionId);
      case 'adjudicate':
        this.saving = this.saving.then(() => this.adjudicate(message));
        return;
    }
  }

  async navigateTo(direction: NavigationDirection): Promise<void> {
    if (this.run === undefined) return;
    const next = navigate(this.run, this.index, direction, this.reviewer.current());
    if (next === this.index) return;
    this.index = next;
    this.correctionId = undefined;
    this.paintStarted = performance.now();
    return this.showCurrent();
  }

  private async rate(message: Extract<MistakeViewToHost, { type: 'rate' }>): Promise<void> {
    const run = this.run;
    if (run === undefined) return;
    try {
      // Several raters (issue 18): every rating names its rater (asked once when the setting is empty).
      const rater = await raterName(this.ctx.output);
      if (rater === undefined) throw new Error('Not rated: set your rater name (mistakebook.raterName) to rate.');
      const rating = await rateCorrection(run, message.correctionId, message.rating, message.note, this.diagnostic, new Date(), rater);
      this.shownKey = this.keyOfCurrent();
      const view = { value: rating.rating, ...(rating.note === undefined ? {} : { note: rating.note }), at: rating.at };
      const reviewer = this.reviewer.current();
      const progress = reviewProgress(run, reviewer);
      this.shownProgress = `${progress.rated}/${progress.total}`;
      await this.post(answer(message, { type: 'rated' as const, correctionId: message.correctionId, rating: view, progress }));
      // Rated now: the others' ratings are no longer hidden.
      if (reviewer !== undefined) await this.post({ type: 'raters', correctionId: message.correctionId, raters: ratersView(run, message.correctionId, reviewer) });
      const owner = mistakeOfCorrection(run, message.correctionId);
      const pathId = owner === undefined ? '' : pathIdOf(owner);
      this.events.rated({ workspaceDir: run.workspaceDir, runId: run.run.id, pathId, rating });
    } catch (e) {
      this.failInView(e);
    }
  }

  private async saveTruth(message: TruthMessage): Promise<void> {
    const run = this.run;
    if (run === undefined) return;
    try {
      await this.post(await saveTruth(run, message, this.diagnostic));
      this.events.labelled({ runId: run.run.id });
    } catch (e) {
      this.failInView(e);
    }
  }

  /** Several raters (issue 18): an adjudicated rating with a note, by the rater of this window. */
  private async adjudicate(message: Extract<MistakeViewToHost, { type: 'adjudicate' }>): Promise<void> {
    const run = this.run;
    if (run === undefined) return;
    try {
      const adjudicator = await raterName(this.ctx.output);
      if (adjudicator === undefined) throw new Error('Not adjudicated: set your rater name (mistakebook.raterName) to adjudicate.');
      await adjudicateCorrection(run, message.correctionId, message.rating, message.note, adjudicator, this.diagnostic);
      this.shownKey = this.keyOfCurrent();
      const reviewer = this.reviewer.current() ?? { rater: adjudicator, blind: false };
      await this.post(answer(message, { type: 'raters' as const, correctionId: message.correctionId, raters: ratersView(run, message.correctionId, reviewer) }));
      // The tree shows the rating in force: it listens for ratings.
      const owner = mistakeOfCorrection(run, message.correctionId);
      const inForce = run.ratings.get(message.correctionId);
      if (owner !== undefined && inForce !== undefined) this.events.rated({ workspaceDir: run.workspaceDir, runId: run.run.id, pathId: pathIdOf(owner), rating: inForce });
    } catch (e) {
      this.failInView(e);
    }
  }

  /** The rater name, blind review or rating rule changed: the current mistake is shown for the reviewer now. */
  async reviewChanged(): Promise<void> {
    // A first rating saves the name it asked for: that rating is shown with the view for its rater.
    await this.saving.catch(() => undefined);
    const before = this.run;
    if (before === undefined) return;
    try {
      // The rule may have changed: read the run again (from the index, cheap) before showing it.
      const run = await this.ctx.reviewRun(before.workspaceDir, before.run.id, this.diagnostic);
      if (this.run !== before) return;
      const pathId = this.currentPathId();
      this.run = run;
      this.index = Math.max(pathId === undefined ? 0 : indexOfPath(run, pathId), 0);
      if (run.mistakes.length > 0) await this.showCurrent();
    } catch (e) {
      this.failInView(e);
    }
  }

  private async act(action: ToolbarAction, correctionId: string | undefined): Promise<void> {
    const run = this.run;
    const mistake = this.current();
    if (run === undefined || mistake === undefined) return;
    const ids = { runId: run.run.id, pathId: pathIdOf(mistake), ...(correctionId === undefined ? {} : { correctionId }), workspaceDir: run.workspaceDir };
    switch (action) {
      case 'copyMarkdown': {
        const data = mistakeData(run, this.index);
        await vscode.env.clipboard.writeText(mistakeMarkdown(data, data.corrections.find((c) => c.id === correctionId)));
        void vscode.window.setStatusBarMessage('Mistakebook: mistake copied as Markdown', 3000);
        return;
      }
      case 'openPrompt':
        return openRunPrompt(run);
      case 'revealInTree':
        await vscode.commands.executeCommand(Commands.revealInTree, ids.runId, ids.pathId);
        return;
      case 'regenerate':
        await vscode.commands.executeCommand(Commands.regenerateCorrection, ids);
        return;
      case 'addToPrompt':
        await vscode.commands.executeCommand(Commands.addCorrectionToPrompt, ids);
        return;
    }
  }

  private painted(pathId: string): void {
    const run = this.run;
    if (this.currentPathId() === pathId) this.pageShowsCurrent = true;
    // A paint of the mistake shown before is not the one being timed.
    if (this.paintStarted === undefined || run === undefined || this.currentPathId() !== pathId) return;
    this.events.painted({ runId: run.run.id, pathId, ms: performance.now() - this.paintStarted });
    this.paintStarted = undefined;
  }

  /** Files of some runs changed: when one is ours, read it again and re-render if the current mistake changed. */
  async runsChanged(runIds: ReadonlySet<string>): Promise<void> {
    const before = this.run;
    if (before === undefined || !runIds.has(before.run.id)) return;
    try {
      const run = await this.ctx.reviewRun(before.workspaceDir, before.run.id, this.diagnostic);
      await this.reviewer.load(run, this.diagnostic);
      if (this.run !== before) return; // another run was opened while reading
      // The researcher may have moved on while the run was read: stay where they are now.
      const pathId = this.currentPathId();
      this.run = run;
      this.index = Math.max(pathId === undefined ? 0 : indexOfPath(run, pathId), 0);
      if (run.mistakes.length === 0) return;
      if (this.keyOfCurrent() !== this.shownKey || !this.pageShowsCurrent) return await this.showCurrent();
      // Ratings of other mistakes (the tree, the CLI) still move the progress line.
      const progress = reviewProgress(run, this.reviewer.current());
      if (`${progress.rated}/${progress.total}` === this.shownProgress) return;
      this.shownProgress = `${progress.rated}/${progress.total}`;
      await this.post({ type: 'progress', progress });
    } catch (e) {
      this.failInView(e);
    }
  }

  private readonly diagnostic = (d: Diagnostic): void => this.log(`Mistakebook: ${formatDiagnostic(d)}`);

  /** A failure the page shows too, so the view does not sit on a stale mistake. */
  private failInView(e: unknown): void {
    void this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    this.fail(e);
  }
}
