import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportFineTuningData } from '../../../src/core/export';
import { exportProcessLabels, type ProcessLabelLine } from '../../../src/core/export/processLabels';
import type { CorrectionRecord, PathRecord } from '../../../src/core/pipeline/records';
import { mistakeData } from '../../../src/core/review/mistakeData';
import { indexedRun } from '../../../src/core/runs/indexedRun';
import { loadRun } from '../../../src/core/runs/loadRun';
import { RunIndex } from '../../../src/core/runs/runIndex';
import { NO_FILTERS, pathPasses, type TreeFilters } from '../../../src/core/runs/treeFilters';
import { loadStats } from '../../../src/core/stats';
import { RunStore } from '../../../src/core/store/runStore';
import { saveErrorType, saveStepLabel } from '../../../src/core/truth/save';
import { run as cli } from '../cli/capture';

const at = '2026-01-01T00:00:00Z';
const path = (id: string, steps: string[], correct: boolean): PathRecord => ({ id, questionId: `q-${id}`, task: 'gsm8k', question: `question ${id}`, goldAnswer: '4', model: 'm-r', sampleIndex: 0, completion: steps.join('\n'), steps, answer: correct ? '4' : '5', correct, createdAt: at });
const correction = (id: string, pathId: string, k: number, explanation: string, verified: boolean, index = 0): CorrectionRecord => ({
  id, pathId, questionId: `q-${pathId}`, model: 'm-c', promptSha256: 'a'.repeat(64), correctionIndex: index, raw: '', outcome: 'parsed', incorrectStep: k, explanation, correctedSteps: ['fixed'], correctedFrom: k, answer: verified ? '4' : '6', verified, createdAt: at,
});

/** p1 (4 steps) and p2 (3 steps) are mistakes with verified corrections naming Step 3 and Step 2; p3 is right; p4 is a mistake with no verified correction. */
async function workspace(): Promise<{ dir: string; runId: string; dataset: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-truth-'));
  const dataset = join(dir, 'train.jsonl');
  writeFileSync(dataset, '{"question":"q","answer":"#### 4"}\n');
  const store = await RunStore.create(dir, { toolVersion: '0', task: 'gsm8k', dataset: { path: dataset, sha256: 'h' }, models: {}, runId: 'truth' }, { onDiagnostic: () => undefined });
  const paths = await store.table<PathRecord>('paths');
  for (const p of [path('p1', ['s1', 's2', 's3', 's4'], false), path('p2', ['t1', 't2', 't3'], false), path('p3', ['u1', 'u2'], true), path('p4', ['v1', 'v2'], false)]) await paths.append(p);
  const corrections = await store.table<CorrectionRecord>('corrections');
  await corrections.append(correction('c1', 'p1', 3, 'Step 3 makes a calculation error: 6 * 7 is 42, not 48.', true));
  await corrections.append(correction('c2', 'p2', 2, 'The step forgets the 5 loose pens on top.', true));
  await corrections.append(correction('c3', 'p2', 2, 'It forgets the loose pens.', false, 1));
  await corrections.append(correction('c4', 'p4', 1, 'A calculation error.', false));
  await store.close();
  return { dir, runId: store.id, dataset };
}

const noop = (): void => undefined;

