/**
 * Issue 8, bad input: every broken dataset and few-shot prompt in test/fixtures/bad gets its
 * diagnostic (file:line, severity, reason) from the CLI, the right exit code, and never a crash.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BAD_DATASETS as DATASETS, BAD_PROMPTS as PROMPTS, e, type Case } from '../../hardening/badInputCases';
import { run, type Ran } from '../cli/capture';

const ROOT = join(__dirname, '../../..');
const BAD = join(ROOT, 'test/fixtures/bad');
interface JsonDiagnostic {
  file: string;
  line: number;
  column?: number;
  severity: string;
  message: string;
}

/** A stack trace line, as an uncaught exception would print. */
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each expected diagnostic shows as FILE:LINE[:COL]: severity: reason, and nothing else is reported. */
function assertText(r: Ran, file: string, c: Case): void {
  const reported = r.stdout.split('\n').filter((l) => l.startsWith(`${file}:`) && /: (error|warning): /.test(l));
  for (const d of c.diagnostics) {
    const where = `${escape(file)}:${d.line}${d.column === undefined ? '(?::\\d+)?' : `:${d.column}`}`;
    const pattern = new RegExp(`^${where}: ${d.severity}: .*${d.reason.source}`);
    assert.ok(reported.some((l) => pattern.test(l)), `${c.file}: expected ${pattern} in\n${r.stdout}`);
  }
  assert.equal(reported.length, c.diagnostics.length, `${c.file}: other diagnostics reported:\n${r.stdout}`);
}

/** The --json output holds the same diagnostics, with the file, line and column as fields. */
function assertJson(diagnostics: JsonDiagnostic[], file: string, c: Case): void {
  assert.equal(diagnostics.length, c.diagnostics.length, `${c.file}: ${JSON.stringify(diagnostics, null, 1)}`);
  for (const d of c.diagnostics) {
    const found = diagnostics.some(
      (j) => j.file === file && j.line === d.line && j.severity === d.severity && d.reason.test(j.message) && (d.column === undefined || j.column === d.column),
    );
    assert.ok(found, `${c.file}: no JSON diagnostic at line ${d.line} matching ${d.reason}`);
  }
}

function exitCodeOf(c: Case): number {
  return c.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

describe('hardening: bad input corpus', () => {
  // Any exception escaping the CLI while these run fails the suite.
  const escaped: unknown[] = [];
  const onEscape = (error: unknown): void => {
    escaped.push(error);
  };
  let dir: string;
  before(() => {
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    dir = mkdtempSync(join(tmpdir(), 'mistakebook-bad-'));
    // Too big to keep in the repository: a 10 MiB record between two good ones, in both containers.
    const q = (i: number): string => JSON.stringify({ question: `What is ${i} plus ${i}?`, answer: `#### ${2 * i}` });
    const huge = JSON.stringify({ question: 'x'.repeat(10 * 1024 * 1024), answer: '#### 2' });
    writeFileSync(join(dir, 'ten-mb-line.jsonl'), `${q(1)}\n${huge}\n${q(3)}\n`);
    writeFileSync(join(dir, 'ten-mb-element.json'), `[${q(1)},\n${huge},\n${q(3)}]\n`);
  });
  after(() => {
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(escaped, [], 'an exception escaped the CLI');
  });

  const GENERATED: Case[] = [
    { file: 'ten-mb-line.jsonl', questions: 2, diagnostics: [e(2, /line is 10\.0 MiB, over the 4\.0 MiB limit/)] },
    { file: 'ten-mb-element.json', questions: 2, diagnostics: [e(2, /element 2 is 10\.0 MiB, over the 4\.0 MiB limit/)] },
  ];

  describe('mistakebook dataset inspect', () => {
    for (const c of [...DATASETS, ...GENERATED]) {
      it(`${c.file}: ${c.diagnostics.length === 0 ? 'loads cleanly' : c.diagnostics.map((d) => `${d.severity} at line ${d.line}`).join(', ')}`, async () => {
        const file = GENERATED.includes(c) ? join(dir, c.file) : join(BAD, 'datasets', c.file);
        const text = await run('dataset', 'inspect', file);
        assert.equal(text.code, exitCodeOf(c), `${c.file}: exit code\n${text.stdout}${text.stderr}`);
        assert.equal(text.stderr, '');
        assertText(text, file, c);
        const json = await run('dataset', 'inspect', file, '--json');
        assert.equal(json.code, exitCodeOf(c));
        const summary = JSON.parse(json.stdout) as { questionCount: number; errorCount: number; warningCount: number; diagnostics: JsonDiagnostic[] };
        assert.equal(summary.questionCount, c.questions, `${c.file}: questions that still load`);
        assert.equal(summary.errorCount + summary.warningCount, c.diagnostics.length);
        assertJson(summary.diagnostics, file, c);
      });
    }
  });

  describe('mistakebook prompt check', () => {
    for (const c of PROMPTS) {
      it(`${c.file}: ${c.diagnostics.map((d) => `${d.severity} at ${d.line}:${d.column ?? '?'}`).join(', ')}`, async () => {
        const file = join(BAD, 'prompts', c.file);
        const text = await run('prompt', 'check', file);
        assert.equal(text.code, exitCodeOf(c), `${c.file}: exit code\n${text.stdout}${text.stderr}`);
        assert.equal(text.stderr, '');
        assertText(text, file, c);
        const json = await run('prompt', 'check', file, '--json');
        assert.equal(json.code, exitCodeOf(c));
        assertJson((JSON.parse(json.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics, file, c);
      });
    }
  });

  describe('files that cannot be read', () => {
    for (const argv of [['dataset', 'inspect'], ['prompt', 'check']]) {
      it(`${argv.join(' ')}: a missing file and a folder are one line naming the path, exit code 1`, async () => {
        for (const path of [join(dir, 'no-such-file.jsonl'), dir]) {
          const r = await run(...argv, path);
          assert.equal(r.code, 1);
          assert.equal(r.stdout, '');
          assert.match(r.stderr, new RegExp(`^mistakebook ${argv.join(' ')}: .*'${escape(path)}'.*\\n$`), r.stderr);
          assert.doesNotMatch(r.stderr, STACK);
        }
      });
    }
  });

  describe('as a child process (the real executable, no in-process catch)', () => {
    const cli = (...argv: string[]): { status: number | null; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...argv], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    it('dataset inspect on the 10 MB line: the diagnostic, exit code 1, no stack trace', () => {
      const file = join(dir, 'ten-mb-line.jsonl');
      const r = cli('dataset', 'inspect', file);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, new RegExp(`^${escape(file)}:2: error: line is 10\\.0 MiB`, 'm'));
      assert.match(r.stdout, /questions {2}2\n/);
      assert.equal(r.stderr, '');
    });

    it('prompt check on a prompt with unbalanced braces: the diagnostic, exit code 1, no stack trace', () => {
      const file = join(BAD, 'prompts', 'unclosed-original.fewshot.txt');
      const r = cli('prompt', 'check', file);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, new RegExp(`^${escape(file)}:5:1: error: this '\\{' is never closed`, 'm'));
      assert.equal(r.stderr, '');
    });
  });
});
