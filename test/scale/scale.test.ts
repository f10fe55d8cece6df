/**
 * The `scale` level (`npm test -- scale`, also part of `npm test`): a generated run of LEMA's size
 * (200,000 paths, about 58,000 corrections and 2,900 ratings; MB_SCALE_PATHS to change it) through
 * `stats`, `stats --json`, `run status`, `run list` and `export`, each in a process of its own. Each
 * must succeed with the right figures and stay within issue 13's memory ratio: peak memory growth
 * ≤ 2× the tables' bytes. Time is a benchmark's to judge (`npm run bench -- scale:` prints the ratio
 * to a bare readline + JSON.parse); here it is printed, not asserted, since these machines are noisy.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild, tableBytes, measureCommands, SCALE_COMMANDS, type CommandFigures } from '../../bench/scaleMeasure';
import { makeScaleRun, type ScaleRunSummary } from '../../scripts/makeScaleRun';
import type { ExportManifest } from '../../src/core/export';
import type { StatsReport } from '../../src/core/stats';

const PATHS = Number(process.env['MB_SCALE_PATHS'] ?? 200_000);

describe(`LEMA scale: ${PATHS.toLocaleString('en-US')} paths through every command`, function () {
  this.timeout(600_000);
  let dir = '';
  let made: ScaleRunSummary;
  let figures: CommandFigures[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-scale-'));
    made = await makeScaleRun({ out: dir, questions: Math.ceil(PATHS / 8) });
    figures = measureCommands(dir, SCALE_COMMANDS, 3);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const figure = (command: string): CommandFigures => figures.find((f) => f.command === command) as CommandFigures;

  it('made the run it was asked for', () => {
    assert.equal(made.paths, PATHS);
    assert.ok(made.mistakes > 0.25 * PATHS && made.mistakes < 0.33 * PATHS, `${made.mistakes} mistakes`);
    assert.equal(made.corrections, made.mistakes);
    assert.ok(Math.abs(made.ratings - 0.05 * made.corrections) < 0.01 * made.corrections, `${made.ratings} ratings`);
  });

  it('stats --json reports every path, mistake, correction and rating', () => {
    const out = join(dir, 'stats.json');
    const r = runChild(dir, 'stats-json', out);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8')) as StatsReport;
    assert.equal(report.accuracy.reduce((n, a) => n + a.paths, 0), made.paths);
    assert.equal(report.accuracy.reduce((n, a) => n + a.paths - a.correct, 0), made.mistakes);
    assert.equal(report.mistakesPerQuestion.reduce((n, b) => n + b.count, 0), made.questions);
    assert.equal(report.verifyRate.reduce((n, v) => n + v.corrections, 0), made.corrections);
    const { excellent, good, poor } = report.ratings;
    assert.equal(excellent + good + poor, made.ratings);
  });

  it('stats, run status and run list print the run', () => {
    const stats = join(dir, 'stats.txt');
    assert.equal(runChild(dir, 'stats', stats).code, 0);
    assert.match(readFileSync(stats, 'utf8'), new RegExp(`/${made.paths} paths, ${made.questions} questions`));
    const status = join(dir, 'status.txt');
    assert.equal(runChild(dir, 'status', status).code, 0);
    assert.match(readFileSync(status, 'utf8'), new RegExp(`paths ${made.paths}, mistakes ${made.mistakes}, corrected ${made.mistakes}`));
    const list = join(dir, 'list.txt');
    assert.equal(runChild(dir, 'list', list).code, 0);
    assert.match(readFileSync(list, 'utf8'), new RegExp(`^${made.runId}  done .*paths ${made.paths}, corrections ${made.corrections}`, 'm'));
  });

  it('export writes every verified correction and gold solution, with its manifest', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'export', 'train.jsonl.manifest.json'), 'utf8')) as ExportManifest;
    assert.equal(manifest.sources.correction.read, made.corrections);
    assert.equal(manifest.written.gold, made.questions);
    assert.ok(manifest.written.correction > 0.8 * made.corrections);
    const lines = readFileSync(join(dir, 'export', 'train.jsonl'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, manifest.examples);
  });

  for (const command of SCALE_COMMANDS) {
    it(`${command}: peak memory growth ≤ 2× the tables (time printed)`, () => {
      const f = figure(command);
      const bytes = tableBytes(dir);
      const detail = `${f.ms.toFixed(0)} ms vs ${f.bareMs.toFixed(0)} ms; RSS +${(f.rssGrowth / 2 ** 20).toFixed(0)} MiB for ${(bytes / 2 ** 20).toFixed(0)} MiB of tables`;
      console.log(`      ${command}: ${f.timeRatio.toFixed(2)}× the bare parse in time, ${f.memoryRatio.toFixed(2)}× the tables in memory (${detail})`);
      assert.ok(f.memoryRatio <= 2, `${command} grew ${f.memoryRatio.toFixed(2)}× the tables' bytes (${detail})`);
    });
  }
});
