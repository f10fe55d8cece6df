/** Reading and writing a few-shot prompt file (P_c). */
import type { Diagnostic } from '../diagnostic';
import { MAX_KEPT_DIAGNOSTICS } from '../io/cappedDiagnostics';
import { readExamples } from './examples';
import { joinLines, splitLines, visibleText } from './lines';
import type { FewShotPrompt } from './prompt';
import { scanPrompt } from './syntax';

/** Never throws: every problem in the file is a diagnostic, and what can be read is read. */
export function parsePrompt(text: string, file = 'prompt.fewshot.txt'): FewShotPrompt {
  const lines = splitLines(text);
  const syntax = scanPrompt(lines, file);
  const diagnostics = [...syntax.diagnostics];
  const report = (severity: Diagnostic['severity'], line: number, column: number, message: string): void => {
    diagnostics.push({ file, line, column, severity, message });
  };
  const examples = readExamples(syntax.examples, syntax.format, report);
  reportUndecodable(lines, report);
  diagnostics.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  if (text.trim() === '') {
    // "No example found" is true but beside the point: there is nothing at all.
    diagnostics.splice(0, diagnostics.length, { file, line: 1, column: 1, severity: 'error', message: `the prompt file is empty${text === '' ? '' : ' (only blank lines)'}: write an instruction, then examples starting with 'Question: …'` });
  }

  const range = syntax.instructionRange;
  const instruction = range
    ? lines
        .slice(range.startLine - 1, range.endLine)
        .map((_, i) => visibleText(lines, range.startLine - 1 + i).trimEnd())
        .join('\n')
        .trim()
    : '';
  return { file, format: syntax.format, lines, instruction, instructionRange: range, examples, ...capped(diagnostics, file) };
}

/**
 * The first MAX_KEPT_DIAGNOSTICS diagnostics and one more that counts the rest (an error if any of
 * them is), so a file of garbage does not print megabytes of problems and none is hidden silently.
 */
function capped(all: Diagnostic[], file: string): Pick<FewShotPrompt, 'diagnostics' | 'problemCounts'> {
  const problemCounts = { errors: all.filter((d) => d.severity === 'error').length, warnings: 0 };
  problemCounts.warnings = all.length - problemCounts.errors;
  if (all.length <= MAX_KEPT_DIAGNOSTICS) return { diagnostics: all, problemCounts };
  const kept = all.slice(0, MAX_KEPT_DIAGNOSTICS);
  const rest = all.slice(MAX_KEPT_DIAGNOSTICS);
  const errors = rest.filter((d) => d.severity === 'error').length;
  const first = rest[0] as Diagnostic;
  kept.push({
    file,
    line: first.line,
    ...(first.column === undefined ? {} : { column: first.column }),
    severity: errors > 0 ? 'error' : 'warning',
    message: `… and ${rest.length} more problems from here on (${errors} errors, ${rest.length - errors} warnings), not listed; fix the ones above first`,
  });
  return { diagnostics: kept, problemCounts };
}

/**
 * Bytes that are not UTF-8 reach us (from `readFile(…, 'utf8')` or the editor) as U+FFFD. The prompt
 * would go to the corrector with those characters in it, so each line that has one is an error.
 */
function reportUndecodable(lines: readonly { text: string }[], report: (s: Diagnostic['severity'], line: number, column: number, message: string) => void): void {
  lines.forEach((line, i) => {
    const at = line.text.indexOf('\uFFFD');
    if (at >= 0) report('error', i + 1, at + 1, 'bytes that are not valid UTF-8 (shown as \uFFFD); save the file as UTF-8');
  });
}

/** The file again, byte for byte: the parse keeps every line with its own ending. */
export function printPrompt(prompt: Pick<FewShotPrompt, 'lines'>): string {
  return joinLines(prompt.lines);
}
