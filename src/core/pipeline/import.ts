/**
 * import: model outputs a researcher already has (a vLLM run, another lab's samples) become sampled
 * paths of a run, judged with the run's task exactly as the sample stage judges its own. Two shapes:
 * LEMA's inference output (one `{"samples": [...]}` line per dataset line, matched by line number)
 * and JSONL keyed by question id or question text (`{"id"|"question", "completion"|"completions"}`).
 */
import { join } from 'node:path';
import { readRecords, type Question } from '../dataset';
import { formatDiagnostic, type Diagnostic } from '../diagnostic';
import { CappedDiagnostics } from '../io/cappedDiagnostics';
import { checkUserFile } from '../io/userFile';
import { recordId } from '../ids';
import { RUN_INFO_FILE } from '../store/layout';
import { RunStore } from '../store/runStore';
import { taskById } from '../task';
import { planOf } from './config';
import { pathRecord } from './paths';
import { loadQuestions } from './questions';
import type { PathRecord } from './records';

export const IMPORT_FORMATS = ['lema-samples', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  /** Default: told apart by the first line (a `samples` array means LEMA's output). */
  format?: ImportFormat;
  /** The model that wrote the outputs, stored on each path and part of its id. Default: the run's reasoner. */
  model?: string;
  log?: (line: string) => void;
}

export interface ImportReport {
  format: ImportFormat;
  model: string;
  /** Paths written to paths.jsonl by this import. */
  imported: number;
  /** Paths already in paths.jsonl (an earlier import of the same outputs). */
  alreadyStored: number;
  /** Lines that could not be imported, each with file:line: the first 100, in file order. */
  diagnostics: Diagnostic[];
  /** All problems, counted (the file may have millions). */
  errorCount: number;
  warningCount: number;
}

/** One output line, matched to its question, with its completions in order. */
interface Outputs {
  question: Question;
  completions: string[];
}

/** What defines an imported path: the question, who wrote it, and which of its samples it is. */
function importedPathId(question: Question, model: string, sampleIndex: number): string {
  return recordId('path', { questionId: question.id, importedFrom: model, sampleIndex });
}

export async function importPaths(workspaceDir: string, runId: string, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  const log = options.log ?? ((): void => undefined);
  // Refuse a folder, FIFO or device before the run is opened and its questions loaded.
  await checkUserFile(file);
  const store = await RunStore.open(workspaceDir, runId, { onDiagnostic: (d) => log(formatDiagnostic(d)) });
  try {
    const plan = planOf(store.info, join(store.dir, RUN_INFO_FILE));
    const task = taskById(plan.task);
    const model = options.model ?? plan.models.reasoner?.model ?? 'imported';
    const { questions } = await loadQuestions(workspaceDir, plan.datasetPath, plan.task, plan.limit, log, plan.datasetSha256);
    const match = matcher(questions, plan.limit !== undefined);
    const diagnostics = new CappedDiagnostics();
    let format = options.format;
    const paths = await store.table<PathRecord>('paths');
    // Several lines may bring completions of the same question: its sample indexes go on from the last.
    const nextIndex = new Map<string, number>();
    const report = { imported: 0, alreadyStored: 0 };
    const importLine = async (row: Record<string, unknown>, line: number): Promise<void> => {
      const problem = (message: string, severity: Diagnostic['severity'] = 'error'): void => {
        diagnostics.push({ file, line, severity, message });
      };
      format ??= Array.isArray(row['samples']) ? 'lema-samples' : 'jsonl';
      const outputs = format === 'lema-samples' ? match.byLine(row, line, problem) : match.byKey(row, problem);
      if (outputs === undefined) return;
      let index = nextIndex.get(outputs.question.id) ?? 0;
      for (const completion of outputs.completions) {
        const id = importedPathId(outputs.question, model, index);
        const sampleIndex = index++;
        if (paths.has(id)) {
          report.alreadyStored++;
          continue;
        }
        const record = pathRecord(task, outputs.question, { model }, id, sampleIndex, { text: completion, finishReason: null }, { promptTokens: 0, completionTokens: 0 }, false);
        if (await paths.append(record)) report.imported++;
      }
      nextIndex.set(outputs.question.id, index);
    };
    for await (const batch of readRecords(file, { container: 'jsonl' })) {
      for (const entry of batch.entries) {
        if (entry.kind === 'diagnostic') {
          if (entry.diagnostic.message !== 'blank line; skipped') diagnostics.push(entry.diagnostic);
          continue;
        }
        await importLine(entry.record.fields, entry.record.ordinal);
      }
    }
    const beyond = match.beyondLimit();
    if (beyond > 0) diagnostics.push({ file, line: match.lastLine + 1, severity: 'warning', message: `${beyond} line${beyond === 1 ? '' : 's'} beyond the run's --limit of ${questions.length} questions were left out` });
    return { format: format ?? options.format ?? 'jsonl', model, ...report, diagnostics: diagnostics.kept, errorCount: diagnostics.errors, warningCount: diagnostics.warnings };
  } finally {
    await store.close();
  }
}

