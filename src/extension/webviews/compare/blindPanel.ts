/**
 * Blind pairwise review: the same mistake's corrections by two variants, in random order and
 * unlabeled; the researcher presses 1, 2 or = and the vote goes to preferences.jsonl with who, when,
 * the order shown and the variant that won. Mistakes this rater already voted on for the pair are
 * skipped; the page never learns which variant wrote which correction.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../../../core/diagnostic';
import type { CorrectionRecord } from '../../../core/pipeline/records';
import { indexOfPath, type LoadedRun } from '../../../core/runs/loadRun';
import { RunStore } from '../../../core/store/runStore';
import type { BlindCorrection, BlindItem, BlindProgress } from '../../../core/variants/blindTypes';
import { loadComparison, preferenceRecord, shownOrder, type PreferenceChoice, type PreferenceRecord } from '../../../core/variants';
import { isBlindViewMessage, type BlindViewToHost, type HostToBlindView } from '../../../shared/compareProtocol';
import type { Context } from '../../context';
import { raterName } from '../../raters';
import { PanelSlot, WebviewHost } from '../host';
import { webviewOptions } from '../html';

type Needs = Pick<Context, 'extension' | 'output' | 'workspaceDir' | 'reviewRun' | 'runsChanged'>;

export class BlindReview implements vscode.Disposable {
  private readonly slot = new PanelSlot<BlindPanel>();
  private readonly voted = new vscode.EventEmitter<PreferenceRecord>();
  /** Each vote stored (tests wait for it). */
  readonly onDidVote = this.voted.event;

  constructor(private readonly ctx: Needs) {}

  /** Votes carry the rater's name (mistakebook.raterName, asked on first use); no name, no review. */
  async show(runId: string, a: string, b: string): Promise<void> {
    const who = await raterName(this.ctx.output);
    if (who === undefined) return;
    const panel = vscode.window.createWebviewPanel('mistakebook.blindReview', 'Blind Review', vscode.ViewColumn.Active, webviewOptions(this.ctx.extension.extensionUri));
    this.slot.put(new BlindPanel(panel, this.ctx, runId, [a, b], who, (p) => this.voted.fire(p)));
  }

  dispose(): void {
    this.slot.dispose();
    this.voted.dispose();
  }
}

interface Queued {
  pathId: string;
  questionId: string;
  /** The pair's first corrections of the mistake, by variant a and b. */
  a: string;
  b: string;
}

interface Current {
  item: BlindItem;
  pathId: string;
  questionId: string;
  shown: [{ variant: string; correctionId: string }, { variant: string; correctionId: string }];
}

class BlindPanel extends WebviewHost<HostToBlindView, BlindViewToHost> {
  private queue: Queued[] | undefined;
  private run: LoadedRun | undefined;
  private current: Current | undefined;
  private progress: BlindProgress = { voted: 0, total: 0 };

  constructor(
    panel: vscode.WebviewPanel,
    private readonly ctx: Needs,
    private readonly runId: string,
    private readonly pair: [string, string],
    private readonly who: string,
    private readonly voted: (p: PreferenceRecord) => void,
  ) {
    super(panel, { extensionUri: ctx.extension.extensionUri, bundle: 'blind', title: 'Blind Review', isMessage: isBlindViewMessage, log: (l) => ctx.output.log(l) });
  }

  /** A page (re)loaded: the mistake it was showing, or the first one. */
  protected async onReady(): Promise<void> {
    try {
      if (this.queue === undefined) await this.start();
      if (this.current !== undefined) return await this.post({ type: 'item', item: this.current.item, progress: this.progress });
      await this.showNext();
    } catch (e) {
      await this.post({ type: 'error', message: `Cannot start the blind review of run ${this.runId}: ${(e as Error).message}` });
    }
  }

  protected async receive(message: BlindViewToHost): Promise<void> {
    if (message.type === 'ready' || this.current === undefined || message.token !== this.current.item.token) return;
    if (message.type === 'skip') {
      const skipped = this.current;
      this.queue?.push({ pathId: skipped.pathId, questionId: skipped.questionId, a: this.sideOf(skipped, 0), b: this.sideOf(skipped, 1) });
      return this.showNext();
    }
    await this.vote(message.choice);
  }

