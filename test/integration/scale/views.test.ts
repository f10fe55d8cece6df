/**
 * Issue 13 in a real VS Code: a workspace with a LEMA-size run (scripts/makeScaleRun.ts, 200,000 paths
 * by default) and the sample run beside it. Every view opens on it: the Datasets tree shows its first
 * page and refreshes by reading only an appended correction, the Runs view its counts, the Statistics
 * view its charts, and the mistake view opens and steps with j/k. The extension host's heap growth
 * and the view timings (against the same on the sample run) are printed for the closing note.
 */
import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CorrectionRecord } from '../../../src/core/pipeline/records';
import type { MistakebookApi } from '../../../src/extension/main';
import type { DatasetNode, PathNode, QuestionNode } from '../../../src/extension/views/datasetsView';
import type { RunsTreeNode } from '../../../src/extension/views/runsView';
import type { PaintedEvent } from '../../../src/extension/webviews/mistake/mistakePanel';
import type { StatsLoaded } from '../../../src/extension/webviews/stats/statsPanel';

const SCALE_RUN = 'scale-run';
const SAMPLE_RUN = 'sample-run';
const MB = 1024 * 1024;

function once<T>(event: vscode.Event<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = event((e) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(e);
    });
  });
}

const heapMb = (): number => process.memoryUsage().heapUsed / MB;

describe('A 200,000-path run in every view (issue 13)', function () {
  this.timeout(300_000);
  let api: MistakebookApi;
  let workspace: string;
  let heapAtStart: number;
  const figures: string[] = [];

  before(async () => {
    const ext = vscode.extensions.getExtension<MistakebookApi>('mistakebook.mistakebook');
    assert.ok(ext);
    api = await ext.activate();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the scale workspace is open');
    workspace = folder;
    global.gc?.();
    heapAtStart = heapMb();
  });

  after(() => {
    figures.push(`heap: ${heapAtStart.toFixed(0)} MB at start, ${heapMb().toFixed(0)} MB after every view (+${(heapMb() - heapAtStart).toFixed(0)} MB)`);
    for (const f of figures) console.log(`      ${f}`);
  });

  it('the Datasets tree shows the first page of the scale dataset, each question with its paths by run', async () => {
    const started = performance.now();
    const datasets = (await api.datasets.getChildren()).filter((n): n is DatasetNode => n.kind === 'dataset');
    const dataset = datasets.find((d) => d.uri.fsPath.endsWith(join('datasets', 'scale.jsonl')));
    assert.ok(dataset, `the scale dataset is listed among ${datasets.map((d) => d.uri.fsPath).join(', ')}`);
    const page = await api.datasets.getChildren(dataset);
    const firstPageMs = performance.now() - started;
    const questions = page.filter((n): n is QuestionNode => n.kind === 'question');
    assert.equal(questions.length, 200, 'one page of questions');
    assert.equal(page.at(-1)?.kind, 'more');
    const item = await api.datasets.getTreeItem(dataset);
    assert.match(String(item.description), /lines · MATH · \d+\/\d{6} wrong · \d+ corrected/);
    const paths = (await api.datasets.getChildren(questions[0] as QuestionNode)).filter((n): n is PathNode => n.kind === 'path');
    assert.equal(paths.length, 8, 'eight sampled paths under the first question');
    const wrong = paths.find((p) => !p.path.record.correct);
    if (wrong !== undefined) {
      const corrections = await api.datasets.getChildren(wrong);
      assert.ok(corrections.length >= 1, 'a mistake shows its correction');
      const hover = await api.datasets.resolveTreeItem(await api.datasets.getTreeItem(wrong), wrong);
      assert.match(String((hover.tooltip as vscode.MarkdownString).value), /Verdict/);
    }
    figures.push(`Datasets tree: first page (with the run index of ${SCALE_RUN} read whole) in ${firstPageMs.toFixed(0)} ms; heap +${(heapMb() - heapAtStart).toFixed(0)} MB`);
  });

  it('a refresh after one appended correction reads that line, not the tables', async () => {
    const index = await api.datasets.runIndex();
    const table = join(workspace, '.mistakebook', 'runs', SCALE_RUN, 'corrections.jsonl');
    const last = readFileSync(table, 'utf8').trimEnd().split('\n').pop() ?? '';
    const copy = { ...(JSON.parse(last) as CorrectionRecord), id: 'appended-by-the-scale-test', correctionIndex: 7 };
    appendFileSync(table, `${JSON.stringify(copy)}\n`);
    const started = performance.now();
    const stats = await index.refresh();
    const ms = performance.now() - started;
    assert.equal(stats.records, 1);
    assert.equal(stats.runsReadWhole, 0);
    assert.ok(stats.bytesRead < 64 * 1024, `read ${stats.bytesRead} bytes`);
    assert.equal(index.corrections(SCALE_RUN, copy.pathId).some((c) => c.record.id === copy.id), true);
    figures.push(`run index refresh after one appended correction: ${stats.bytesRead} bytes in ${ms.toFixed(1)} ms`);
  });

  it('the Runs view lists the scale run with its counts', async () => {
    api.runs.refresh();
    const started = performance.now();
    const runs = (await api.runs.getChildren()).filter((n): n is Extract<RunsTreeNode, { kind: 'run' }> => n.kind === 'run');
    const ms = performance.now() - started;
    const scale = runs.find((r) => r.run.id === SCALE_RUN);
    assert.ok(scale);
    assert.match(String(api.runs.getTreeItem(scale).description), /done · 200000 paths · \d{5} corrections/);
    figures.push(`Runs view: ${runs.length} runs listed with their counts in ${ms.toFixed(0)} ms`);
  });

  it('the Statistics view reads the runs and sends its charts', async () => {
    const loaded = once<StatsLoaded>(api.statsView.onDidLoad, 120_000, 'statistics report');
    await vscode.commands.executeCommand('mistakebook.showStatistics');
    const report = await loaded;
    assert.ok(report.paths >= 200_000, `${report.paths} paths counted`);
    assert.ok(report.accuracyRows >= 1);
    figures.push(`Statistics view: report of ${report.paths} paths in ${report.ms.toFixed(0)} ms`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Opens a run's first mistake and steps j, j, k; the first paint and each step's, in ms. */
  async function openAndStep(runId: string): Promise<{ open: number; steps: number[] }> {
    const painted = (): Promise<PaintedEvent> => once<PaintedEvent>(api.mistakeView.onDidPaint, 120_000, `paint of ${runId}`);
    const first = painted();
    await vscode.commands.executeCommand('mistakebook.showMistake', runId);
    const open = (await first).ms;
    const steps: number[] = [];
    for (const direction of ['next', 'next', 'previous'] as const) {
      const next = painted();
      await api.mistakeView.navigate(direction);
      steps.push((await next).ms);
    }
    return { open, steps };
  }

  it('the mistake view opens on a run of 58,000 mistakes and steps with j/k, as on the sample run', async () => {
    const sample = await openAndStep(SAMPLE_RUN);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const scale = await openAndStep(SCALE_RUN);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    figures.push(
      `mistake view open: ${scale.open.toFixed(0)} ms at scale vs ${sample.open.toFixed(0)} ms on the sample run (${(scale.open / sample.open).toFixed(2)}×); ` +
        `j/k: ${median(scale.steps).toFixed(0)} vs ${median(sample.steps).toFixed(0)} ms (${(median(scale.steps) / median(sample.steps)).toFixed(2)}×)`,
    );
    assert.ok(scale.steps.every((ms) => ms < 5_000), `each step paints in under 5 s: ${scale.steps.join(', ')}`);
  });
});
