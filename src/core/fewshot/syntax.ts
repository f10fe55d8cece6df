/**
 * The first pass over a prompt file: which lines belong to the instruction, to which example and
 * to which labelled section, and whether the braces of each block balance. What the sections say
 * (step numbers, the incorrect step) is checked afterwards, in examples.ts.
 */
import type { Diagnostic } from '../diagnostic';
import { LAYOUTS, looksLikeUnknownLabel, matchLabel, orderOf, type LabelMatch, type LabelSpec } from './labels';
import { visibleText, type SourceLine } from './lines';
import type { BlockStyle, LineRange, PromptFormat } from './prompt';

/** A piece of a section's text: a line from `column` (1-based) on. */
export interface ContentLine {
  line: number;
  column: number;
  text: string;
}

export interface RawSection {
  spec: LabelSpec;
  written: string;
  range: LineRange;
  block?: BlockStyle;
  content: ContentLine[];
}

export interface RawExample {
  sections: RawSection[];
  range: LineRange;
}

export interface PromptSyntax {
  format: PromptFormat;
  instructionRange: LineRange | null;
  examples: RawExample[];
  diagnostics: Diagnostic[];
}

/** Where the parser is inside the current section. */
type Mode =
  | { kind: 'text' }
  | { kind: 'bare' }
  /**
   * Inside braces. A block opened on its own line closes at a line that is just '}'; one opened
   * on the label line ("Original Answer: {…") closes at the brace that brings `depth` back to 0,
   * so LaTeX braces inside it ($\{1, 2\}$) do not close it.
   */
  | { kind: 'braced'; inline: boolean; depth: number; openLine: number; openColumn: number }
  /** After a block's closing brace: only blank lines or the next label may follow. */
  | { kind: 'closed' }
  /** Under a label of the other layout: already reported, so its lines are skipped quietly. */
  | { kind: 'foreign' };

export function scanPrompt(lines: readonly SourceLine[], file: string): PromptSyntax {
  return new Scanner(lines, file).scan();
}

class Scanner {
  private readonly diagnostics: Diagnostic[] = [];
  private format: PromptFormat | null = null;
  private formatSeenAt = 0;
  private instructionRange: LineRange | null = null;
  private readonly examples: RawExample[] = [];
  private example: RawExample | null = null;
  private section: RawSection | null = null;
  private mode: Mode = { kind: 'text' };

  constructor(
    private readonly lines: readonly SourceLine[],
    private readonly file: string,
  ) {}

  scan(): PromptSyntax {
    for (let index = 0; index < this.lines.length; index++) index = this.scanLine(index);
    this.closeUnbalanced();
    this.finishExample();
    if (this.examples.length === 0) {
      this.report('error', 1, 1, "no example found; an example starts with a line 'Question: …' after the instruction");
    }
    return { format: this.format ?? 'steps', instructionRange: this.instructionRange, examples: this.examples, diagnostics: this.diagnostics };
  }

