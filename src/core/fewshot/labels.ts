/** The labels of the two LEMA layouts, in the order an example must give them. */
import type { PromptFormat, SectionName } from './prompt';

export interface LabelSpec {
  name: SectionName;
  /** The label as the layout writes it. */
  label: string;
  /** Other spellings we read without complaint. */
  aliases: readonly string[];
  /** Block sections hold a solution or an answer, optionally wrapped in braces. */
  kind: 'text' | 'block';
}

const QUESTION: LabelSpec = { name: 'question', label: 'Question', aliases: [], kind: 'text' };

export const LAYOUTS: Record<PromptFormat, readonly LabelSpec[]> = {
  steps: [
    QUESTION,
    { name: 'originalSolution', label: 'Original Solution', aliases: [], kind: 'block' },
    { name: 'incorrectStep', label: 'Incorrect Step', aliases: [], kind: 'text' },
    { name: 'explanation', label: 'Explanation', aliases: [], kind: 'text' },
    { name: 'correctSolution', label: 'Correct Solution', aliases: ['Corrected Solution'], kind: 'block' },
  ],
  'multiple-choice': [
    QUESTION,
    { name: 'candidateAnswers', label: 'Candidate Answers', aliases: [], kind: 'text' },
    { name: 'originalAnswer', label: 'Original Answer', aliases: [], kind: 'block' },
    { name: 'mistakes', label: 'Mistakes', aliases: [], kind: 'text' },
    { name: 'correctedAnswer', label: 'Corrected Answer', aliases: [], kind: 'block' },
  ],
};

export interface LabelMatch {
  spec: LabelSpec;
  format: PromptFormat | 'both';
  /** As written, without the colon. */
  written: string;
  /** Written exactly as the layout (or an alias) spells it; otherwise only the case differs. */
  exact: boolean;
  /** 1-based column of the label's first letter. */
  column: number;
  /** 0-based offset just after the colon. */
  restStart: number;
}

/** Up to four words and a colon at the start of a line: what a label looks like. */
const LABEL_SHAPE = /^(\s*)([A-Za-z]+(?: [A-Za-z]+){0,3})[ \t]*:/;

export function matchLabel(text: string): LabelMatch | null {
  const m = LABEL_SHAPE.exec(text);
  if (!m) return null;
  const indent = m[1] ?? '';
  const written = m[2] ?? '';
  const lower = written.toLowerCase();
  for (const format of ['steps', 'multiple-choice'] as const) {
    for (const spec of LAYOUTS[format]) {
      const spellings = [spec.label, ...spec.aliases];
      if (!spellings.some((s) => s.toLowerCase() === lower)) continue;
      return {
        spec,
        format: spec === QUESTION ? 'both' : format,
        written,
        exact: spellings.includes(written),
        column: indent.length + 1,
        restStart: m[0].length,
      };
    }
  }
  return null;
}

/**
 * A capitalised word or two and a colon ("Answer:", "Note:") that is no label of ours: worth a
 * warning, since the corrector would read it as a section the layout does not have.
 */
export function looksLikeUnknownLabel(text: string): { written: string; column: number } | null {
  const m = /^(\s*)([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}):(?=\s|$)/.exec(text);
  if (!m) return null;
  return { written: m[2] ?? '', column: (m[1] ?? '').length + 1 };
}

export function orderOf(format: PromptFormat, name: SectionName): number {
  return LAYOUTS[format].findIndex((s) => s.name === name);
}
