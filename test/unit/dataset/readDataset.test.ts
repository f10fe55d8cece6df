import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataset, type DatasetRecord, type ReadDatasetOptions } from '../../../src/core/dataset/readDataset';
import type { Question } from '../../../src/core/dataset/question';
import type { Diagnostic } from '../../../src/core/diagnostic';
import { formatDiagnostic } from '../../../src/core/diagnostic';

const FIXTURES = join(__dirname, '../../fixtures/datasets');

async function readAll(file: string, options?: ReadDatasetOptions): Promise<{ records: DatasetRecord[]; questions: Question[]; diagnostics: Diagnostic[] }> {
  const records: DatasetRecord[] = [];
  for await (const r of readDataset(file, options)) records.push(r);
  return {
    records,
    questions: records.flatMap((r) => (r.kind === 'question' ? [r.question] : [])),
    diagnostics: records.flatMap((r) => (r.kind === 'diagnostic' ? [r.diagnostic] : [])),
  };
}

function formatOf(records: DatasetRecord[]): unknown {
  const f = records.find((r) => r.kind === 'format');
  return f && f.kind === 'format' ? { format: f.format, detected: f.detected, task: f.task, container: f.container } : undefined;
}

describe('readDataset', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mistakebook-dataset-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer): string => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('reads GSM8K: question, "#### n" gold answer, the solution, 1-based lines', async () => {
    const file = join(FIXTURES, 'gsm8k.jsonl');
    const { records, questions, diagnostics } = await readAll(file);
    assert.deepEqual(formatOf(records), { format: 'gsm8k', detected: true, task: 'gsm8k', container: 'jsonl' });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(questions.map((q) => [q.source.line, q.goldAnswer]), [[1, '21'], [2, '33'], [3, '1300']]);
    assert.match(questions[0]?.question ?? '', /^Mara packs 4 boxes/);
    assert.match(questions[0]?.goldSolution ?? '', /#### 21$/);
    assert.equal(records[0]?.kind, 'format', 'the format comes first');
  });

  it('reads MATH: gold answer from the last \\boxed{}, level and type kept', async () => {
    const { records, questions, diagnostics } = await readAll(join(FIXTURES, 'math.jsonl'));
    assert.deepEqual(formatOf(records), { format: 'math', detected: true, task: 'math', container: 'jsonl' });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(questions.map((q) => q.goldAnswer), ['\\frac{3}{4}', '32']);
    assert.deepEqual(questions[0]?.meta, { level: 'Level 1', type: 'Prealgebra' });
  });

  it('reads LEMA prompt/completion files: the question out of the prompt, gold from the completion or the answer field', async () => {
    const { records, questions, diagnostics } = await readAll(join(FIXTURES, 'lema-test.jsonl'));
    assert.deepEqual(formatOf(records), { format: 'lema', detected: true, task: 'gsm8k', container: 'jsonl' });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(questions.map((q) => [q.question, q.goldAnswer]), [
      ['Ana has 7 stickers and gets 5 more. How many stickers does she have?', '12'],
      ['A rope of 20 m is cut into 4 equal pieces. How long is each piece?', '5'],
    ]);
    assert.match(String(questions[0]?.meta?.['prompt']), /^Please solve the following math problem\.\nQuestion: Ana/);
    assert.equal(questions[1]?.goldSolution, undefined);
  });

  it('reads CSQA-style multiple choice from a prompt or a plain question', async () => {
    const { records, questions, diagnostics } = await readAll(join(FIXTURES, 'csqa.jsonl'));
    assert.deepEqual(formatOf(records), { format: 'csqa', detected: true, task: 'mc', container: 'jsonl' });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(questions.map((q) => [q.question, q.goldAnswer, q.candidates?.length]), [
      ['Where would you keep milk cold?', 'refrigerator', 5],
      ['What do you use to write on paper?', 'pencil', 3],
    ]);
  });

  it('reads a JSON array with a field mapping and the dataset\'s own ids; lines are element indexes', async () => {
    const file = join(FIXTURES, 'generic.json');
    const { records, questions, diagnostics } = await readAll(file, { fields: { question: 'q', answer: 'gold', id: 'uid' } });
    assert.deepEqual(formatOf(records), { format: 'generic', detected: false, task: 'gsm8k', container: 'json' });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(questions.map((q) => [q.id, q.source.line, q.goldAnswer]), [['p-1', 1, '5'], ['p-2', 2, '9']]);
    assert.match(questions[0]?.question ?? '', /"tricky" \[brackets\] and \{braces\}/);
  });

  it('gives the same ids on every read, different ids to different questions, and numbers repeats', async () => {
    const line = (q: string, a: string): string => JSON.stringify({ question: q, answer: `#### ${a}` });
    const file = write('dups.jsonl', [line('A?', '1'), line('B?', '2'), line('A?', '1'), line('A?', '3'), line('A?', '1')].join('\n') + '\n');
    const first = await readAll(file);
    const second = await readAll(file);
    const ids = first.questions.map((q) => q.id);
    assert.deepEqual(ids, second.questions.map((q) => q.id));
    assert.match(ids[0] ?? '', /^[0-9a-f]{16}$/);
    assert.equal(new Set(ids).size, 5);
    assert.deepEqual([ids[2], ids[4]], [`${ids[0]}-2`, `${ids[0]}-3`]);
    assert.notEqual(ids[3], ids[0], 'a different gold answer is a different question');
    assert.deepEqual(first.diagnostics.map(formatDiagnostic), [
      `${file}:3: warning: the same question and answer as line 1; kept as question ${ids[0]}-2`,
      `${file}:5: warning: the same question and answer as line 1; kept as question ${ids[0]}-3`,
    ]);
    // Ids depend on content, not position: a line inserted above changes none of them.
    const shifted = write('dups-shifted.jsonl', `${line('New?', '9')}\n${[line('A?', '1'), line('B?', '2')].join('\n')}\n`);
    const moved = await readAll(shifted);
    assert.deepEqual(moved.questions.slice(1).map((q) => q.id), ids.slice(0, 2));
  });

  it('turns every kind of bad input into a diagnostic with file and line, and loads the rest', async () => {
    const file = join(FIXTURES, 'messy.jsonl');
    const { questions, diagnostics } = await readAll(file);
    assert.deepEqual(questions.map((q) => [q.source.line, q.goldAnswer]), [[1, '4'], [6, '5']]);
    const lines = diagnostics.map((d) => `${d.line} ${d.severity}`);
    assert.deepEqual(lines, ['1 warning', '2 warning', '3 error', '4 error', '5 error', '7 error']);
    const byLine = new Map(diagnostics.map((d) => [d.line, d.message]));
    assert.match(byLine.get(1) ?? '', /byte-order mark/);
    assert.match(byLine.get(2) ?? '', /blank line/);
    assert.match(byLine.get(3) ?? '', /not valid JSON/);
    assert.match(byLine.get(4) ?? '', /is an array, not a JSON object/);
    assert.match(byLine.get(5) ?? '', /missing field 'answer'/);
    assert.match(byLine.get(7) ?? '', /last line is cut off/);
    assert.ok(diagnostics.every((d) => d.file === file));
    assert.equal(byLine.get(3), "line is not valid JSON: Expected ',' or '}' after property value; skipped");
    assert.equal(diagnostics.find((d) => d.line === 3)?.column, 23, 'the column of the JSON error');
  });

  it('skips a 10 MB line and invalid UTF-8, keeping the lines around them', async () => {
    const good = (n: number): string => JSON.stringify({ question: `Q${n}?`, answer: `#### ${n}` });
    const huge = JSON.stringify({ question: 'x'.repeat(10 * 1024 * 1024), answer: '#### 1' });
    const file = write('hostile.jsonl', Buffer.concat([
      Buffer.from(`${good(1)}\n${huge}\n${good(3)}\n{"question": "caf`),
      Buffer.from([0xe9]),
      Buffer.from(`", "answer": "#### 4"}\n${good(5)}\n`),
    ]));
    const { questions, diagnostics } = await readAll(file);
    assert.deepEqual(questions.map((q) => q.source.line), [1, 3, 5]);
    assert.deepEqual(diagnostics.map((d) => [d.line, d.severity]), [[2, 'error'], [4, 'error']]);
    assert.match(diagnostics[0]?.message ?? '', /line is 10\.0 MiB, over the 4\.0 MiB limit/);
    assert.match(diagnostics[1]?.message ?? '', /not valid UTF-8/);
  });

  it('says a file is empty, also when it holds only a BOM and blank lines', async () => {
    for (const content of ['', '\n\n  \n', '\ufeff']) {
      const { records } = await readAll(write('empty.jsonl', content));
      assert.ok(
        records.some((r) => r.kind === 'diagnostic' && r.diagnostic.severity === 'error' && /the file is empty/.test(r.diagnostic.message)),
        JSON.stringify(content),
      );
      assert.ok(!records.some((r) => r.kind === 'question'));
    }
  });

  it('explains a file that holds one pretty-printed object instead of records', async () => {
    const file = write('object.json', JSON.stringify({ data: [{ question: 'Q?', answer: '#### 1' }] }, null, 2));
    const { questions, diagnostics } = await readAll(file);
    assert.equal(questions.length, 0);
    assert.match(diagnostics[0]?.message ?? '', /^line is not valid JSON: .*The file looks like one pretty-printed JSON object/);
  });

  it('reports lines that are not objects: numbers, strings, null', async () => {
    const file = write('scalars.jsonl', '42\n"text"\nnull\n{"question": "Q?", "answer": "#### 1"}\n');
    const { questions, diagnostics } = await readAll(file);
    assert.equal(questions.length, 1);
    assert.deepEqual(diagnostics.map((d) => d.message.split(',')[0]), ['line is a number', 'line is a string', 'line is null']);
  });

  it('reports a record whose gold answer cannot be found', async () => {
    const file = write('nogold.jsonl', '{"question": "Q?", "answer": "no marker here #### 3"}\n{"question": "R?", "answer": "#### "}\n');
    const { questions, diagnostics } = await readAll(file, { format: 'gsm8k' });
    assert.equal(questions.length, 1);
    assert.match(diagnostics[0]?.message ?? '', /^no final answer \('#### n'\) in field 'answer'; skipped/);
    assert.equal(diagnostics[0]?.line, 2);
  });

  it('says when the format cannot be told, and loads nothing', async () => {
    const file = write('unknown.jsonl', '{"text": "a", "label": 1}\n{"text": "b", "label": 2}\n');
    const { records } = await readAll(file);
    assert.equal(records.length, 1);
    const [only] = records;
    assert.ok(only?.kind === 'diagnostic');
    assert.match(formatDiagnostic(only.diagnostic), /unknown\.jsonl:1: error: cannot tell the dataset format .*\(fields: text, label\)/);
  });

  it('decides the format by the majority of the first records', async () => {
    const rows = [{ question: 'Q0?', answer: '7' }, ...Array.from({ length: 4 }, (_, i) => ({ question: `Q${i + 1}?`, answer: `#### ${i}` }))];
    const file = write('vote.jsonl', rows.map((r) => JSON.stringify(r)).join('\n'));
    const { records, questions, diagnostics } = await readAll(file);
    assert.equal((formatOf(records) as { format: string }).format, 'gsm8k');
    assert.equal(questions.length, 4);
    assert.equal(diagnostics[0]?.line, 1);
  });

  it('plain question/answer files read as generic with the answer as gold; a user format overrides detection', async () => {
    const file = write('plain.jsonl', '{"question": "Q?", "answer": "42"}\n');
    const plain = await readAll(file);
    assert.deepEqual(formatOf(plain.records), { format: 'generic', detected: true, task: 'gsm8k', container: 'jsonl' });
    assert.equal(plain.questions[0]?.goldAnswer, '42');
    const forced = await readAll(file, { format: 'gsm8k' });
    assert.equal(forced.questions.length, 0);
    assert.equal(forced.diagnostics.length, 1);
  });

  it('streams past the detection sample in file order', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => (i === 30 ? '{"problem": "P30", "solution": }' : JSON.stringify({ problem: `P${i}`, solution: `\\boxed{${i}}` })));
    const file = write('long.json', `[${rows.join(',\n')}]`);
    const { questions, diagnostics, records } = await readAll(file);
    assert.deepEqual(formatOf(records), { format: 'math', detected: true, task: 'math', container: 'json' });
    assert.equal(questions.length, 59);
    assert.deepEqual(questions.slice(28, 31).map((q) => q.goldAnswer), ['28', '29', '31']);
    assert.deepEqual(diagnostics.map((d) => d.line), [31]);
    assert.match(diagnostics[0]?.message ?? '', /^element 31 is not valid JSON/);
  });

  it('points at a JSON array element whose brackets do not balance, keeping the elements before it', async () => {
    const file = write('unbalanced.json', '[\n{"question": "A?", "answer": "#### 1"},\n{"question": "B?", "answer": "#### 2",\n{"question": "C?", "answer": "#### 3"}\n]\n');
    const { questions, diagnostics } = await readAll(file);
    assert.deepEqual(questions.map((q) => q.goldAnswer), ['1']);
    assert.deepEqual(diagnostics.map((d) => [d.line, d.severity]), [[3, 'error']]);
    assert.match(diagnostics[0]?.message ?? '', /^element 2 never closes before the end of the file/);
  });

  it('uses MATH rules for LEMA files whose completions box their answers', async () => {
    const file = write('lema-math.jsonl', JSON.stringify({ prompt: 'Question: Simplify 2/4.\nAnswer:', completion: 'So it is $\\boxed{\\frac{1}{2}}$. The answer is $\\frac{1}{2}$.' }) + '\n');
    const { records, questions } = await readAll(file);
    assert.equal((formatOf(records) as { task: string }).task, 'math');
    assert.equal(questions[0]?.goldAnswer, '\\frac{1}{2}');
  });

  it('stops reading when the caller stops', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ question: `Q${i}?`, answer: `#### ${i}` }));
    const file = write('stop.jsonl', rows.join('\n'));
    let n = 0;
    for await (const r of readDataset(file)) if (r.kind === 'question' && ++n === 3) break;
    assert.equal(n, 3);
  });

  it('keeps the ids other tools and the run store already hold (SHA-256 of question NUL gold, candidates by U+0001)', async () => {
    const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
    const gsm8k = (await readAll(join(FIXTURES, 'gsm8k.jsonl'))).questions;
    assert.deepEqual(gsm8k.map((q) => q.id), ['78d70df52e4fe916', '396bf74bc6fad61e', 'a7a94e5e307b4ec8']);
    assert.deepEqual(gsm8k.map((q) => q.id), gsm8k.map((q) => sha(`${q.question}\u0000${q.goldAnswer}`)));
    const csqa = (await readAll(join(FIXTURES, 'csqa.jsonl'))).questions;
    assert.deepEqual(csqa.map((q) => q.id), ['62d66f69aaaa4efa', '82a6e5389ae7a6a3']);
    assert.deepEqual(csqa.map((q) => q.id), csqa.map((q) => sha(`${q.question}\u0000${q.goldAnswer}\u0000${(q.candidates ?? []).join('\u0001')}`)));
    assert.deepEqual((await readAll(join(FIXTURES, 'math.jsonl'))).questions.map((q) => q.id), ['fe2d3a3a76993ecf', 'fc41b858766c45cd']);
    assert.deepEqual((await readAll(join(FIXTURES, 'lema-test.jsonl'))).questions.map((q) => q.id), ['978010fe71607d72', '731eb9e19a32bc43']);
  });

  it('reads the gold answer after the last "####" however the line around it is written', async () => {
    const cases: [string, string | null][] = [
      ['#### 18', '18'],
      ['####18', '18'],
      ['#### -5', '-5'],
      ['#### 007', '007'],
      ['#### 42 \r', '42'],
      ['#### 12\n\n', '12'],
      ['##### 5', '5'],
      ['#### 3 #### 4', '4'],
      ['#### 7\n#### none', '7'],
      ['#### 12\nThanks!', '12'],
      ['#### 1,000', '1000'],
      ['#### $18.00', '18'],
      ['#### 2.50', '2.5'],
      ['#### 1 1/2', '1 1/2'],
      ['#### 18 dollars', '18'],
      ['#### 1234567890123456', '1234567890123456'],
      ['#### -', null],
      ['The total is 18', null],
    ];
    const lines = cases.map(([tail], i) => JSON.stringify({ question: `Q${i}?`, answer: `Work <<2*3=6>>6.\n${tail}` }));
    const file = write('tails.jsonl', lines.join('\n') + '\n');
    const { questions, diagnostics } = await readAll(file, { format: 'gsm8k' });
    const gold = new Map(questions.map((q) => [q.source.line, q.goldAnswer]));
    assert.deepEqual(cases.map((_, i) => gold.get(i + 1) ?? null), cases.map(([, expected]) => expected));
    assert.deepEqual(diagnostics.map((d) => d.line), [17, 18]);
  });

  it('hands out every record once and in order when the caller asks for several at a time', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ question: `Q${i}?`, answer: `#### ${i}` }));
    const file = write('overlap.jsonl', rows.join('\n'));
    const reader = readDataset(file);
    const steps = await Promise.all(Array.from({ length: 3005 }, () => reader.next()));
    const lines = steps.flatMap((s) => (s.done !== true && s.value.kind === 'question' ? [s.value.question.source.line] : []));
    assert.deepEqual(lines, rows.map((_, i) => i + 1));
    assert.equal(steps[0]?.value?.kind, 'format');
    assert.deepEqual(steps.slice(3001).map((s) => s.done), [true, true, true, true]);
  });

  it('throws with the path when the file cannot be read', async () => {
    await assert.rejects(readAll(join(dir, 'missing.jsonl')), /cannot read '.*missing\.jsonl': no such file/);
  });
});
