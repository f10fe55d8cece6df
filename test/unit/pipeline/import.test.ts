import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDataset, type Question } from '../../../src/core/dataset';
import { createRun, importPaths, readMistakes, runStages, type CorrectionRecord, type PathRecord } from '../../../src/core/pipeline';
import { KEY, makeFixture, rows, type Fixture } from './fixture';

/** A worked path ending in `answer`, in the shape a GSM8K model writes. */
function path(answer: string): string {
  return `First add up what is there.\nThat makes ${answer} in all.\nThe answer is ${answer}.`;
}

async function datasetQuestions(file: string): Promise<Question[]> {
  const questions: Question[] = [];
  for await (const record of readDataset(file, { task: 'gsm8k' })) if (record.kind === 'question') questions.push(record.question);
  return questions;
}

describe('pipeline: import model outputs as sampled paths', function () {
  this.timeout(20_000);
  let fx: Fixture;
  afterEach(async () => fx.close());

  it("imports LEMA's inference output line by line, judged with the run's task; bad lines get file:line; a rerun adds nothing", async () => {
    fx = await makeFixture({ questions: 6 });
    const runId = await createRun(fx.config({ samplesPerQuestion: 2 }));
    const file = join(fx.dir, 'outputs.jsonl');
    const lines = fx.entries.map((e) => JSON.stringify({ samples: [path(e.goldAnswer), path(String(Number(e.goldAnswer) + 1))] }));
    lines[2] = '{"samples": [oops';
    lines[4] = '{"samples": ["fine", 7]}';
    writeFileSync(file, lines.join('\n') + '\n');

    const first = await importPaths(fx.dir, runId, file, { model: 'llama-2-70b' });
    assert.equal(first.format, 'lema-samples');
    assert.equal(first.imported, 4 * 2);
    assert.deepEqual(
      first.diagnostics.map((d) => [d.file, d.line, d.severity]),
      [
        [file, 3, 'error'],
        [file, 5, 'error'],
      ],
    );
    assert.match(first.diagnostics[0]?.message ?? '', /line is not valid JSON/);
    assert.match(first.diagnostics[1]?.message ?? '', /"samples"\[1\] is not a string/);

    const paths = rows<PathRecord>(fx.dir, runId, 'paths');
    assert.equal(paths.length, 8);
    for (const p of paths) {
      assert.equal(p.model, 'llama-2-70b');
      assert.equal(p.task, 'gsm8k');
      assert.equal(p.correct, p.sampleIndex === 0, `sample ${p.sampleIndex} of ${p.question}`);
      assert.equal(p.answer, p.sampleIndex === 0 ? p.goldAnswer : String(Number(p.goldAnswer) + 1));
      assert.equal(p.steps.length, 3);
    }
    // Line order: line 4 of the output is about line 4 of the dataset.
    assert.ok(paths.some((p) => p.question === fx.entries[3]?.question));
    assert.ok(!paths.some((p) => p.question === fx.entries[2]?.question));
    // The wrong ones are the run's mistakes, ready for the correct stage.
    const mistakes = await readMistakes(fx.dir, runId);
    assert.equal(mistakes.length, 4);

    const again = await importPaths(fx.dir, runId, file, { model: 'llama-2-70b' });
    assert.equal(again.imported, 0);
    assert.equal(again.alreadyStored, 8);
    assert.equal(rows<PathRecord>(fx.dir, runId, 'paths').length, 8);
    // Another model's outputs are other paths.
    const other = await importPaths(fx.dir, runId, file, { model: 'mistral-7b' });
    assert.equal(other.imported, 8);
    assert.equal(new Set(rows<PathRecord>(fx.dir, runId, 'paths').map((p) => p.id)).size, 16);
    assert.equal(fx.fake.requests.length, 0, 'import asks no model');

    // The correct stage takes imported mistakes like sampled ones.
    const corrected = await runStages(fx.dir, runId, ['correct'], { apiKeys: { corrector: KEY }, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    assert.equal(corrected.stages.correct?.state, 'done', corrected.stages.correct?.message);
    const corrections = rows<CorrectionRecord>(fx.dir, runId, 'corrections');
    assert.equal(corrections.length, 8, 'one per mistake of either model');
    assert.ok(corrections.filter((c) => c.verified).length > 0);
    assert.ok(fx.fake.requests.every((r) => r.model === 'corrector'));
  });

  it('imports JSONL keyed by question id or text, one or many completions per line, sample indexes going on across lines', async () => {
    fx = await makeFixture({ questions: 4 });
    const runId = await createRun(fx.config({ samplesPerQuestion: 2 }));
    const [q0, q1, q2] = await datasetQuestions(fx.dataset);
    assert.ok(q0 && q1 && q2);
    const file = join(fx.dir, 'vllm.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: q0.id, completions: [path(q0.goldAnswer), path('1')] }),
        JSON.stringify({ question: `  ${q1.question.replace(/ /g, '  ')}\n`, completion: path('2') }),
        '',
        JSON.stringify({ question: q1.question, completion: path(q1.goldAnswer) }),
        JSON.stringify({ id: 'no-such-question', completion: path('3') }),
        JSON.stringify({ question: q2.question }),
        JSON.stringify({ completion: path('4') }),
        '[1, 2]',
      ].join('\n') + '\n',
    );
    const report = await importPaths(fx.dir, runId, file, { model: 'm' });
    assert.equal(report.format, 'jsonl');
    assert.equal(report.imported, 4);
    assert.deepEqual(
      report.diagnostics.map((d) => d.line),
      [5, 6, 7, 8],
    );
    assert.match(report.diagnostics[0]?.message ?? '', /no question of the run has id "no-such-question"/);
    assert.match(report.diagnostics[1]?.message ?? '', /no "completions" or "completion"/);
    assert.match(report.diagnostics[2]?.message ?? '', /no "id" or "question"/);
    assert.match(report.diagnostics[3]?.message ?? '', /not a JSON object with named fields/);

    const paths = rows<PathRecord>(fx.dir, runId, 'paths');
    const of = (q: Question): Array<[number, boolean]> => paths.filter((p) => p.questionId === q.id).map((p) => [p.sampleIndex, p.correct]);
    assert.deepEqual(of(q0), [
      [0, true],
      [1, false],
    ]);
    assert.deepEqual(of(q1), [
      [0, false],
      [1, true],
    ]);
    const again = await importPaths(fx.dir, runId, file, { model: 'm' });
    assert.equal(again.imported, 0);
    assert.equal(rows<PathRecord>(fx.dir, runId, 'paths').length, 4);
  });

  it("keeps to the run's --limit, and --format overrides the guess", async () => {
    fx = await makeFixture({ questions: 6 });
    const runId = await createRun(fx.config({ samplesPerQuestion: 1, limit: 4 }));
    const file = join(fx.dir, 'outputs.jsonl');
    writeFileSync(file, fx.entries.map((e) => JSON.stringify({ samples: [path(e.goldAnswer)] })).join('\n'));
    const asJsonl = await importPaths(fx.dir, runId, file, { format: 'jsonl' });
    assert.equal(asJsonl.imported, 0);
    assert.equal(asJsonl.diagnostics.length, 6);

    const report = await importPaths(fx.dir, runId, file);
    assert.equal(report.imported, 4);
    assert.equal(report.model, 'reasoner', "the run's reasoner by default");
    assert.deepEqual(
      report.diagnostics.map((d) => [d.line, d.severity]),
      [[5, 'warning']],
    );
    assert.match(report.diagnostics[0]?.message ?? '', /2 lines beyond the run's --limit of 4 questions/);
  });
});
