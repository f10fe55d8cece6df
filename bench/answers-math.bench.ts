/**
 * MATH answer checks are on the hot path of eq. 1 (every sampled path) and eq. 2 (every
 * correction). The mix is shaped like a run: each gold answer is compared with several sampled
 * answers, most of which match or miss as strings or plain numbers, some as lists, tuples and
 * intervals, and some need the CAS. Every pass uses answers never seen before (fresh numbers),
 * so parse caches help only as they would in a run (a gold answer parsed once for its samples).
 * The baseline is the same pairs compared as normalized strings, in the same run.
 */
import { mathTask } from '../src/core/task/math';
import { MathEquivalence } from '../src/core/task/math/equivalence';
import { normalizeAnswer } from '../src/core/task/math/normalize';
import type { Benchmark, BenchmarkResult } from './benchmark';

type Pair = [predicted: string, gold: string];

/** Samples per gold answer, as in a run that draws several reasoning paths per question. */
const SAMPLES = 4;

/** Questions of each kind per 20: 12 plain, 4 structured, 4 symbolic. */
function question(n: number): Pair[] {
  const a = 2 + (n % 97);
  const b = 3 + (n % 89);
  const c = n + 11;
  switch (n % 20) {
    case 0:
    case 1:
    case 2:
      return [[`${c}`, `${c}`], [`${c}.0`, `${c}`], [`${c + 1}`, `${c}`], [`\\$${c}`, `${c}`]];
    case 3:
    case 4:
    case 5:
      return [[`\\dfrac{${a}}{${c}}`, `\\frac{${a}}{${c}}`], [`\\frac{${2 * a}}{${2 * c}}`, `\\frac{${a}}{${c}}`], [`${a}/${c}`, `\\frac{${a}}{${c}}`], [`\\frac{${a + 1}}{${c}}`, `\\frac{${a}}{${c}}`]];
    case 6:
    case 7:
      return [[`${c / 4}`, `\\frac{${c}}{4}`], [`${c}^\\circ`, `${c}`], [`${c}\\text{ cm}^2`, `${c}`], [`${c},000`, `${c}000`]];
    case 8:
    case 9:
      return [[`${a}\\sqrt{${b}}`, `${a}\\sqrt{${b}}`], [`x = ${c}`, `${c}`], [`\\text{(${'ABCDE'[n % 5]})}`, `${'ABCDE'[n % 5]}`], [`${c}\\%`, `${c}`]];
    case 10:
    case 11:
      return [[`-${a}`, `${a}`], [`${c}`, `${c + 2}`], [`\\frac{${c}}{${a}}`, `\\frac{${c}}{${a}}`], [`0.${c}`, `\\frac{${c}}{${10 ** String(c).length}}`]];
    case 12:
    case 13:
      return [[`(${a}, ${c})`, `(${a},${c})`], [`(${c}, ${a})`, `(${a},${c})`], [`${c}, -${a}`, `-${a}, ${c}`], [`[${a}, ${c})`, `(${a},${c})`]];
    case 14:
    case 15:
      return [[`\\{${a}, ${c}\\}`, `${c}, ${a}`], [`(-\\infty, ${a}]`, `(-\\infty,${a}]`], [`\\begin{pmatrix} ${a} \\\\ ${c} \\end{pmatrix}`, `\\begin{pmatrix}${a}\\\\${c}\\end{pmatrix}`], [`${a}, ${c}, ${b}`, `${a}, ${c}`]];
    case 16:
      return [[`\\sqrt{${a * a * b}}`, `${a}\\sqrt{${b}}`], [`${a}\\sqrt{${b}}`, `${a}\\sqrt{${b}}`], [`\\sqrt{${b}}`, `${a}\\sqrt{${b}}`], [`${a}\\sqrt{${b}}`, `${a}\\sqrt{${b}}`]];
    case 17:
      return [[`\\frac{${a}\\pi}{${c}}`, `\\frac{${a}}{${c}}\\pi`], [`\\frac{${a}\\pi}{${c}}`, `\\frac{${a}\\pi}{${c}}`], [`${a}\\pi`, `\\frac{${a}}{${c}}\\pi`], [`\\frac{${a}\\pi}{${c}}`, `\\frac{${a}\\pi}{${c}}`]];
    case 18:
      return [[`x^2+${2 * a}x+${a * a}`, `(x+${a})^2`], [`(x+${a})^2`, `(x+${a})^2`], [`x^2+${a * a}`, `(x+${a})^2`], [`(x+${a})^{2}`, `(x+${a})^2`]];
    default:
      return [[`2^{${a % 30}}`, `${2 ** (a % 30)}`], [`${2 ** (a % 30)}`, `${2 ** (a % 30)}`], [`y = ${a}x + ${c}`, `y=${c}+${a}x`], [`${a}`, `${2 ** (a % 30)}`]];
  }
}

let next = 0;

/**
 * Outputs of chat models and other graders' inputs: no "The answer is", often no box. The answer is
 * the whole output, the last formula, a currency amount in math, several boxes, or the last number
 * of a chatty paragraph; a fifth are wrong. Each is judged in full (extraction + comparison).
 */
