/**
 * A prompt file as lines that remember their own line ending, so a file can be cut into
 * examples and put back together byte for byte (CRLF, a missing final newline, trailing spaces).
 */

export interface SourceLine {
  /** The line without its ending (a byte-order mark stays on line 1, as in the file). */
  text: string;
  /** '\n', '\r\n', '\r', or '' for a last line with no ending. */
  eol: string;
}

export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  const ending = /\r\n|\n|\r/g;
  let from = 0;
  for (const m of text.matchAll(ending)) {
    lines.push({ text: text.slice(from, m.index), eol: m[0] });
    from = m.index + m[0].length;
  }
  // A file that ends with a newline has no extra empty line after it.
  if (from < text.length || lines.length === 0) lines.push({ text: text.slice(from), eol: '' });
  return lines;
}

export function joinLines(lines: readonly SourceLine[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}

/** The line ending most lines use; '\n' for a file with none. */
export function dominantEol(lines: readonly SourceLine[]): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (const l of lines) {
    if (l.eol === '\r\n') crlf++;
    else if (l.eol === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Line text as an editor shows it: no byte-order mark, so columns match what the user sees. */
export function visibleText(lines: readonly SourceLine[], index: number): string {
  const text = lines[index]?.text ?? '';
  return index === 0 && text.startsWith('\uFEFF') ? text.slice(1) : text;
}
