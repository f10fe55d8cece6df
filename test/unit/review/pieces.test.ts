import { strict as assert } from 'node:assert';
import { pieceLength, previewPieces, splitPieces, type Piece, type PreviewLimits } from '../../../webview/mistake/pieces';

const math = { dollarMath: true };
const money = { dollarMath: false };
const kinds = (pieces: Piece[]): string[] =>
  pieces.map((p) => (p.kind === 'text' ? `text:${p.text}` : p.kind === 'math' ? `${p.display ? 'display' : 'inline'}:${p.tex}` : p.kind === 'calculation' ? `calc:${p.text}` : `control:${p.codePoint.toString(16)}`));

describe('mistake view: cutting text into text, formulas and annotations', () => {
  it('finds inline and display formulas in MATH text', () => {
    assert.deepEqual(kinds(splitPieces('So $x^2$ and \\(y\\), then $$\\frac12$$ and \\[z\\].', math)), [
      'text:So ',
      'inline:x^2',
      'text: and ',
      'inline:y',
      'text:, then ',
      'display:\\frac12',
      'text: and ',
      'display:z',
      'text:.',
    ]);
  });

  it('reads "$5 and $6" as money, also where $ means math', () => {
    assert.deepEqual(kinds(splitPieces('costs $5 and $6 each', math)), ['text:costs $5 and $6 each']);
    assert.deepEqual(kinds(splitPieces('3*$5=$15 in total', math)), ['text:3*$5=$15 in total']);
    assert.deepEqual(kinds(splitPieces('$5$ apples', math)), ['inline:5', 'text: apples']);
  });

  it('leaves $ alone in GSM8K and shows calculator annotations apart', () => {
    assert.deepEqual(kinds(splitPieces('She earns $12, so 48/2 = <<48/2=24>>24 clips', money)), ['text:She earns $12, so 48/2 = ', 'calc:48/2=24', 'text:24 clips']);
  });

  it('keeps escaped dollars, unclosed delimiters and empty formulas as text', () => {
    assert.deepEqual(kinds(splitPieces('a \\$5 and \\$6$', math)), ['text:a \\$5 and \\$6$']);
    assert.deepEqual(kinds(splitPieces('open \\( never closed', math)), ['text:open \\( never closed']);
    assert.deepEqual(kinds(splitPieces('$$ $$ and << >>', math)), ['text:$$ $$ and << >>']);
  });

  it('turns text-direction controls into their own pieces, even inside would-be formulas', () => {
    assert.deepEqual(kinds(splitPieces('is \u202E72\u202C', money)), ['text:is ', 'control:202e', 'text:72', 'control:202c']);
    assert.deepEqual(kinds(splitPieces('$a\u202Eb$', math)), ['text:$a', 'control:202e', 'text:b$']);
  });

  it('does not take a long or multi-line <<…>> for an annotation', () => {
    const long = `<<${'1+'.repeat(150)}1>>`;
    assert.deepEqual(kinds(splitPieces(long, money)), [`text:${long}`]);
    assert.deepEqual(kinds(splitPieces('<<a\nb>>', money)), ['text:<<a\nb>>']);
  });

  it('keeps every character: the pieces put back together are the text', () => {
    const text = 'x $a$ \\(b\\) <<1+1=2>>2 \u2066c\u2069 $$d$$ $5 and $6';
    const rebuilt = splitPieces(text, math)
      .map((p) => (p.kind === 'text' ? p.text : p.kind === 'math' ? p.source : p.kind === 'calculation' ? `<<${p.text}>>` : String.fromCodePoint(p.codePoint)))
      .join('');
    assert.equal(rebuilt, text);
  });
});

describe('mistake view: the collapsed beginning of a long text', () => {
  const limits: PreviewLimits = { collapseChars: 100, collapseLines: 6, previewChars: 40, previewLines: 3 };
  const shown = (text: string): string | undefined => {
    const preview = previewPieces(text, math, limits);
    return preview === undefined ? undefined : kinds(preview.pieces).join('|');
  };

  it('shows a short text whole, and one only a little over the preview too', () => {
    assert.equal(previewPieces('x'.repeat(100), math, limits), undefined);
    assert.equal(previewPieces('a\nb\nc\nd\ne\nf', math, limits), undefined, 'six lines');
  });

  it('cuts a long line after the preview’s characters, a long list of lines after its lines', () => {
    assert.equal(shown('y'.repeat(101)), `text:${'y'.repeat(40)}`);
    const lines = Array.from({ length: 7 }, (_, i) => `L${i + 1}`).join('\n');
    assert.equal(shown(lines), 'text:L1\nL2\nL3');
    assert.equal(previewPieces(lines, math, limits)?.end, 8, 'the preview ends before the third line break');
  });

  it('keeps a formula that straddles the cut whole, never half of it as source', () => {
    const text = `${'a'.repeat(35)}$\\frac{1}{2}$${'b'.repeat(100)}`;
    const preview = previewPieces(text, math, limits);
    assert.equal(kinds(preview?.pieces ?? []).join('|'), `text:${'a'.repeat(35)}|inline:\\frac{1}{2}`);
    assert.equal(preview?.end, 35 + '$\\frac{1}{2}$'.length);
  });

  it('ends exactly where its pieces end, so the rest is the text after it', () => {
    const text = `So $x$ <<2*3=6>>6 and \u202Ehidden${' words'.repeat(40)}`;
    const preview = previewPieces(text, math, limits);
    assert.ok(preview !== undefined);
    assert.equal(preview.pieces.reduce((n, p) => n + pieceLength(p), 0), preview.end);
    assert.ok(preview.end >= limits.previewChars && preview.end < text.length);
  });

  it('reads only the start of a megabyte', () => {
    const preview = previewPieces(`$a$ ${'z'.repeat(1_000_000)}`, math, limits);
    assert.equal(preview?.end, 40);
    assert.equal(kinds(preview?.pieces ?? [])[0], 'inline:a');
  });
});
