/**
 * Several raters end to end in the engine: rater files and names, the rating in force (agreed,
 * majority, adjudicated), the old ratings.jsonl as the unnamed rater, the RunIndex following rater
 * files and the "Raters disagree" filter, blind views, assignment and Next unrated, export's rating
 * filter and manifest, and the CLI's agreement --json keys.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { exportFineTuningData } from '../../../src/core/export';
import type { CorrectionRecord, PathRecord } from '../../../src/core/pipeline/records';
import { assignReview, shareOf } from '../../../src/core/review/assign';
import { unratedVerified } from '../../../src/core/review/assignable';
import { navigate, reviewProgress } from '../../../src/core/review/navigate';
import { adjudicateCorrection, rateCorrection } from '../../../src/core/review/rate';
import { ratersView } from '../../../src/core/review/raterView';
import { mistakeData } from '../../../src/core/review/mistakeData';
import { indexedRun } from '../../../src/core/runs/indexedRun';
import { loadRun } from '../../../src/core/runs/loadRun';
import { RatingBook } from '../../../src/core/runs/ratingBook';
import { RunIndex } from '../../../src/core/runs/runIndex';
import { correctionPasses, NO_FILTERS, pathPasses } from '../../../src/core/runs/treeFilters';
import { loadStats } from '../../../src/core/stats/loadStats';
import { newAdjudication } from '../../../src/core/store/adjudications';
import { readAssignment, writeAssignment } from '../../../src/core/store/assignmentFile';
import { runDir } from '../../../src/core/store/layout';
import { checkRaterName, raterFileStem, UNNAMED_RATER } from '../../../src/core/store/raters';
import { newRating } from '../../../src/core/store/ratings';
import { RunStore } from '../../../src/core/store/runStore';
import { main as runCli } from '../../../src/cli/cli';

const ignore = (): void => undefined;
const at = (minute: number): Date => new Date(Date.UTC(2026, 0, 1, 0, minute));

function path(id: string, questionId: string): PathRecord {
  return {
    id,
    questionId,
    task: 'gsm8k',
    question: `How much is ${questionId}?`,
    goldAnswer: '4',
    model: 'm-r',
    sampleIndex: 0,
    completion: 'Step 1: 2+2=5\n#### 5',
    steps: ['2+2=5'],
    answer: '5',
    correct: false,
    createdAt: '2026-01-01T00:00:00Z',
  };
}

function correction(id: string, pathId: string, questionId: string): CorrectionRecord {
  return {
    id,
    pathId,
    questionId,
    model: 'm-c',
    promptSha256: 'x',
    correctionIndex: 0,
    raw: '',
    outcome: 'parsed',
    incorrectStep: 1,
    explanation: `2+2 is 4, not 5 (${id}).`,
    correctedSteps: ['2+2=4'],
    correctedFrom: 1,
    answer: '4',
    verified: true,
    createdAt: '2026-01-01T00:00:00Z',
  };
}

/** A run with four wrong paths p1..p4, one verified correction c1..c4 each, and one old unnamed rating of c4. */
async function workspace(): Promise<{ dir: string; runId: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mb-raters-'));
  const dataset = join(dir, 'train.jsonl');
  writeFileSync(dataset, ['q1', 'q2', 'q3', 'q4'].map((q) => JSON.stringify({ question: `How much is ${q}?`, answer: 'Add.\n#### 4' })).join('\n') + '\n');
  const store = await RunStore.create(dir, { toolVersion: '0', task: 'gsm8k', dataset: { path: dataset, sha256: 'h' }, models: {} }, { onDiagnostic: ignore });
  const paths = await store.table<PathRecord>('paths');
  const corrections = await store.table<CorrectionRecord>('corrections');
  for (const i of [1, 2, 3, 4]) {
    await paths.append(path(`p${i}`, `q${i}`));
    await corrections.append(correction(`c${i}`, `p${i}`, `q${i}`));
  }
  await (await store.table('ratings')).append(newRating('c4', 'good', 'old', at(0)));
  await store.close();
  return { dir, runId: store.id };
}

