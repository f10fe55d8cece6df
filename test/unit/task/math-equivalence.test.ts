import { strict as assert } from 'node:assert';
import { MathEquivalence } from '../../../src/core/task/math/equivalence';
import { normalizeAnswer } from '../../../src/core/task/math/normalize';

/** [predicted, gold, same answer?] — MATH-style final answers, as models and annotators write them. */
type Row = [string, string, boolean];

const ANSWERS: Row[] = [
  // numbers: exact, whatever the spelling
  ['0.5', '\\frac{1}{2}', true],
  ['\\frac{2}{4}', '\\frac{1}{2}', true],
  ['1/2', '\\frac{1}{2}', true],
  ['\\dfrac{1}{2}', '\\frac12', true],
  ['\\tfrac{3}{4}', '0.75', true],
  ['-\\frac{1}{2}', '\\frac{-1}{2}', true],
  ['0.50', '.5', true],
  ['12.0', '12', true],
  ['2\\frac{1}{2}', '\\frac{5}{2}', true],
  ['0.\\overline{3}', '\\frac{1}{3}', true],
  ['1.5\\times10^{3}', '1500', true],
  ['0.333', '\\frac{1}{3}', false],
  ['\\frac{1}{3}', '\\frac{1}{4}', false],
  ['5', '-5', false],
  ['1.2', '1.25', false],
  // thousands separators and spacing commands
  ['1,000', '1000', true],
  ['14{,}916', '14916', true],
  ['1,000,000', '10^6', true],
  ['1\\,000', '1000', true],
  ['10\\!000', '10000', true],
  ['1,\\!000', '1000', true],
  ['1, 234', '1,234', false],
  ['1,001', '1000', false],
  // \left \right, degrees, percent, dollars, \displaystyle, trailing period, math delimiters, \boxed
  ['\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\frac{\\pi}{2})', true],
  ['90^\\circ', '90', true],
  ['90^{\\circ}', '90', true],
  ['45°', '45', true],
  ['25\\%', '25', true],
  ['\\$18.90', '18.9', true],
  ['\\displaystyle\\frac{1}{2}', '0.5', true],
  ['5.', '5', true],
  ['$\\frac{1}{2}$', '\\frac{1}{2}', true],
  ['\\boxed{\\frac{1}{2}}', '\\frac12', true],
  ['\\frac{\\sqrt3}{2}', '\\frac{\\sqrt{3}}{2}', true],
  // units: \text, \mbox and plain words after a value
  ['5\\text{ cm}^2', '5', true],
  ['15\\mbox{ cm}^2', '15', true],
  ['12 \\text{ inches}', '12', true],
  ['12 inches', '12', true],
  ['12 square units', '12', true],
  ['7\\text{ cm}', '8', false],
  // text answers and multiple-choice letters
  ['\\text{(C)}', 'C', true],
  ['(C)', 'C', true],
  ['\\textbf{(C)}', '\\text{(C)}', true],
  ['\\text{(C)}', 'D', false],
  ['\\text{(B)}', '(C)', false],
  ['\\text{Evelyn}', 'Evelyn', true],
  ['evelyn', '\\text{Evelyn}', true],
  ['\\text{Monday}', '\\text{Tuesday}', false],
  ['\\text{odd}', 'Odd', true],
  ['\\text{odd}', '\\text{even}', false],
  // a label in front of the value
  ['x = 5', '5', true],
  ['k=\\frac{1}{3}', '\\frac{1}{3}', true],
  ['f(x) = x^2+1', 'x^2+1', true],
  ['2+3=5', '5', true],
  ['x = 5', '6', false],
  // radicals, powers, π, e, i, logarithms, binomials
  ['2\\sqrt{2}', '\\sqrt{8}', true],
  ['2\\sqrt{2}', '\\sqrt{6}', false],
  ['\\frac{1}{\\sqrt{2}}', '\\frac{\\sqrt{2}}{2}', true],
  ['\\frac{\\sqrt{2}}{2}', '\\frac{\\sqrt{3}}{2}', false],
  ['4\\sqrt{3}\\pi', '\\pi\\sqrt{48}', true],
  ['\\sqrt[3]{27}', '3', true],
  ['\\sqrt[3]{-8}', '-2', true],
  ['2^{10}', '1024', true],
  ['2^{10}', '1000', false],
  ['2^{100}', '1267650600228229401496703205376', true],
  ['2^{100}', '1267650600228229401496703205377', false],
  ['5!', '120', true],
  ['\\binom{5}{2}', '10', true],
  ['\\dbinom{6}{3}', '{6 \\choose 3}', true],
  ['\\frac{\\pi}{2}', '\\frac12\\pi', true],
  ['\\frac{3\\pi}{4}', '0.75\\pi', true],
  ['\\pi', '3.14', false],
  ['2\\pi', '6.28', false],
  ['\\frac{\\pi}{2}', '90^\\circ', false],
  ['e^{i\\pi}', '-1', true],
  ['\\log_2 8', '3', true],
  ['\\ln(e^2)', '2', true],
  ['3+4i', '4i+3', true],
  ['3+4i', '3-4i', false],
  ['\\sqrt{-4}', '2i', true],
  ['\\frac{1+\\sqrt{5}}{2}', '\\frac{\\sqrt{5}+1}{2}', true],
  ['\\frac{1-\\sqrt{5}}{2}', '\\frac{\\sqrt{5}+1}{2}', false],
  ['10^{10^{10}}', '10^{10^{10}}+1', false],
  // symbolic: same function of the variables
  ['x^2+2x+1', '(x+1)^2', true],
  ['x^2+2x+1', '(x+1)^3', false],
  ['x^2-1', '(x-1)(x+1)', true],
  ['\\frac{x+1}{x-1}', '1+\\frac{2}{x-1}', true],
  ['\\sin^2 x + \\cos^2 x', '1', true],
  ['\\binom{n}{2}', '\\frac{n(n-1)}{2}', true],
  ['ab', 'ba', true],
  ['\\frac{a}{b}', '\\frac{b}{a}', false],
  ['x_1+x_2', 'x_2+x_1', true],
  ['\\pi r^2', 'r^{2}\\pi', true],
  ['2x\\sqrt{y}', '\\sqrt{4x^2y}', true],
  // plain-text math from an answer sentence
  ['sqrt(2)/2', '\\frac{\\sqrt{2}}{2}', true],
  ['pi/2', '\\frac{\\pi}{2}', true],
  ['x**2 + 2*x', 'x^2+2x', true],
  // equations: the same relation
  ['y=2x+3', 'y=3+2x', true],
  ['2x-y+3=0', 'y=2x+3', true],
  ['y=2x+3', 'y=2x-3', false],
  ['x^2+y^2=4', '2x^2+2y^2=8', true],
  // infinity
  ['\\infty', '+\\infty', true],
  ['∞', '\\infty', true],
  ['\\infty', '-\\infty', false],
  // tuples and intervals: brackets and order matter
  ['(1,2]', '(1,2)', false],
  ['[1,2]', '[1,2)', false],
  ['(1, 2)', '(2, 1)', false],
  ['(1,2)', '1,2', false],
  ['(1,2,3)', '(1,2)', false],
  ['(0.5, \\frac{1}{3})', '\\left(\\frac12, \\frac13\\right)', true],
  ['(-\\infty, 2]', '(-\\infty,2]', true],
  ['(-\\infty,1)\\cup(2,\\infty)', '(2,\\infty)\\cup(-\\infty,1)', true],
  ['(-\\infty,1)\\cup(2,\\infty)', '(-\\infty,1]\\cup(2,\\infty)', false],
  ['\\mathbb{R}', '(-\\infty,\\infty)', true],
  ['x \\in [1,2)', '[1,2)', true],
  ['x > 2', '(2,\\infty)', true],
  ['x \\ge 2', '(2,\\infty)', false],
  ['-1 \\le x < 3', '[-1,3)', true],
  ['x \\le -1 \\text{ or } x \\ge 3', '(-\\infty,-1]\\cup[3,\\infty)', true],
  // lists and sets: order does not matter, size does
  ['1, 2', '2, 1', true],
  ['-2, 1', '1, -2', true],
  ['1,2,3', '1,2', false],
  ['\\{1,2\\}', '\\{2,1\\}', true],
  ['\\{1,2\\}', '1, 2', true],
  ['\\{1,2\\}', '\\{1,3\\}', false],
  ['\\frac{1}{2}, 0.25', '\\frac14, 0.5', true],
  ['12\\text{ and }13', '12, 13', true],
  ['x=1 \\text{ or } x=2', '1, 2', true],
  ['1\\pm\\sqrt{2}', '1+\\sqrt{2}, 1-\\sqrt{2}', true],
  ['\\pm 2', '2, -2', true],
  ['\\pm 2', '2', false],
  ['\\emptyset', '\\{\\}', true],
  // matrices and vectors
  ['\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', true],
  ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', '\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}', true],
  ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', '\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}', false],
  ['\\begin{pmatrix} \\frac{1}{2} \\\\ -3 \\end{pmatrix}', '\\begin{pmatrix} 0.5 \\\\ -3 \\end{pmatrix}', true],
  ['(1,2,3)', '\\begin{pmatrix}1\\\\2\\\\3\\end{pmatrix}', true],
  ['\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\begin{pmatrix}1\\\\2\\\\0\\end{pmatrix}', false],
  // a percentage and the fraction it stands for
  ['50\\%', '\\frac{1}{2}', true],
  ['0.5', '50\\%', true],
  ['50', '0.5', false],
  // nothing is not an answer
  ['', '5', false],
];

