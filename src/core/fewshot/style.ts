/**
 * How a prompt file writes its examples (line endings, blank lines between examples, braces,
 * label spellings), so that what we add or render looks like what the researcher wrote.
 */
import { LAYOUTS } from './labels';
import { dominantEol } from './lines';
import type { BlockStyle, FewShotPrompt, SectionName } from './prompt';

export interface PromptStyle {
  eol: '\n' | '\r\n';
  /** Blank lines between two examples. */
  gap: number;
  block: BlockStyle;
  /** The label each section is written with ("Correct Solution" or "Corrected Solution"). */
  labels: Record<SectionName, string>;
  elision: string;
  finalNewline: boolean;
}

export function detectStyle(prompt: FewShotPrompt): PromptStyle {
  const [first, second] = prompt.examples;
  const labels = canonicalLabels();
  for (const s of first?.sections ?? []) {
    const spec = LAYOUTS[prompt.format].find((l) => l.name === s.name);
    if (spec?.aliases.includes(s.label)) labels[s.name] = s.label;
  }
  const last = prompt.lines.at(-1);
  return {
    eol: dominantEol(prompt.lines),
    gap: first && second ? Math.max(0, second.range.startLine - first.range.endLine - 1) : 1,
    block: first?.sections.find((s) => s.block !== undefined)?.block ?? 'lines',
    labels,
    elision: prompt.lines.some((l) => l.text.trim() === '…') ? '…' : '...',
    // An empty file counts as ending in a newline, so the first example it gets ends in one.
    finalNewline: last === undefined || last.eol !== '' || (prompt.lines.length === 1 && last.text === ''),
  };
}

function canonicalLabels(): Record<SectionName, string> {
  const labels = {} as Record<SectionName, string>;
  for (const format of ['steps', 'multiple-choice'] as const) {
    for (const spec of LAYOUTS[format]) labels[spec.name] = spec.label;
  }
  return labels;
}

/** A labelled block in the file's brace style; `body` is its lines. */
export function blockLines(label: string, body: readonly string[], style: BlockStyle): string[] {
  if (style === 'none') return [`${label}:`, ...body];
  if (style === 'lines') return [`${label}:`, '{', ...body, '}'];
  const [head = '', ...rest] = body;
  if (rest.length === 0) return [`${label}: {${head}}`];
  return [`${label}: {${head}`, ...rest.slice(0, -1), `${rest.at(-1) ?? ''}}`];
}

export function textLines(label: string, text: string): string[] {
  return `${label}: ${text}`.split('\n');
}
