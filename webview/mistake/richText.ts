/**
 * Puts untrusted text into the page: plain text as text nodes, formulas through `katex.render` into an
 * element (never `renderToString` into HTML), with trust off and limits on macro expansion. A formula that
 * KaTeX refuses shows as its source text.
 */
import katex from 'katex';
import { collapsible } from './collapsible';
import { LONGEST_FORMULA, previewPieces, splitPieces, type Piece, type PieceOptions, type PreviewLimits } from './pieces';
import { appendAll } from '../ui/dom';

/**
 * Long questions, steps and explanations start collapsed to their first lines (one looping model output
 * must not make the page thousands of pixels tall); past a few lines more, it is not worth hiding.
 */
export const PREVIEW: PreviewLimits = { collapseChars: 1_500, collapseLines: 16, previewChars: 600, previewLines: 8 };
/**
 * An expanded text shows a piece at a time, with a button for the next: laying out a megabyte-long line
 * at once freezes the page for seconds.
 */
const SHOWN_AT_ONCE = 20_000;
/**
 * KaTeX's own caps: a size a formula asks for (`\rule{100em}{100em}`, `\hspace`) is at most this many em,
 * and macros expand at most this often (`\def\a{\a\a}\a`). Negative sizes (`\kern-100em`) are not
 * capped by KaTeX; the view's CSS clips every formula to its own box.
 */
const KATEX_MAX_SIZE = 5;
const KATEX_MAX_EXPAND = 200;
/**
 * Formulas typeset before the first paint (about the header and the first steps); the rest are typeset as
 * they come near the viewport, the rest of the first screen a frame later. Typesetting the ~100 formulas of
 * a 30-step MATH solution up front costs ~300 ms and would miss the 200 ms first paint.
 */
const TYPESET_AT_ONCE = 12;

let typesetLeft = TYPESET_AT_ONCE;
let observer: IntersectionObserver | undefined;

/** Call before building a new page: the first formulas of the page are typeset at once again. */
export function startPage(): void {
  typesetLeft = TYPESET_AT_ONCE;
  observer?.disconnect();
  observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting || !(entry.target instanceof HTMLElement)) continue;
        observer?.unobserve(entry.target);
        const { tex, source, display } = pending.get(entry.target) ?? { tex: '', source: '', display: false };
        pending.delete(entry.target);
        entry.target.replaceWith(typeset(tex, display, source));
      }
    },
    { rootMargin: '600px 0px' },
  );
}

const pending = new WeakMap<HTMLElement, { tex: string; source: string; display: boolean }>();

export function richText(text: string, options: PieceOptions, tag: 'span' | 'div' = 'span'): HTMLElement {
  const holder = document.createElement(tag);
  holder.className = 'rich-text';
  const preview = previewPieces(text, options, PREVIEW);
  if (preview === undefined) appendAll(holder, whole(text, options));
  else collapsible(holder, { preview: () => preview.pieces.map(renderPiece), whole: () => whole(text, options), hidden: text.length - preview.end });
  return holder;
}

function whole(text: string, options: PieceOptions): Node[] {
  return [...render(text.slice(0, SHOWN_AT_ONCE), options), ...(text.length > SHOWN_AT_ONCE ? [moreButton(text, SHOWN_AT_ONCE, options)] : [])];
}

function moreButton(text: string, shown: number, options: PieceOptions): HTMLElement {
  const left = text.length - shown;
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'show-all';
  more.textContent = `… show ${Math.min(SHOWN_AT_ONCE, left).toLocaleString('en')} more (${left.toLocaleString('en')} characters left)`;
  more.addEventListener('click', () => {
    const next = shown + SHOWN_AT_ONCE;
    // A formula cut at the edge of a piece shows as text: the price of never freezing.
    more.replaceWith(...render(text.slice(shown, next), options), ...(next < text.length ? [moreButton(text, next, options)] : []));
  });
  return more;
}

function render(text: string, options: PieceOptions): Node[] {
  return splitPieces(text, options).map(renderPiece);
}

export function renderPiece(piece: Piece): Node {
  switch (piece.kind) {
    case 'text':
      return document.createTextNode(piece.text);
    case 'calculation': {
      const span = document.createElement('span');
      span.className = 'calculation';
      span.title = 'Calculator annotation (GSM8K)';
      span.textContent = piece.text;
      return span;
    }
    case 'direction-control': {
      const span = document.createElement('span');
      span.className = 'direction-control';
      const code = `U+${piece.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
      span.title = `Invisible text-direction character ${code}, shown here and not applied`;
      span.textContent = `[${code}]`;
      return span;
    }
    case 'math':
      return formula(piece.tex, piece.display, piece.source);
  }
}

function formula(tex: string, display: boolean, source: string): HTMLElement {
  if (observer === undefined || typesetLeft-- > 0) return typeset(tex, display, source);
  // Until it is near the viewport the formula shows as written, in the style of one.
  const waiting = document.createElement('span');
  waiting.className = display ? 'math-pending math-display' : 'math-pending';
  waiting.textContent = source;
  pending.set(waiting, { tex, source, display });
  observer.observe(waiting);
  return waiting;
}

function typeset(tex: string, display: boolean, source: string): HTMLElement {
  const span = document.createElement('span');
  span.className = display ? 'math math-display' : 'math';
  if (tex.length > LONGEST_FORMULA) return asSource(span, source, 'formula too long to typeset');
  try {
    katex.render(tex, span, { displayMode: display, throwOnError: true, trust: false, strict: 'ignore', maxExpand: KATEX_MAX_EXPAND, maxSize: KATEX_MAX_SIZE, output: 'htmlAndMathml' });
  } catch (e) {
    return asSource(span, source, e instanceof Error ? e.message : String(e));
  }
  return span;
}

function asSource(span: HTMLElement, source: string, why: string): HTMLElement {
  span.replaceChildren();
  span.className = 'math-source';
  span.title = `Shown as written: ${why}`;
  span.textContent = source;
  return span;
}

/** A final answer: MATH answers are bare LaTeX (`\frac{30}{31}`), so one with TeX markup and no `$` is a formula. */
export function answerText(answer: string, options: PieceOptions): HTMLElement {
  if (!options.dollarMath || answer.includes('$') || !/[\\^_{}]/.test(answer)) return richText(answer, options);
  const holder = document.createElement('span');
  holder.className = 'rich-text';
  holder.append(formula(answer, false, answer));
  return holder;
}