describe('math answer equivalence (table)', () => {
  const checker = new MathEquivalence();
  for (const [predicted, gold, same] of ANSWERS) {
    it(`${same ? 'equal' : 'different'}: ${predicted}  vs  ${gold}`, () => {
      assert.equal(checker.isEquivalent(predicted, gold), same);
      assert.equal(checker.isEquivalent(gold, predicted), same, 'the comparison is symmetric');
    });
  }
  it('covers at least 90 MATH cases, both equal and different', () => {
    assert.ok(ANSWERS.length >= 90);
    assert.ok(ANSWERS.filter((r) => !r[2]).length >= 30);
  });
});

describe('math answer normalization', () => {
  const cases: Array<[string, string]> = [
    ['\\dfrac12\\text{ cm}.', '\\frac{1}{2}'],
    ['\\left[ 1, 2 \\right)', '[1,2)'],
    ['\\pi r^2', '\\pi r^2'],
    ['\\text{(C)}', 'C'],
    ['1{,}000', '1000'],
    ['\\sqrt2+\\frac{\\sqrt3}2', '\\sqrt{2}+\\frac{\\sqrt{3}}{2}'],
    ['x_1', 'x_{1}'],
    ['$$\\boxed{ 5 }$$', '5'],
  ];
  for (const [raw, normalized] of cases) {
    it(`${raw} → ${normalized}`, () => assert.equal(normalizeAnswer(raw), normalized));
  }
});

