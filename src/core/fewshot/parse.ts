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

/** The file again, byte for byte: the parse keeps every line with its own ending. */
export function printPrompt(prompt: Pick<FewShotPrompt, 'lines'>): string {
  return joinLines(prompt.lines);
}