  private sideOf(c: Current, i: 0 | 1): string {
    const wanted = this.pair[i];
    return (c.shown[0].variant === wanted ? c.shown[0] : c.shown[1]).correctionId;
  }

  private async start(): Promise<void> {
    const dir = this.workspace();
    const log = (d: Diagnostic): void => this.ctx.output.log(`${d.file}:${d.line}: ${d.message}`);
    const [a, b] = this.pair;
    const comparison = await loadComparison(dir, this.runId, { ratings: new Map(), onDiagnostic: log });
    const paired = comparison.pairedMistakes(a, b);
    this.queue = paired.filter((m) => !comparison.votedBy(a, b, this.who, m.pathId));
    this.progress = { voted: paired.length - this.queue.length, total: paired.length };
    this.run = await this.ctx.reviewRun(dir, this.runId, log);
    this.panel.title = `Blind Review · ${a.slice(0, 8)} vs ${b.slice(0, 8)}`;
  }

  private async showNext(): Promise<void> {
    const next = this.queue?.shift();
    if (next === undefined) {
      this.current = undefined;
      const message = this.progress.total === 0 ? 'No mistake was corrected by both variants yet.' : `Every one of the ${this.progress.total} mistakes both variants corrected has your vote. Compare Correction Variants shows the win rate.`;
      return this.post({ type: 'done', progress: this.progress, message });
    }
    const [a, b] = this.pair;
    const shown = shownOrder({ variant: a, correctionId: next.a }, { variant: b, correctionId: next.b });
    const item = this.itemOf(next.pathId, shown);
    if (item === undefined) return this.showNext();
    this.current = { item, pathId: next.pathId, questionId: next.questionId, shown };
    await this.post({ type: 'item', item, progress: this.progress });
  }

  private itemOf(pathId: string, shown: Current['shown']): BlindItem | undefined {
    const run = this.run;
    const mistake = run === undefined ? undefined : run.mistakes[indexOfPath(run, pathId)];
    if (mistake === undefined) return undefined;
    const [first, second] = shown.map((s) => mistake.corrections.find((c) => c.id === s.correctionId));
    if (first === undefined || second === undefined) return undefined;
    const { path } = mistake;
    return { token: pathId, question: path.question, goldAnswer: path.goldAnswer, steps: path.steps, corrections: [blindCorrection(first), blindCorrection(second)] };
  }

  private async vote(choice: PreferenceChoice): Promise<void> {
    const current = this.current;
    if (current === undefined) return;
    this.current = undefined;
    const record = preferenceRecord({ pathId: current.pathId, questionId: current.questionId, shown: current.shown, choice, who: this.who });
    const store = await RunStore.open(this.workspace(), this.runId, { onDiagnostic: (d) => this.ctx.output.log(`${d.file}:${d.line}: ${d.message}`) });
    try {
      await (await store.table<PreferenceRecord>('preferences')).append(record);
    } catch (e) {
      // Not saved: the page shows the same mistake again, so the vote can be given again.
      this.current = current;
      await this.post({ type: 'item', item: current.item, progress: this.progress });
      throw e;
    } finally {
      await store.close();
    }
    this.progress = { ...this.progress, voted: this.progress.voted + 1 };
    this.voted(record);
    await this.showNext();
  }

  private workspace(): string {
    const dir = this.ctx.workspaceDir;
    if (dir === undefined) throw new Error('open a folder: runs are read from its .mistakebook/runs.');
    return dir;
  }
}

/** A correction as the blind page shows it: its content only. */
function blindCorrection(c: CorrectionRecord): BlindCorrection {
  if (c.outcome === 'unparseable') return { solution: [], raw: c.raw };
  return {
    ...(c.incorrectStep === undefined ? {} : { incorrectStep: c.incorrectStep }),
    ...(c.explanation === undefined ? {} : { explanation: c.explanation }),
    solution: c.expandedSteps ?? (c.correctedAnswer === undefined ? [] : [c.correctedAnswer]),
  };
}