function cuelessOutput(n: number): [output: string, gold: string] {
  const a = 2 + (n % 97);
  const c = n + 11;
  const reasoning = `We need to combine the ${a} pieces with the remaining ones. Let $t = ${a}$ and note that $t + ${c} - ${c} = t$.\n\n`;
  switch (n % 10) {
    case 0:
      return [`${c}`, `${c}`];
    case 1:
      return [`$\\frac{${a}}{${c}}$`, `\\frac{${a}}{${c}}`];
    case 2:
      return [`${reasoning}So the total is $\\$${c}.50$.`, `${c}.5`];
    case 3:
      return [`${reasoning}Answer $$ ${c} $$`, `${c}`];
    case 4:
      return [`${reasoning}Therefore\n\\[ x \\geq ${a} \\]`, `[${a}, \\infty)`];
    case 5:
      return [`${reasoning}The pairs are $\\boxed{(1,${a})}$ and $\\boxed{(${a},1)}$.`, `(1,${a}), (${a},1)`];
    case 6:
      return [`${reasoning}Adding everything gives ${c} apples in the end.`, `${c}`];
    case 7:
      return [`${reasoning}**Answer:** $${a}\\sqrt{2}$`, `\\sqrt{${2 * a * a}}`];
    case 8:
      return [`${reasoning}so we get $x = ${c + 1}$`, `${c}`];
    default:
      return [`${reasoning}Which means the result is $0.${c}$, roughly.`, `\\frac{${c}}{${10 ** String(c).length}}`];
  }
}

/** Judgements per second of cue-less outputs never seen before, for at least `ms` milliseconds. */
function cuelessRate(ms: number): { rate: number; right: number; judged: number } {
  let calls = 0;
  let elapsed = 0;
  let right = 0;
  while (elapsed < ms) {
    const outputs: Array<[string, string]> = [];
    for (let i = 0; i < 500; i++) outputs.push(cuelessOutput(next++));
    const start = performance.now();
    for (const [output, gold] of outputs) if (mathTask.judge(output, gold).correct) right++;
    elapsed += performance.now() - start;
    calls += outputs.length;
  }
  return { rate: (calls / elapsed) * 1000, right, judged: calls };
}

/** Pairs never generated before (the numbers keep growing across passes). */
function freshPairs(questions: number): Pair[] {
  const pairs: Pair[] = [];
  for (let q = 0; q < questions; q++) pairs.push(...question(next++).slice(0, SAMPLES));
  return pairs;
}

/** Checks per second of `check` on fresh pairs, for at least `ms` milliseconds of checking. */
function rate(check: (predicted: string, gold: string) => boolean, ms: number): number {
  let calls = 0;
  let elapsed = 0;
  let sink = 0;
  while (elapsed < ms) {
    const pairs = freshPairs(500);
    const start = performance.now();
    for (const [predicted, gold] of pairs) if (check(predicted, gold)) sink++;
    elapsed += performance.now() - start;
    calls += pairs.length;
  }
  if (sink < 0) throw new Error('unreachable');
  return (calls / elapsed) * 1000;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'answers-math: check rate',
    async run(): Promise<BenchmarkResult[]> {
      const strings = (predicted: string, gold: string): boolean => normalizeAnswer(predicted) === normalizeAnswer(gold);
      const warm = new MathEquivalence();
      rate((p, g) => warm.isEquivalent(p, g), 300);
      rate(strings, 200);
      const checker = new MathEquivalence();
      const ours = rate((p, g) => checker.isEquivalent(p, g), 1500);
      const baseline = rate(strings, 1000);
      const sample = freshPairs(2000);
      const disagree = sample.filter(([p, g]) => new MathEquivalence().isEquivalent(p, g) !== strings(p, g)).length;
      const { checks, symbolic, overBudget } = checker.counts;
      return [
        {
          name: 'math answer checks (normalize + shapes + CAS)',
          value: ours,
          unit: 'checks/s',
          target: 5_000,
          better: 'higher',
          detail:
            `${(ours / baseline).toFixed(3)}× normalized-string compare (${Math.round(baseline).toLocaleString('en-US')}/s), ` +
            `which misjudges ${((100 * disagree) / sample.length).toFixed(1)}% of this mix; ` +
            `${((100 * symbolic) / checks).toFixed(1)}% of checks used the CAS, ${overBudget} over budget`,
        },
      ];
    },
  },
  {
    name: 'answers-math: cue-less outputs',
    async run(): Promise<BenchmarkResult[]> {
      cuelessRate(300);
      const { rate: judged, right, judged: n } = cuelessRate(1500);
      return [
        {
          name: 'math judge of cue-less outputs (extract + check)',
          value: judged,
          unit: 'judgements/s',
          target: 5_000,
          better: 'higher',
          // 9 of each 10 outputs state the gold answer: 90% right verdicts says extraction and comparison kept up
          detail: `${((100 * right) / n).toFixed(1)}% judged right of ${n.toLocaleString('en-US')} (90% state the gold answer); outputs of ${cuelessOutput(0)[0].length}–${cuelessOutput(5)[0].length} chars`,
        },
      ];
    },
  },
];
