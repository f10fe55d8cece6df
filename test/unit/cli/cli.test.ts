import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './capture';

const ROOT = join(__dirname, '../../..');
const DATASETS = join(ROOT, 'test/fixtures/datasets');

describe('mistakebook (command line)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mistakebook-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string): string => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  describe('help and dispatch', () => {
    it('lists every command on --help, and asks for one when given none', async () => {
      const help = await run('--help');
      assert.equal(help.code, 0);
      for (const c of ['grade', 'dataset inspect', 'prompt check']) assert.match(help.stdout, new RegExp(`\\n  ${c} +\\S`));
      const none = await run();
      assert.equal(none.code, 2);
      assert.equal(none.stdout, '');
      assert.match(none.stderr, /^Usage: mistakebook COMMAND/);
    });

    it('prints the package version', async () => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.deepEqual(await run('--version'), { code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    });

    it('gives each command its own --help', async () => {
      for (const argv of [['grade'], ['dataset', 'inspect'], ['prompt', 'check']]) {
        const r = await run(...argv, '--help');
        assert.equal(r.code, 0);
        assert.match(r.stdout, new RegExp(`^Usage: mistakebook ${argv.join(' ')} `));
        assert.match(r.stdout, /Exit code:/);
      }
    });

    it('says what a group word needs, and rejects unknown commands and options with exit code 2', async () => {
      const group = await run('dataset');
      assert.equal(group.code, 2);
      assert.match(group.stderr, /'mistakebook dataset' needs one of:\n {2}dataset inspect/);
      const unknown = await run('frobnicate');
      assert.deepEqual([unknown.code, unknown.stderr], [2, "mistakebook: unknown command 'frobnicate'\nRun 'mistakebook --help' for usage.\n"]);
      const sub = await run('dataset', 'explode');
      assert.equal(sub.code, 2);
      assert.match(sub.stderr, /unknown command 'dataset explode'/);
      const option = await run('dataset', 'inspect', 'x.jsonl', '--colour');
      assert.equal(option.code, 2);
      assert.match(option.stderr, /^mistakebook dataset inspect: Unknown option '--colour'\nRun 'mistakebook dataset inspect --help' for usage\.\n$/);
    });
  });

  describe('dataset inspect', () => {
    it('shows format, container and question count of a clean file', async () => {
      const r = await run('dataset', 'inspect', join(DATASETS, 'gsm8k.jsonl'));
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /format +GSM8K \(detected\), gold answers by the gsm8k task/);
      assert.match(r.stdout, /container +JSON Lines/);
      assert.match(r.stdout, /questions +3\n/);
      assert.match(r.stdout, /problems +0 errors, 0 warnings/);
    });

    it('lists each problem as FILE:LINE and exits 1 when some records did not load', async () => {
      const file = join(DATASETS, 'messy.jsonl');
      const r = await run('dataset', 'inspect', file);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /questions +2\n/);
      assert.match(r.stdout, /problems +4 errors, 2 warnings/);
      for (const line of [1, 2, 3, 4, 5, 7]) assert.ok(r.stdout.includes(`${file}:${line}`), `line ${line}`);
      assert.ok(r.stdout.includes(`${file}:3:23: error: line is not valid JSON: Expected ','`));
    });

    it('takes a field mapping and prints JSON', async () => {
      const r = await run('dataset', 'inspect', join(DATASETS, 'generic.json'), '--fields', 'question=q,answer=gold,id=uid', '--json');
      assert.equal(r.code, 0);
      const summary = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(
        { format: summary['format'], detected: summary['detected'], container: summary['container'], questions: summary['questionCount'] },
        { format: 'generic', detected: false, container: 'json', questions: 2 },
      );
    });

    it('caps the printed problems and says how many more there are', async () => {
      const lines = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? '{oops' : JSON.stringify({ question: `Q${i}?`, answer: `#### ${i}` })));
      const r = await run('dataset', 'inspect', write('many-bad.jsonl', lines.join('\n') + '\n'));
      assert.equal(r.code, 1);
      assert.equal(r.stdout.split('\n').filter((l) => l.includes('many-bad.jsonl:')).length, 15);
      const flood = Array.from({ length: 60 }, (_, i) => (i % 4 === 0 ? JSON.stringify({ question: `Q${i}?`, answer: `#### ${i}` }) : '[]'));
      const capped = await run('dataset', 'inspect', write('flood.jsonl', flood.join('\n') + '\n'));
      assert.equal(capped.stdout.split('\n').filter((l) => l.includes('flood.jsonl:')).length, 20);
      assert.match(capped.stdout, /… and 25 more \(use --json for the first 45\)/);
    });

    it('rejects a bad --format or --fields, and names a file it cannot read', async () => {
      const format = await run('dataset', 'inspect', 'x.jsonl', '--format', 'squad');
      assert.equal(format.code, 2);
      assert.match(format.stderr, /--format must be one of gsm8k, math, lema, csqa, generic, processbench \(got 'squad'\)/);
      const fields = await run('dataset', 'inspect', 'x.jsonl', '--fields', 'q=question');
      assert.equal(fields.code, 2);
      assert.match(fields.stderr, /--fields: 'q=question' should be KEY=FIELD/);
      const missing = await run('dataset', 'inspect', join(dir, 'nope.jsonl'));
      assert.equal(missing.code, 1);
      assert.equal(missing.stderr, `mistakebook dataset inspect: cannot read '${join(dir, 'nope.jsonl')}': no such file\n`);
    });
  });

  describe('grade', () => {
    const lines = [
      { id: 'a', completion: 'So 3 * 4 = 12. The answer is 12.', gold: '12' },
      { id: 'b', completion: 'The answer is 1,000.', gold: 1000 },
      { id: 'c', completion: 'I think it is 7.', gold: '8' },
      { id: 'd', completion: 'No idea.', gold: '3' },
    ];

    it('writes each line back with answer and correct, and the accuracy after the output file is in place', async () => {
      const input = write('paths.jsonl', lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      const output = join(dir, 'graded.jsonl');
      const r = await run('grade', '--task', 'gsm8k', '--input', input, '--output', output);
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'accuracy 50.00%: 2 of 4 correct; 1 wrong for giving no answer\n');
      const graded = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(graded.map((g) => [g['id'], g['answer'], g['correct']]), [['a', '12', true], ['b', '1000', true], ['c', '7', false], ['d', null, false]]);
      assert.deepEqual(Object.keys(graded[0] ?? {}), ['id', 'completion', 'gold', 'answer', 'correct']);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    });

    it('writes to standard output without --output, with the accuracy and bad lines on standard error', async () => {
      const input = write('paths-bad.jsonl', [JSON.stringify(lines[0]), '{"completion": "The answer is 2."}', 'not json', JSON.stringify(lines[2])].join('\n') + '\n');
      const r = await run('grade', '--task', 'gsm8k', '--input', input);
      assert.equal(r.code, 1);
      assert.equal(r.stdout.trim().split('\n').length, 2);
      assert.deepEqual(r.stderr.split('\n'), [
        `${input}:2: error: missing field 'gold'; not graded`,
        `${input}:3: error: line is not valid JSON: Unexpected token 'o', "not json" is not valid JSON; skipped`,
        'accuracy 50.00%: 1 of 2 correct; 2 lines not graded',
        '',
      ]);
    });

    it('grades multiple choice against the candidates, and requires them', async () => {
      const candidates = ['bank', 'library', 'mall'];
      const input = write('mc.jsonl', [
        JSON.stringify({ completion: 'A bank keeps money safe. So the answer is bank.', gold: 'bank', candidates }),
        JSON.stringify({ completion: 'The answer is mall.', gold: 'library', candidates }),
        JSON.stringify({ completion: 'The answer is mall.', gold: 'mall' }),
      ].join('\n'));
      const r = await run('grade', '--task', 'mc', '--input', input);
      assert.equal(r.code, 1);
      const graded = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.deepEqual(graded.map((g) => [g['answer'], g['correct']]), [['bank', true], ['mall', false]]);
      assert.match(r.stderr, /mc\.jsonl:3: error: multiple-choice lines need 'candidates'/);
    });

    it('grades MATH answers by meaning', async () => {
      const input = write('math.jsonl', JSON.stringify({ completion: 'So $x = \\boxed{\\dfrac{1}{2}}$.', gold: '0.5' }) + '\n');
      const r = await run('grade', '--task', 'math', '--input', input);
      assert.equal(r.code, 0);
      assert.equal((JSON.parse(r.stdout) as { correct: boolean }).correct, true);
    });

    it('refuses to overwrite its input and needs --task and --input', async () => {
      const input = write('same.jsonl', '{}\n');
      const same = await run('grade', '--task', 'gsm8k', '--input', input, '--output', input);
      assert.equal(same.code, 2);
      assert.match(same.stderr, /--output must not be the input file/);
      assert.equal(readFileSync(input, 'utf8'), '{}\n');
      assert.match((await run('grade', '--input', input)).stderr, /missing --task \(gsm8k, math, mc\)/);
      assert.match((await run('grade', '--task', 'gsm8k')).stderr, /missing --input/);
    });

    it('leaves no output file when the input cannot be read', async () => {
      const output = join(dir, 'never.jsonl');
      const r = await run('grade', '--task', 'gsm8k', '--input', join(dir, 'absent.jsonl'), '--output', output);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /cannot read '.*absent\.jsonl': no such file/);
      assert.equal(existsSync(output), false);
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    });
  });

  describe('prompt check', () => {
    const example = (n: number, incorrect: string): string => `Question: Lee buys ${n} pens at $3 each and pays with a $20 bill. How much change does he get?
Original Solution: {
Step 1: The pens cost 3 * ${n} = ${3 * n} dollars.
Step 2: His change is 20 + ${3 * n} = ${20 + 3 * n} dollars.
Step 3: The answer is ${20 + 3 * n}.
}
Incorrect Step: ${incorrect}
Explanation: Change is what is left after paying, so the cost must be taken away from the $20, not added to it.
Correct Solution: {
...
Step 2: His change is 20 - ${3 * n} = ${20 - 3 * n} dollars.
Step 3: The answer is ${20 - 3 * n}.
}
`;
    const instruction = 'For the following math word problems, the original solutions may contain errors. Identify the incorrect step, explain why it is wrong, and give the correct solution from that step on.\n\n';

    it('lists the examples of a good prompt and exits 0', async () => {
      const file = write('good.fewshot.txt', `${instruction}${example(4, 'Step 2.')}\n${example(5, 'Step 2.')}`);
      const r = await run('prompt', 'check', file);
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /: 2 examples \(steps\), 0 errors, 0 warnings\n/);
      assert.match(r.stdout, /example 1 +lines 3-15 +3 steps, incorrect step 2, 2 corrected +"Lee buys 4 pens/);
      const json = JSON.parse((await run('prompt', 'check', file, '--json')).stdout) as { examples: unknown[]; lines?: unknown };
      assert.equal(json.examples.length, 2);
      assert.equal(json.lines, undefined);
    });

    it('reports errors with file, line and column, and exits 1', async () => {
      const file = write('bad.fewshot.txt', `${instruction}${example(4, 'Step 9.')}`);
      const r = await run('prompt', 'check', file);
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9:\\d+: error: `));
    });
  });

  it('runs as a program: npx tsx src/cli/main.ts', function () {
    this.timeout(60000);
    const ok = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'dataset', 'inspect', 'test/fixtures/datasets/lema-test.jsonl'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /format +LEMA prompt\/completion \(detected\)/);
    assert.match(ok.stdout, /questions +2\n/);
    const bad = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'grade', '--task', 'nope'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--task must be one of gsm8k, math, mc/);
    // A reader that stops early (| head) ends the output quietly, with no EPIPE error.
    const lines = Array.from({ length: 50000 }, (_, i) => JSON.stringify({ completion: `The answer is ${i}.`, gold: i }));
    const input = write('many.jsonl', lines.join('\n'));
    const piped = spawnSync('bash', ['-c', `npx tsx src/cli/main.ts grade --task gsm8k --input '${input}' | head -1; echo "status \${PIPESTATUS[0]}"`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(piped.stdout, `${JSON.stringify({ completion: 'The answer is 0.', gold: 0, answer: '0', correct: true })}\nstatus 0\n`);
    assert.equal(piped.stderr, '');
  });
});
