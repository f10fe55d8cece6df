/**
 * Properties of the MATH checker over seeded random answers (our own generator, no dependency):
 * an answer equals itself under every rewriting the checker claims to support, and two different
 * rationals are never equal, however each is written. A failure prints the seed and the case.
 */
import { strict as assert } from 'node:assert';
import { mathTask } from '../../../src/core/task/math';
import { MathEquivalence } from '../../../src/core/task/math/equivalence';

/** mulberry32: a small, well-mixed 32-bit generator; the same seed gives the same cases. */
function generator(seed: number): { int: (lo: number, hi: number) => number; pick: <T>(items: readonly T[]) => T; chance: (p: number) => boolean } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  return { int, pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number], chance: (p) => next() < p };
}

type Random = ReturnType<typeof generator>;

/** A random answer in plain canonical LaTeX, and whether it is one bare integer (comma thousands are safe then). */
function answer(r: Random): { latex: string; integer: boolean } {
  const small = (): number => r.int(1, 9);
  const num = (): string => r.pick([String(r.int(-50, 50)), `\\frac{${small()}}{${r.int(2, 9)}}`, `${small()}\\sqrt{${r.pick([2, 3, 5, 7])}}`, String(r.int(1, 99) / 4)]);
  switch (r.int(0, 8)) {
    case 0:
      return { latex: String(r.int(1000, 9_999_999) * (r.chance(0.2) ? -1 : 1)), integer: true };
    case 1:
      return { latex: `\\frac{${r.int(1, 30)}}{${r.int(2, 30)}}`, integer: false };
    case 2:
      return { latex: `(${num()}, ${num()})`, integer: false };
    case 3: {
      const lo = r.int(-20, 5);
      return { latex: `${r.pick(['(', '['])}${lo}, ${lo + r.int(1, 20)}${r.pick([')', ']'])}`, integer: false };
    }
    case 4:
      return { latex: `\\{${num()}, ${num()}\\}`, integer: false };
    case 5:
      return { latex: `\\begin{pmatrix} ${num()} & ${num()} \\\\ ${num()} & ${num()} \\end{pmatrix}`, integer: false };
    case 6:
      return { latex: `${small()}x^2+${small()}x-${small()}`, integer: false };
    case 7:
      return { latex: `\\frac{${small()}\\sqrt{${r.pick([2, 3, 5])}}}{${r.int(2, 9)}}`, integer: false };
    default:
      return { latex: `${small()}\\pi`, integer: false };
  }
}

/** Rewritings a reader accepts as the same answer, each applied at random. */
const REWRITINGS: Array<[name: string, rewrite: (s: string, r: Random, integer: boolean) => string]> = [
  ['spacing', (s, r) => s.replace(/([,+=-])/g, (m) => (r.chance(0.5) ? ` ${m} ` : m)).replace(/^/, r.chance(0.5) ? '  ' : '')],
  ['\\left \\right', (s) => s.replace(/\\\{/g, '\\left\\{').replace(/\\\}/g, '\\right\\}').replace(/(?<!\\)([([])/g, '\\left$1').replace(/(?<!\\)([)\]])/g, '\\right$1')],
  ['\\dfrac, \\tfrac', (s, r) => s.replace(/\\frac/g, () => r.pick(['\\dfrac', '\\tfrac', '\\frac']))],
  ['\\frac12 without braces', (s) => s.replace(/\\frac\{(\d)\}\{(\d)\}/g, '\\frac$1$2')],
  ['\\sqrt2 without braces', (s) => s.replace(/\\sqrt\{(\d)\}/g, '\\sqrt$1')],
  ['thousands separators', (s, r, integer) => s.replace(/\d{4,}/g, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, r.pick(integer ? [',', '{,}', '\\,', ' '] : ['{,}', '\\,'])))],
  ['\\displaystyle', (s) => `\\displaystyle ${s}`],
  ['a trailing period', (s) => `${s}.`],
  ['math delimiters', (s, r) => r.pick([`$${s}$`, `\\(${s}\\)`, `\\[${s}\\]`, `\\boxed{${s}}`])],
];

describe('math answer properties (seeded)', () => {
  const checker = new MathEquivalence();

  it('an answer equals itself under every supported rewriting, alone and in combination', () => {
    const seed = 20261207;
    const r = generator(seed);
    let checks = 0;
    for (let n = 0; n < 400; n++) {
      const { latex, integer } = answer(r);
      const applied: string[] = [];
      let rewritten = latex;
      for (const [name, rewrite] of REWRITINGS) {
        if (!r.chance(0.45)) continue;
        // spacing inside a bare integer would read as thousands or a list: only spacing of structure
        if (name === 'spacing' && integer) continue;
        rewritten = rewrite(rewritten, r, integer);
        applied.push(name);
      }
      const context = `seed ${seed}, case ${n}: ${latex} rewritten (${applied.join(', ') || 'none'}) as ${rewritten}`;
      assert.ok(checker.isEquivalent(rewritten, latex), `${context}: ${checker.compare(rewritten, latex).rule}`);
      assert.ok(checker.isEquivalent(latex, rewritten), `${context} (the other way)`);
      if (!rewritten.includes('$') && !rewritten.includes('\\(') && !rewritten.includes('\\[') && !rewritten.includes('boxed')) {
        assert.ok(mathTask.judge(`So the final answer is $\\boxed{${rewritten}}$.`, latex).correct, `${context}, boxed in a sentence`);
      }
      checks++;
    }
    assert.equal(checks, 400);
  });

  it('two different rationals are never equal, however each is written; the same one always is', () => {
    const seed = 77;
    const r = generator(seed);
    const spell = (p: number, q: number): string => {
      const forms = [`\\frac{${p}}{${q}}`, `${p}/${q}`, `\\dfrac{${p}}{${q}}`];
      // a terminating decimal when q has only the factors 2 and 5
      if (Number.isInteger((p / q) * 10_000)) forms.push(String(p / q));
      if (p < 0) forms.push(`-\\frac{${-p}}{${q}}`);
      return r.pick(forms);
    };
    let different = 0;
    for (let n = 0; n < 500; n++) {
      const [p, q, s, t] = [r.int(-60, 60), r.int(1, 40), r.int(-60, 60), r.int(1, 40)];
      const a = spell(p, q);
      const b = spell(s, t);
      const same = p * t === s * q;
      if (!same) different++;
      assert.equal(checker.isEquivalent(a, b), same, `seed ${seed}, case ${n}: ${a} vs ${b}`);
      assert.equal(checker.isEquivalent(b, a), same, `seed ${seed}, case ${n}: ${b} vs ${a}`);
      const k = r.int(2, 9);
      assert.ok(checker.isEquivalent(spell(p * k, q * k), spell(p, q)), `seed ${seed}, case ${n}: ${p}/${q} scaled by ${k}`);
    }
    assert.ok(different > 450, 'the generator mostly draws different values');
  });

  it('an approximation never equals the exact rational it rounds', () => {
    const r = generator(5);
    for (let n = 0; n < 200; n++) {
      const q = r.pick([3, 6, 7, 9, 11, 12, 13]);
      const p = r.int(1, q - 1);
      if ((p / q) * 1000 === Math.round((p / q) * 1000)) continue;
      const rounded = (p / q).toFixed(r.int(2, 6));
      assert.equal(checker.isEquivalent(rounded, `\\frac{${p}}{${q}}`), false, `${rounded} vs ${p}/${q}`);
    }
  });
});