describe('math answer time budget', () => {
  it('stops a comparison that runs past its budget, judges it different, and counts it', () => {
    let now = 0;
    // Every reading of the clock costs 30 ms, so the 100 ms budget runs out during the CAS.
    // (Expressions not used elsewhere: parses and values are cached across checkers.)
    const checker = new MathEquivalence({ budgetMs: 100, clock: () => (now += 30) });
    assert.equal(checker.isEquivalent('t^2+6t+9', '(t+3)^2'), false);
    assert.equal(new MathEquivalence().isEquivalent('t^2+6t+9', '(t+3)^2'), true, 'equal with time to decide');
    assert.deepEqual(checker.counts, { checks: 1, symbolic: 1, overBudget: 1 });
  });

  it('does not need the budget for strings and plain numbers', () => {
    let now = 0;
    const checker = new MathEquivalence({ budgetMs: 1, clock: () => (now += 1000) });
    assert.equal(checker.isEquivalent('0.5', '\\frac{1}{2}'), true);
    assert.equal(checker.isEquivalent('(1,2]', '(1,2)'), false);
    assert.deepEqual(checker.counts, { checks: 2, symbolic: 0, overBudget: 0 });
  });

  it('answers a huge power tower quickly instead of computing it', () => {
    const checker = new MathEquivalence();
    const start = performance.now();
    assert.equal(checker.isEquivalent('2^{2^{2^{2^{2^{2}}}}}', '2^{2^{2^{2^{2^{2}}}}}\\cdot 1.5'), false);
    assert.equal(checker.isEquivalent('(10^{10^{10}})!', '10^{10^{10}}!+1'), false);
    assert.ok(performance.now() - start < 2000, 'in well under the time it would take to compute them');
    assert.equal(checker.counts.overBudget, 0);
  });
});