describe('several raters', () => {
  let ws: { dir: string; runId: string };
  beforeEach(async () => (ws = await workspace()));
  afterEach(() => rmSync(ws.dir, { recursive: true, force: true }));

  it('names become safe file names, said by a hash where they had to change', () => {
    assert.equal(raterFileStem('ann'), 'ann');
    assert.equal(raterFileStem('ann.lee-2'), 'ann.lee-2');
    assert.match(raterFileStem('Ann Lee'), /^Ann-Lee-[0-9a-f]{8}$/);
    assert.match(raterFileStem('../../etc/passwd'), /^etc-passwd-[0-9a-f]{8}$/);
    assert.match(raterFileStem('…'), /^rater-[0-9a-f]{8}$/);
    assert.match(raterFileStem('NUL'), /^NUL-[0-9a-f]{8}$/);
    assert.notEqual(raterFileStem('Zoë'), raterFileStem('Zoé'));
    assert.throws(() => checkRaterName('   '), /empty/);
    assert.throws(() => checkRaterName('a\nb'), /control character/);
    assert.throws(() => checkRaterName(UNNAMED_RATER), /old ratings.jsonl/);
  });

  it('the rating in force: agreed, else none (or the majority when chosen); an adjudication wins', () => {
    const book = new RatingBook();
    book.add(newRating('c', 'good', '', at(1), 'a'), 'a');
    assert.equal(book.inForce('c', 'agreed')?.source, 'agreed', 'one rater: their rating');
    book.add(newRating('c', 'good', '', at(2), 'b'), 'b');
    assert.equal(book.inForce('c', 'agreed')?.rating.rating, 'good');
    book.add(newRating('c', 'poor', '', at(3), 'c'), 'c');
    assert.equal(book.inForce('c', 'agreed'), undefined, 'two good, one poor: no agreement');
    assert.equal(book.inForce('c', 'majority')?.rating.rating, 'good');
    assert.ok(book.disagree('c'));
    book.add(newRating('c', 'poor', '', at(4), 'b'), 'b');
    assert.equal(book.inForce('c', 'majority')?.rating.rating, 'poor', "b's later rating replaces their earlier one");
    book.add(newRating('c', 'good', '', at(5), 'd'), 'd');
    assert.equal(book.inForce('c', 'majority'), undefined, 'a tie gives none');
    book.adjudicate(newAdjudication('c', 'excellent', 'lead', 'explains the step well', at(6)));
    const settled = book.inForce('c', 'agreed');
    assert.equal(settled?.source, 'adjudicated');
    assert.equal(settled?.rating.rating, 'excellent');
    assert.equal(settled?.rating.note, 'explains the step well');
    assert.equal(settled?.rating.rater, 'lead');
  });

  it('each rater writes their own file; the old ratings.jsonl loads as the unnamed rater and stays as it was', async () => {
    const before = readFileSync(join(runDir(ws.dir, ws.runId), 'ratings.jsonl'), 'utf8');
    const run = await loadRun(ws.dir, ws.runId);
    await rateCorrection(run, 'c1', 'excellent', '', ignore, at(1), 'Ann Lee');
    await rateCorrection(run, 'c1', 'poor', 'misses it', ignore, at(2), 'ben');
    const files = readFileSync(join(runDir(ws.dir, ws.runId), 'ratings', 'ben.jsonl'), 'utf8').trim().split('\n');
    assert.equal(files.length, 1);
    assert.equal(JSON.parse(files[0] ?? '').rater, 'ben');
    assert.ok(existsSync(join(runDir(ws.dir, ws.runId), 'ratings', `${raterFileStem('Ann Lee')}.jsonl`)));
    assert.equal(readFileSync(join(runDir(ws.dir, ws.runId), 'ratings.jsonl'), 'utf8'), before, 'the old file is never rewritten');
    const again = await loadRun(ws.dir, ws.runId);
    assert.deepEqual(again.book?.raters(), [UNNAMED_RATER, 'Ann Lee', 'ben'].sort((a, b) => a.localeCompare(b)));
    assert.equal(again.ratings.get('c4')?.rating, 'good', 'the old rating is in force: no one disagrees');
    assert.equal(again.ratings.has('c1'), false, 'Ann and Ben disagree on c1');
    await adjudicateCorrection(again, 'c1', 'good', 'right step, thin explanation', 'lead', ignore, at(3));
    assert.equal(again.ratings.get('c1')?.rating, 'good');
    assert.equal((await loadRun(ws.dir, ws.runId)).ratings.get('c1')?.rating, 'good', 'stored in adjudications.jsonl');
  });

  it('the RunIndex follows rater files as they appear, and the "Raters disagree" filter finds open disagreements', async () => {
    const index = await RunIndex.load(ws.dir, ignore);
    const c = (id: string) => index.corrections(ws.runId, `p${id.slice(1)}`)[0];
    const filter = { ...NO_FILTERS, onlyDisagreements: true };
    const run = indexedRun(index, ws.dir, ws.runId);
    assert.ok(run);
    await rateCorrection(run, 'c2', 'excellent', '', ignore, at(1), 'ann');
    await index.refresh();
    assert.equal(c('c2')?.rating?.rating, 'excellent');
    await rateCorrection(run, 'c2', 'good', '', ignore, at(2), 'ben');
    await index.refresh();
    assert.equal(c('c2')?.rating, undefined, 'no agreement: nothing in force');
    assert.equal(c('c2')?.ratersDisagree, true);
    assert.ok(correctionPasses(filter, c('c2') as NonNullable<ReturnType<typeof c>>));
    assert.ok(!correctionPasses(filter, c('c3') as NonNullable<ReturnType<typeof c>>));
    assert.ok(!correctionPasses({ ...NO_FILTERS, onlyUnrated: true }, c('c2') as NonNullable<ReturnType<typeof c>>), 'rated, though nothing is in force: not unrated');
    assert.ok(correctionPasses({ ...NO_FILTERS, onlyUnrated: true }, c('c3') as NonNullable<ReturnType<typeof c>>));
    const p2 = index.runPaths(ws.runId).find((p) => p.record.id === 'p2');
    assert.ok(p2 !== undefined && pathPasses(filter, index, p2));
    index.setRatingRule('majority');
    assert.equal(c('c2')?.rating, undefined, 'one each: no majority either');
    index.setRatingRule('agreed');
    await adjudicateCorrection(run, 'c2', 'good', '', 'lead', ignore, at(3));
    await index.refresh();
    assert.equal(c('c2')?.rating?.rating, 'good');
    assert.equal(c('c2')?.ratersDisagree, undefined, 'settled: the filter leaves it out');
  });

  it('blind review: others are hidden until you rate; then shown side by side with the rating in force', async () => {
    const run = await loadRun(ws.dir, ws.runId);
    await rateCorrection(run, 'c1', 'excellent', 'clear', ignore, at(1), 'ann');
    const ben = { rater: 'ben', blind: true };
    const hidden = ratersView(run, 'c1', ben);
    assert.equal(hidden.blind, true);
    assert.equal(hidden.othersCount, 1);
    assert.deepEqual(hidden.others, []);
    assert.equal(hidden.inForce, undefined, 'the rating in force would give it away');
    assert.equal(mistakeData(run, 0, ben).corrections[0]?.rating, undefined, "ben sees his own rating: none yet, not ann's");
    assert.equal(ratersView(run, 'c1', { rater: 'ben', blind: false }).others[0]?.rater, 'ann', 'blind review off: shown at once');
    await rateCorrection(run, 'c1', 'poor', '', ignore, at(2), 'ben');
    const shown = ratersView(run, 'c1', ben);
    assert.equal(shown.blind, false);
    assert.deepEqual(shown.others.map((o) => [o.rater, o.value, o.note]), [['ann', 'excellent', 'clear']]);
    assert.equal(shown.disagree, true);
    assert.equal(mistakeData(run, 0, ben).corrections[0]?.rating?.value, 'poor');
  });

  it('Assign Review: seeded, balanced, the overlap shared by two; Next unrated walks only your share', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `x${i}`);
    const a = assignReview(ids, ['ann', 'ben', 'cy'], 0.2, 7);
    assert.deepEqual(assignReview(ids, ['ann', 'ben', 'cy'], 0.2, 7).shares, a.shares, 'same seed, same split');
    assert.notDeepEqual(assignReview(ids, ['ann', 'ben', 'cy'], 0.2, 8).shares, a.shares);
    const counts = new Map<string, number>();
    for (const list of Object.values(a.shares)) for (const id of list) counts.set(id, (counts.get(id) ?? 0) + 1);
    assert.equal(counts.size, 50, 'every correction assigned');
    assert.equal([...counts.values()].filter((n) => n === 2).length, 10, '20% of 50 rated by two');
    const sizes = Object.values(a.shares).map((l) => l.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `balanced: ${sizes.join(', ')}`);
    const pairs = new Set<string>();
    for (const id of ids) {
      const who = a.raters.filter((r) => a.shares[r]?.includes(id));
      if (who.length === 2) pairs.add(who.join('+'));
    }
    assert.equal(pairs.size, 3, 'every pair of raters shares some corrections');
    assert.throws(() => assignReview(ids, ['ann'], 0.2, 1), /two raters/);
    assert.throws(() => assignReview(ids, ['ann', 'ben'], 1.5, 1), /between 0 and 1/);

    const run = await loadRun(ws.dir, ws.runId);
    assert.deepEqual(unratedVerified(run), ['c1', 'c2', 'c3'], 'c4 has a rating already');
    const assignment = assignReview(unratedVerified(run), ['ann', 'ben'], 0, 3);
    await writeAssignment(runDir(ws.dir, ws.runId), assignment);
    const stored = await readAssignment(runDir(ws.dir, ws.runId));
    assert.deepEqual(stored, assignment);
    const share = shareOf(stored, 'ann');
    assert.ok(share !== undefined);
    const mine = { rater: 'ann', share };
    const stops: number[] = [];
    let i = run.mistakes.findIndex((m) => share.has(m.correctionIds?.[0] ?? m.corrections[0]?.id ?? ''));
    for (let k = 0; k < 4; k++) {
      stops.push(i);
      i = navigate(run, i, 'nextUnrated', mine);
    }
    const walked = new Set(stops.map((s) => run.mistakes[s]?.corrections[0]?.id));
    assert.deepEqual([...walked].sort(), [...share].sort(), 'only ann’s share, round and round');
    assert.deepEqual(reviewProgress(run, mine), { rated: 0, total: share.size, rater: 'ann', share: true });
    await rateCorrection(run, [...share][0] ?? '', 'good', '', ignore, at(5), 'ann');
    assert.deepEqual(reviewProgress(run, mine), { rated: 1, total: share.size, rater: 'ann', share: true });
    assert.equal(shareOf(stored, 'nobody'), undefined, 'a rater the assignment does not name may rate anything');
  });

  it('export takes the rating in force: the adjudicated one, under --min-rating, and the manifest says the rule', async () => {
    const run = await loadRun(ws.dir, ws.runId);
    await rateCorrection(run, 'c1', 'excellent', '', ignore, at(1), 'ann');
    await rateCorrection(run, 'c1', 'excellent', '', ignore, at(2), 'ben');
    await rateCorrection(run, 'c2', 'excellent', '', ignore, at(3), 'ann');
    await rateCorrection(run, 'c2', 'poor', '', ignore, at(4), 'ben');
    await rateCorrection(run, 'c3', 'poor', '', ignore, at(5), 'ann');
    await rateCorrection(run, 'c3', 'excellent', '', ignore, at(6), 'ben');
    await adjudicateCorrection(run, 'c3', 'excellent', 'settled', 'lead', ignore, at(7));
    const exported = async (rule: 'agreed' | 'majority', name: string): Promise<{ ids: string[]; manifest: { filters: { ratingInForce?: { rule: string } }; sources: { correction: { dropped: Record<string, number> } }; inputs: Array<{ role: string; path: string }> } }> => {
      const output = join(ws.dir, `${name}.jsonl`);
      await exportFineTuningData({
        workspaceDir: ws.dir,
        output,
        format: 'prompt-completion',
        content: 'correction',
        filters: { verifiedOnly: true, minRating: 'excellent', ratingRule: rule },
        seed: 0,
        toolVersion: '0',
        onDiagnostic: ignore,
      });
      const lines = readFileSync(output, 'utf8').trim().split('\n');
      const ids = lines.map((l) => /\((c\d)\)/.exec(l)?.[1] ?? '?').sort();
      return { ids, manifest: JSON.parse(readFileSync(`${output}.manifest.json`, 'utf8')) };
    };
    const { ids, manifest } = await exported('agreed', 'agreed');
    assert.deepEqual(ids, ['c1', 'c3'], 'c1 agreed excellent, c3 adjudicated excellent; c2 disputed, c4 only good');
    assert.equal(manifest.filters.ratingInForce?.rule, 'agreed');
    assert.deepEqual(manifest.sources.correction.dropped, { 'raters disagree': 1, 'rated below minimum': 1 }, 'c2 disputed, c4 only good');
    assert.ok(manifest.inputs.some((i) => i.role === 'adjudications'));
    assert.ok(manifest.inputs.some((i) => i.role === 'ratings' && i.path.endsWith('ann.jsonl')));
    const stats = await loadStats(ws.dir, { runs: [], models: [] });
    assert.deepEqual(stats.ratings, { excellent: 2, good: 1, poor: 0, unrated: 1 }, 'the chart counts the rating in force too');
    assert.equal(stats.agreement?.pairs.find((p) => p.a === 'ann' && p.b === 'ben')?.shared, 3);
  });

  it('mistakebook agreement --json has the keys the issue names; rate --rater and adjudicate write where they should', async () => {
    const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (b: Buffer) => (out += b.toString()));
      stderr.on('data', (b: Buffer) => (err += b.toString()));
      const code = await runCli(args, { stdout, stderr });
      return { code, out, err };
    };
    const w = ['--workspace', ws.dir, '--run', ws.runId];
    assert.equal((await cli('rate', ...w, '--rater', 'ann', '--correction', 'c1,c2', '--rating', 'good')).code, 0);
    assert.equal((await cli('rate', ...w, '--rater', 'Ben B', '--correction', 'c1', '--rating', 'good')).code, 0);
    const ben = await cli('rate', ...w, '--rater', 'Ben B', '--correction', 'c2', '--rating', 'poor');
    assert.match(ben.err, /ratings of "Ben B" are stored in ratings\/Ben-B-[0-9a-f]{8}\.jsonl/);
    assert.equal((await cli('rate', ...w, '--rater', 'ann', '--correction', 'nope', '--rating', 'good')).code, 1);
    assert.equal((await cli('adjudicate', ...w, '--adjudicator', 'lead', '--correction', 'c2', '--rating', 'good', '--note', 'fine')).code, 0);
    const json = await cli('agreement', ...w, '--json');
    assert.equal(json.code, 0, json.err);
    const report = JSON.parse(json.out) as Record<string, unknown>;
    for (const key of ['raters', 'items', 'pairs', 'fleissKappa', 'krippendorffAlpha']) assert.ok(key in report, key);
    const pair = (report['pairs'] as Array<Record<string, unknown>>).find((p) => p['a'] === 'ann' && p['b'] === 'Ben B');
    assert.ok(pair);
    for (const key of ['a', 'b', 'shared', 'kappa', 'weightedKappa', 'confusion']) assert.ok(key in pair, key);
    assert.equal(pair['shared'], 2);
    assert.deepEqual(pair['confusion'], [[0, 0, 0], [1, 1, 0], [0, 0, 0]]);
    assert.equal(report['adjudicated'], 1);
    const text = await cli('agreement', ...w);
    assert.match(text.out, /ann × Ben B: 2 shared; Cohen's kappa 0\.000/);
    assert.equal((await cli('agreement', '--workspace', ws.dir)).code, 2, '--run is required');
  });
});
