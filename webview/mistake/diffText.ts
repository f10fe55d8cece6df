/**
 * A replacement step shown as itself — formulas typeset, calculator annotations tidy — with the words the
 * correction added highlighted and the words it removed struck through where they stood. The diff is over
 * raw text, so an added range that touches a formula or an annotation marks the whole of it.
 */
import type { DiffPiece } from '../../src/shared/protocol';
import { appendAll, h } from '../ui/dom';
import { collapsible } from './collapsible';
import { pieceLength, previewPieces, splitPieces, type PieceOptions } from './pieces';
import { PREVIEW, renderPiece } from './richText';

interface Marks {
  /** [from, to) ranges of the corrected text that the correction added. */
  added: [number, number][];
  /** Removed text and the offset in the corrected text where it stood. */
  removed: { at: number; text: string }[];
}

export function diffText(diff: readonly DiffPiece[], corrected: string, options: PieceOptions): HTMLElement {
  const holder = document.createElement('div');
  holder.className = 'rich-text step-text diff';
  const marks = marksOf(diff);
  // A step rewritten from scratch stands whole beside the original; striking all of it only adds noise.
  const removedChars = marks.removed.reduce((n, r) => n + r.text.length, 0);
  const originalChars = diff.reduce((n, d) => n + (d.added ? 0 : d.value.length), 0);
  if (removedChars * 2 > originalChars) marks.removed = [];
  const preview = previewPieces(corrected, options, PREVIEW);
  if (preview === undefined) appendAll(holder, diffNodes(corrected, options, marks, corrected.length));
  else collapsible(holder, { preview: () => diffNodes(corrected, options, marks, preview.end), whole: () => diffNodes(corrected, options, marks, corrected.length), hidden: corrected.length - preview.end });
  return holder;
}

/** The corrected text up to `end`, with its marks (removals past `end` are left for the whole text). */
function diffNodes(corrected: string, options: PieceOptions, marks: Marks, end: number): Node[] {
  const nodes: Node[] = [];
  let offset = 0;
  let nextRemoval = 0;
  const removalsUpTo = (to: number, inclusive: boolean): void => {
    for (let r = marks.removed[nextRemoval]; r !== undefined && (r.at < to || (inclusive && r.at === to)); r = marks.removed[++nextRemoval]) nodes.push(struck(r.text));
  };
  for (const piece of splitPieces(corrected, options)) {
    if (offset >= end) break;
    const length = pieceLength(piece);
    if (piece.kind === 'text') {
      appendText(nodes, piece.text.slice(0, end - offset), offset, marks, (at) => removalsUpTo(at, true));
    } else {
      removalsUpTo(offset + length, false);
      const shown = renderPiece(piece);
      nodes.push(overlaps(marks.added, offset, offset + length) ? added(shown) : shown);
    }
    offset += length;
  }
  if (end >= corrected.length) removalsUpTo(Number.POSITIVE_INFINITY, true);
  return nodes;
}

function marksOf(diff: readonly DiffPiece[]): Marks {
  const marks: Marks = { added: [], removed: [] };
  let at = 0;
  for (const piece of diff) {
    if (piece.removed) {
      marks.removed.push({ at, text: piece.value });
      continue;
    }
    if (piece.added) marks.added.push([at, at + piece.value.length]);
    at += piece.value.length;
  }
  return marks;
}

/** Plain text cut at the edges of added ranges and at removal points. */
function appendText(nodes: Node[], text: string, start: number, marks: Marks, removalsUpTo: (at: number) => void): void {
  const cuts = new Set<number>([start, start + text.length]);
  for (const [from, to] of marks.added) for (const c of [from, to]) if (c > start && c < start + text.length) cuts.add(c);
  for (const r of marks.removed) if (r.at > start && r.at < start + text.length) cuts.add(r.at);
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] ?? 0;
    const to = points[i + 1] ?? 0;
    removalsUpTo(from);
    const node = document.createTextNode(text.slice(from - start, to - start));
    nodes.push(overlaps(marks.added, from, to) ? added(node) : node);
  }
}

function overlaps(ranges: readonly [number, number][], from: number, to: number): boolean {
  return ranges.some(([a, b]) => a < to && b > from);
}

function added(content: Node): HTMLElement {
  const ins = h('ins', { title: 'added by the correction' });
  ins.append(content);
  return ins;
}

function struck(text: string): HTMLElement {
  return h('del', { title: 'removed by the correction' }, text);
}
