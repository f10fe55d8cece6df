/**
 * The shape of a prompt file in the editor: each example folds, and the outline and breadcrumbs
 * list the examples with their sections, all from the core's example and section ranges.
 */
import * as vscode from 'vscode';
import type { Context } from '../context';
import type { FewShotExample } from '../../core/fewshot';
import { fewShotSelector, headline, lineRange, parsedPrompt } from './language';

export function registerOutline(ctx: Pick<Context, 'track'>): void {
  ctx.track(
    vscode.languages.registerFoldingRangeProvider(fewShotSelector, { provideFoldingRanges }),
    vscode.languages.registerDocumentSymbolProvider(fewShotSelector, { provideDocumentSymbols }, { label: 'Few-shot examples' }),
  );
}

function provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
  const prompt = parsedPrompt(document);
  const ranges: vscode.FoldingRange[] = [];
  const add = (r: { startLine: number; endLine: number }): void => {
    if (r.endLine > r.startLine) ranges.push(new vscode.FoldingRange(r.startLine - 1, r.endLine - 1, vscode.FoldingRangeKind.Region));
  };
  if (prompt.instructionRange) add(prompt.instructionRange);
  for (const example of prompt.examples) {
    add(example.range);
    // A long solution folds on its own, so the question and explanation stay in view.
    example.sections.forEach((s) => add(s.range));
  }
  return ranges;
}

function provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
  const prompt = parsedPrompt(document);
  const symbols: vscode.DocumentSymbol[] = [];
  if (prompt.instructionRange) {
    const range = lineRange(document, prompt.instructionRange);
    symbols.push(new vscode.DocumentSymbol('Instruction', headline(prompt.instruction, 6), vscode.SymbolKind.String, range, range));
  }
  for (const example of prompt.examples) symbols.push(exampleSymbol(document, example));
  return symbols;
}

function exampleSymbol(document: vscode.TextDocument, example: FewShotExample): vscode.DocumentSymbol {
  const range = lineRange(document, example.range);
  const first = document.lineAt(example.range.startLine - 1).range;
  const symbol = new vscode.DocumentSymbol(`Example ${example.index + 1}`, headline(example.question), vscode.SymbolKind.Object, range, first);
  symbol.children = example.sections.map((s) => {
    const sectionRange = lineRange(document, s.range);
    const line = document.lineAt(s.range.startLine - 1);
    const labelStart = line.text.indexOf(s.label);
    const selection =
      labelStart < 0 ? line.range : new vscode.Range(line.lineNumber, labelStart, line.lineNumber, labelStart + s.label.length);
    return new vscode.DocumentSymbol(s.label, sectionDetail(example, s.name), vscode.SymbolKind.Field, sectionRange, selection);
  });
  return symbol;
}

/** A hint beside a section in the outline: what the section says in a word or two. */
function sectionDetail(example: FewShotExample, name: string): string {
  if (example.format !== 'steps') return '';
  if (name === 'originalSolution') return `${example.originalSteps.length} steps`;
  if (name === 'incorrectStep') return example.incorrectStep === null ? '' : `Step ${example.incorrectStep}`;
  if (name === 'correctSolution' && example.correctedFrom !== null) return `from Step ${example.correctedFrom}`;
  return '';
}