  /** Reads the line at `index`; returns the index of the last line it consumed. */
  private scanLine(index: number): number {
    const lineNo = index + 1;
    const text = visibleText(this.lines, index);
    const trimmed = text.trim();
    const indent = text.length - text.trimStart().length;
    const label = this.labelAt(text, lineNo);
    const match = label === 'foreign' ? null : label;

    const mode = this.mode;
    if (mode.kind === 'braced') {
      if (match) {
        this.closeUnbalanced();
      } else {
        const close = mode.inline ? closingBrace(text, mode) : trimmed === '}' ? text.indexOf('}') : -1;
        if (close !== -1) {
          const body = text.slice(indent, close);
          if (body.trim() !== '') this.section?.content.push({ line: lineNo, column: indent + 1, text: body });
          this.own(lineNo);
          this.mode = { kind: 'closed' };
        } else {
          this.section?.content.push({ line: lineNo, column: indent + 1, text: text.slice(indent) });
          if (trimmed) this.own(lineNo);
        }
        return index;
      }
    }

    if (match) return this.startSection(match, lineNo, index);
    if (label === 'foreign') {
      this.own(lineNo);
      this.mode = { kind: 'foreign' };
      return index;
    }

    if (!this.example) {
      if (trimmed) this.instructionRange = { startLine: this.instructionRange?.startLine ?? lineNo, endLine: lineNo };
      return index;
    }
    if (!trimmed) {
      if (this.mode.kind !== 'closed') this.section?.content.push({ line: lineNo, column: 1, text: '' });
      return index;
    }
    this.own(lineNo);
    if (this.mode.kind === 'foreign') return index;
    if (trimmed === '}') {
      this.report('error', lineNo, indent + 1, "this '}' closes no block; remove it or add the '{' it belongs to");
    } else if (trimmed === '{') {
      this.report('error', lineNo, indent + 1, "this '{' opens no block; only solutions and answers take braces, right after their label");
    } else if (this.mode.kind === 'closed') {
      this.report('warning', lineNo, indent + 1, "text after the block's closing '}' belongs to no section; move it inside the braces or remove it");
    } else {
      if (this.mode.kind === 'text') this.checkUnknownLabel(text, lineNo);
      this.section?.content.push({ line: lineNo, column: indent + 1, text: text.slice(indent) });
    }
    return index;
  }

  /** A known label of this file's layout; the first one that is not 'Question:' fixes the layout. */
  private labelAt(text: string, lineNo: number): LabelMatch | 'foreign' | null {
    const match = matchLabel(text);
    if (!match || match.format === 'both') return match;
    if (this.format === null) {
      this.format = match.format;
      this.formatSeenAt = lineNo;
      return match;
    }
    if (match.format === this.format) return match;
    const mine = this.format === 'steps' ? 'step' : 'multiple-choice';
    const theirs = match.format === 'steps' ? 'step' : 'multiple-choice';
    this.report(
      'error',
      lineNo,
      match.column,
      `'${match.spec.label}:' belongs to the ${theirs} layout, but this file uses the ${mine} layout (line ${this.formatSeenAt}); use one layout per file`,
    );
    return 'foreign';
  }

  private checkUnknownLabel(text: string, lineNo: number): void {
    const unknown = looksLikeUnknownLabel(text);
    if (!unknown) return;
    const known = this.layout()
      .map((s) => `'${s.label}:'`)
      .join(', ');
    this.report('warning', lineNo, unknown.column, `unknown label '${unknown.written}:'; this layout's labels are ${known}`);
  }

