/** Reading and writing a few-shot prompt file (P_c). */
import type { Diagnostic } from '../diagnostic';
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

  const range = syntax.instructionRange;
  const instruction = range
    ? lines
        .slice(range.startLine - 1, range.endLine)
        .map((_, i) => visibleText(lines, range.startLine - 1 + i).trimEnd())
        .join('\n')
        .trim()
    : '';
  return { file, format: syntax.format, lines, instruction, instructionRange: range, examples, diagnostics };
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