describe('step-level truth: labels by hand through the index, the tree, the statistics and the export', () => {
  it('saves a first wrong step and an error type, refuses a step the path lacks, and shows both in the mistake view', async () => {
    const { dir, runId } = await workspace();
    const run = await loadRun(dir, runId, noop);
    await assert.rejects(saveStepLabel(run, { pathId: 'p1', step: 5 }, noop), /Step 5 is not a step of path p1 \(it has Steps 1–4\)/);
    await assert.rejects(saveStepLabel(run, { pathId: 'p3', step: 1 }, noop), /has no mistake with path p3/);
    await assert.rejects(saveErrorType(run, 'nope', 'logic', noop), /has no correction nope/);
    const label = await saveStepLabel(run, { pathId: 'p1', step: 2, correctionId: 'c1', who: 'ada' }, noop);
    assert.deepEqual([label.pathId, label.step, label.correctionId, label.who], ['p1', 2, 'c1', 'ada']);
    await saveErrorType(run, 'c1', 'misread', noop, 'ada');
    const lines = readFileSync(join(dir, '.mistakebook/runs', runId, 'steplabels.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);

    const index = await RunIndex.load(dir, noop);
    const view = mistakeData(indexedRun(index, dir, runId) ?? assert.fail('run not indexed'), 0);
    assert.deepEqual(view.humanStep && [view.humanStep.step, view.humanStep.who], [2, 'ada']);
    assert.deepEqual(view.corrections[0]?.errorType, { type: 'misread', source: 'human' });
    const second = mistakeData(await loadRun(dir, runId, noop), 1);
    assert.equal(second.humanStep, undefined);
    assert.equal(second.corrections[0]?.errorType?.type, 'skipped');
    assert.equal(second.corrections[0]?.errorType?.source, 'rules');
    assert.ok((second.corrections[0]?.errorType?.confidence ?? 0) > 0);
  });

  it('filters the tree to mistakes where corrector and human disagree, and to an error-type bar', async () => {
    const { dir, runId } = await workspace();
    const run = await loadRun(dir, runId, noop);
    await saveStepLabel(run, { pathId: 'p1', step: 2 }, noop);
    await saveStepLabel(run, { pathId: 'p2', step: 3 }, noop);
    await saveStepLabel(run, { pathId: 'p2', step: 2 }, noop); // the last label is in force: now it agrees
    const index = await RunIndex.load(dir, noop);
    const passing = (f: TreeFilters): string[] => index.runPaths(runId).filter((p) => pathPasses(f, index, p)).map((p) => p.record.id);
    assert.deepEqual(passing({ ...NO_FILTERS, onlyStepDisagreement: true }), ['p1']);
    assert.equal(index.stepLabel(runId, 'p2')?.step, 2);

    const bar = (errorType: 'calculation' | 'skipped' | 'misread', extra: object = {}): TreeFilters => ({ ...NO_FILTERS, chart: { label: errorType, runs: [], errorType, ...extra } });
    assert.deepEqual(passing(bar('calculation')), ['p1', 'p4']);
    assert.deepEqual(passing(bar('skipped')), ['p2']);
    assert.deepEqual(passing(bar('calculation', { incorrectStep: 3 })), ['p1']);
    // A type set by hand replaces the rules' reading, and the index follows the table.
    await saveErrorType(await loadRun(dir, runId, noop), 'c1', 'misread', noop);
    await index.refresh();
    assert.deepEqual(passing(bar('calculation')), ['p4']);
    assert.deepEqual(passing(bar('misread')), ['p1']);
  });

  it('counts error types per model and step position, and scores the corrector against the researcher’s labels', async () => {
    const { dir, runId } = await workspace();
    const run = await loadRun(dir, runId, noop);
    const before = await loadStats(dir, { runs: [], models: [] });
    assert.deepEqual(before.errorTypes, { calculation: 2, misread: 0, operation: 0, skipped: 2, unit: 0, logic: 0, other: 0 });
    assert.deepEqual(before.critic, []);
    await saveStepLabel(run, { pathId: 'p1', step: 2 }, noop);
    await saveStepLabel(run, { pathId: 'p2', step: 2 }, noop);
    await saveErrorType(run, 'c1', 'misread', noop);
    const s = await loadStats(dir, { runs: [], models: [] });
    assert.deepEqual(s.errorTypes, { calculation: 1, misread: 1, operation: 0, skipped: 2, unit: 0, logic: 0, other: 0 });
    assert.deepEqual(s.errorTypeSources, { human: 1, model: 0, rules: 3 });
    assert.equal(s.errorTypeShares.skipped.text, `50.0% (n = 4, ${s.errorTypeShares.skipped.text.slice(s.errorTypeShares.skipped.text.indexOf('95%'))}`);
    assert.deepEqual(s.errorTypesByModel.map((g) => [g.label, g.total, g.counts.skipped]), [['m-c', 4, 2]]);
    assert.deepEqual(s.errorTypesByStep.map((g) => [g.label, g.total]), [['Step 1', 1], ['Step 2', 2], ['Step 3', 1]]);
    // Against the researcher: p1 (Step 2) — c1 names Step 3, wrong; p2 (Step 2) — c2 and c3 name Step 2, right. No correct solutions.
    assert.equal(s.critic.length, 1);
    const c = s.critic[0];
    assert.deepEqual([c?.against, c?.model, c?.erroneous.successes, c?.erroneous.n, c?.correct.n, c?.f1], ['human', 'm-c', 2, 3, 0, 0]);
    const text = await cli('stats', '--workspace', dir);
    assert.match(text.stdout, /error types \(4 parsed corrections; type from 1 human, 3 rules\)/);
    assert.match(text.stdout, /m-c · aaaaaaaa against your step labels {2}F1 0\.0% {2}\(3 solutions\)/);
  });

  it('exports process labels with the human step where there is one, and a manifest that counts each source', async () => {
    const { dir, runId } = await workspace();
    const run = await loadRun(dir, runId, noop);
    await saveStepLabel(run, { pathId: 'p1', step: 2 }, noop);
    const out = join(dir, 'exports', 'prm.jsonl');
    const result = await exportProcessLabels({ workspaceDir: dir, output: out, includeCorrectPaths: true, toolVersion: 't' });
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ProcessLabelLine);
    assert.deepEqual(lines.map((l) => [l.pathId, l.source, l.labels]), [['p1', 'human', [1, 0]], ['p2', 'corrector', [1, 0]], ['p3', 'answer', [1, 1]]]);
    assert.deepEqual(Object.keys(lines[0] ?? {}), ['question', 'steps', 'labels', 'source', 'model', 'runId', 'pathId']);
    assert.deepEqual([lines[0]?.steps, lines[0]?.model, lines[0]?.runId], [['s1', 's2', 's3', 's4'], 'm-r', runId]);
    assert.deepEqual(result.manifest.sources, { human: 1, corrector: 1, answer: 1 });
    assert.deepEqual(result.manifest.dropped, { 'no verified correction': 1 });
    assert.equal(result.manifest.read, 4);
    const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { format: string; output: { path: string }; inputs: Array<{ role: string }> };
    assert.equal(manifest.format, 'prm');
    assert.equal(manifest.output.path, 'prm.jsonl');
    assert.ok(manifest.inputs.some((i) => i.role === 'steplabels'));
    await assert.rejects(exportProcessLabels({ workspaceDir: dir, output: out, toolVersion: 't' }), /refusing to overwrite .*prm\.jsonl/);

    // The command line, with the error-type filter: only the mistake filed under "skipped".
    const cliOut = join(dir, 'exports', 'skipped.jsonl');
    const ran = await cli('export', '--format', 'prm', '--workspace', dir, '--output', cliOut, '--error-type', 'skipped');
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /wrote 1 process-label line \(1 corrector\)/);
    assert.deepEqual(readFileSync(cliOut, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as ProcessLabelLine).pathId), ['p2']);
    const bad = await cli('export', '--format', 'prm', '--workspace', dir, '--output', join(dir, 'x.jsonl'), '--error-type', 'typo');
    assert.equal(bad.code, 2);
  });

  it('the fine-tuning export keeps only corrections of the chosen error types, and its manifest says so', async () => {
    const { dir } = await workspace();
    const result = await exportFineTuningData({ workspaceDir: dir, output: join(dir, 'exports', 'skipped.jsonl'), format: 'prompt-completion', content: 'correction', filters: { verifiedOnly: true, errorTypes: ['skipped'] }, seed: 0, toolVersion: 't' });
    assert.equal(result.manifest.examples, 1);
    assert.deepEqual(result.manifest.filters.errorTypes, ['skipped']);
    // c1 (calculation) is dropped for its type; c3 and c4 are not verified.
    assert.deepEqual(result.manifest.sources.correction.dropped, { 'error type not chosen': 1, 'not verified': 2 });
    assert.match(readFileSync(result.output, 'utf8'), /forgets the 5 loose pens/);
  });
});