  private startSection(match: LabelMatch, lineNo: number, index: number): number {
    const order = this.orderOf(match.spec);
    const previous = this.example?.sections.at(-1);
    const reached = previous ? this.orderOf(previous.spec) : -1;
    if (this.example && order === reached) {
      this.report('error', lineNo, match.column, `a second '${match.spec.label}:' in one example; merge the two or start a new example with 'Question:'`);
      this.own(lineNo);
      return index;
    }
    let example = this.example;
    if (!example || order < reached) {
      this.finishExample();
      example = { sections: [], range: { startLine: lineNo, endLine: lineNo } };
      this.examples.push(example);
      this.example = example;
      for (let k = 0; k < order; k++) {
        this.report('error', lineNo, match.column, `missing ${this.labelOf(k)} before '${match.spec.label}:'; every example starts with 'Question:'`);
      }
    } else {
      for (let k = reached + 1; k < order; k++) {
        this.report('error', lineNo, match.column, `missing ${this.labelOf(k)} before '${match.spec.label}:'`);
      }
    }
    if (!match.exact) {
      this.report('warning', lineNo, match.column, `write '${match.spec.label}:' as the layout spells it, not '${match.written}:'`);
    }
    const section: RawSection = { spec: match.spec, written: match.written, range: { startLine: lineNo, endLine: lineNo }, content: [] };
    example.sections.push(section);
    example.range.endLine = lineNo;
    this.section = section;

    const text = visibleText(this.lines, index);
    const restOffset = match.restStart + (/^\s*/.exec(text.slice(match.restStart))?.[0].length ?? 0);
    const rest = text.slice(restOffset).trimEnd();
    const restColumn = restOffset + 1;
    if (match.spec.kind === 'text') {
      this.mode = { kind: 'text' };
      if (rest) section.content.push({ line: lineNo, column: restColumn, text: rest });
      return index;
    }
    if (rest === '') {
      const next = visibleText(this.lines, index + 1);
      if (index + 1 < this.lines.length && next.trim() === '{') {
        section.block = 'lines';
        this.mode = { kind: 'braced', inline: false, depth: 1, openLine: lineNo + 1, openColumn: next.indexOf('{') + 1 };
        this.own(lineNo + 1);
        return index + 1;
      }
      section.block = 'none';
      this.mode = { kind: 'bare' };
      return index;
    }
    if (!rest.startsWith('{')) {
      section.block = 'none';
      section.content.push({ line: lineNo, column: restColumn, text: rest });
      this.mode = { kind: 'bare' };
      return index;
    }
    const inner = rest.slice(1);
    if (inner.trim() === '') {
      section.block = 'lines';
      this.mode = { kind: 'braced', inline: false, depth: 1, openLine: lineNo, openColumn: restColumn };
      return index;
    }
    section.block = 'inline';
    const braced: Mode = { kind: 'braced', inline: true, depth: 1, openLine: lineNo, openColumn: restColumn };
    const close = closingBrace(inner, braced);
    section.content.push({ line: lineNo, column: restColumn + 1, text: close === -1 ? inner : inner.slice(0, close) });
    this.mode = close === -1 ? braced : { kind: 'closed' };
    const after = close === -1 ? '' : inner.slice(close + 1);
    if (after.trim() !== '') {
      const column = restColumn + close + 2 + (after.length - after.trimStart().length);
      this.report('warning', lineNo, column, "text after the block's closing '}' belongs to no section; move it inside the braces or remove it");
    }
    return index;
  }

  private finishExample(): void {
    const example = this.example;
    if (!example) return;
    const last = example.sections.at(-1);
    const reached = last ? this.orderOf(last.spec) : -1;
    // An example whose incorrect step is "None." has nothing to correct: it may end after its explanation.
    const incorrect = example.sections.find((s) => s.spec.name === 'incorrectStep');
    const needed = incorrect !== undefined && saysNoWrongStep(incorrect) ? this.layout().findIndex((s) => s.name === 'correctSolution') : this.layout().length;
    for (let k = reached + 1; k < needed; k++) {
      this.report('error', example.range.endLine, 1, `this example ends without ${this.labelOf(k)}; add it after ${this.labelOf(k - 1)}`);
    }
    this.example = null;
    this.section = null;
  }

  private closeUnbalanced(): void {
    if (this.mode.kind !== 'braced') return;
    this.report('error', this.mode.openLine, this.mode.openColumn, "this '{' is never closed; add a line with '}' at the end of the block");
    this.mode = { kind: 'closed' };
  }

  /** Marks a non-blank line as part of the current section and example. */
  private own(line: number): void {
    if (this.section) this.section.range.endLine = line;
    if (this.example) this.example.range.endLine = line;
  }

  private layout(): readonly LabelSpec[] {
    return LAYOUTS[this.format ?? 'steps'];
  }

  private orderOf(spec: LabelSpec): number {
    return orderOf(this.format ?? 'steps', spec.name);
  }

  private labelOf(order: number): string {
    return `'${this.layout()[order]?.label ?? '?'}:'`;
  }

  private report(severity: Diagnostic['severity'], line: number, column: number, message: string): void {
    this.diagnostics.push({ file: this.file, line, column, severity, message });
  }
}

/** Index of the '}' that closes the open block, or -1; counts the braces it passes in `mode`. */
function closingBrace(text: string, mode: { depth: number }): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') mode.depth++;
    else if (text[i] === '}' && --mode.depth === 0) return i;
  }
  return -1;
}

/** "Incorrect Step: None." — the documented way an example says its solution has no wrong step. */
export function saysNoWrongStep(section: Pick<RawSection, 'content'>): boolean {
  return /^None\.?$/i.test(section.content.map((c) => c.text.trim()).join(' ').trim());
}