/** Finds the question an output line is about, by dataset line (LEMA) or by id or text (JSONL). */
function matcher(questions: readonly Question[], limited: boolean) {
  const byDatasetLine = new Map(questions.map((q) => [q.source.line, q]));
  const byId = new Map<string, Question>();
  const byText = new Map<string, Question>();
  for (const q of questions) {
    byId.set(q.id, q);
    const own = q.meta?.['id'];
    if ((typeof own === 'string' || typeof own === 'number') && !byId.has(String(own))) byId.set(String(own), q);
    const text = normalized(q.question);
    if (!byText.has(text)) byText.set(text, q);
  }
  const lastLine = questions.reduce((max, q) => Math.max(max, q.source.line), 0);
  let beyond = 0;
  type Problem = (message: string) => void;

  const completionsOf = (row: Record<string, unknown>, keys: readonly string[], problem: Problem): string[] | undefined => {
    const key = keys.find((k) => row[k] !== undefined);
    if (key === undefined) {
      problem(`no ${keys.map((k) => `"${k}"`).join(' or ')}: nothing to import`);
      return undefined;
    }
    const value = row[key];
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    const bad = list.findIndex((c) => typeof c !== 'string');
    if (bad >= 0) {
      problem(`"${key}"${Array.isArray(value) ? `[${bad}]` : ''} is not a string`);
      return undefined;
    }
    return list as string[];
  };

  return {
    lastLine,
    beyondLimit: (): number => beyond,
    byLine(row: Record<string, unknown>, line: number, problem: Problem): Outputs | undefined {
      const question = byDatasetLine.get(line);
      if (question === undefined) {
        if (limited && line > lastLine) beyond++;
        else problem(`line ${line} of the dataset has no question (the dataset reader skipped it), so its samples have none to belong to`);
        return undefined;
      }
      const completions = completionsOf(row, ['samples'], problem);
      return completions === undefined ? undefined : { question, completions };
    },
    byKey(row: Record<string, unknown>, problem: Problem): Outputs | undefined {
      const id = row['id'];
      const text = row['question'];
      let question: Question | undefined;
      if (typeof id === 'string' || typeof id === 'number') {
        question = byId.get(String(id));
        if (question === undefined && typeof text !== 'string') {
          problem(`no question of the run has id ${JSON.stringify(id)}${limited ? ' (within its --limit)' : ''}`);
          return undefined;
        }
      }
      if (question === undefined && typeof text === 'string') {
        question = byText.get(normalized(text));
        if (question === undefined) {
          problem(`no question of the run has this text${limited ? ' (within its --limit)' : ''}: "${text.slice(0, 60)}${text.length > 60 ? '…' : ''}"`);
          return undefined;
        }
      }
      if (question === undefined) {
        problem('no "id" or "question": say which question the completions answer');
        return undefined;
      }
      const completions = completionsOf(row, ['completions', 'completion'], problem);
      return completions === undefined ? undefined : { question, completions };
    },
  };
}

/** Question texts compared whatever their spacing. */
function normalized(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}
