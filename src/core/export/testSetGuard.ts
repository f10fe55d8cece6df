/**
 * Train/test hygiene: a question of a chosen test set must never be trained on. Questions match
 * after normalising what does not change a question (Unicode form, case, spacing), so a copy with
 * different line breaks is still caught.
 */
import { readDataset } from '../dataset';
import type { Diagnostic } from '../diagnostic';
import type { TrainingExample } from './example';

export function normalizeQuestion(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface TestQuestion {
  file: string;
  line: number;
  question: string;
}

export async function readTestQuestions(file: string, onDiagnostic: (d: Diagnostic) => void): Promise<TestQuestion[]> {
  const out: TestQuestion[] = [];
  for await (const record of readDataset(file)) {
    if (record.kind === 'diagnostic') onDiagnostic(record.diagnostic);
    else if (record.kind === 'question') out.push({ file, line: record.question.source.line, question: record.question.question });
  }
  return out;
}

/** A training example whose question is in a test set (only what the refusal names of the example). */
export interface Overlap {
  example: Pick<TrainingExample, 'questionId' | 'source' | 'runId' | 'question'>;
  test: TestQuestion;
}

/** Looks questions up in the test sets, after normalising them. */
export function testLookup(tests: readonly TestQuestion[]): (question: string) => TestQuestion | undefined {
  const byText = new Map<string, TestQuestion>();
  for (const t of tests) {
    const key = normalizeQuestion(t.question);
    if (!byText.has(key)) byText.set(key, t);
  }
  return (question) => (byText.size === 0 ? undefined : byText.get(normalizeQuestion(question)));
}

/** How many overlapping items the message lists before only counting. */
const LISTED = 10;

/** The export is refused; the message names each item and where the test set has it. */
export class TestSetOverlapError extends Error {
  constructor(readonly overlap: readonly Overlap[]) {
    const questions = new Set(overlap.map((o) => o.example.questionId));
    const lines = overlap.slice(0, LISTED).map(({ example, test }) => {
      const text = example.question.length > 70 ? `${example.question.slice(0, 67)}…` : example.question;
      return `  ${test.file}:${test.line}: question ${example.questionId} (${example.source}, run ${example.runId}): "${text.replace(/\s+/g, ' ')}"`;
    });
    if (overlap.length > LISTED) lines.push(`  … and ${overlap.length - LISTED} more`);
    super(
      `refusing to export: ${questions.size} question${questions.size === 1 ? '' : 's'} of the test set would be trained on (${overlap.length} example${overlap.length === 1 ? '' : 's'}):\n${lines.join('\n')}\n` +
        'Leave those runs or tasks out, or choose a different test set; a model trained on its test questions gives a meaningless score.',
    );
  }
}
