/**
 * Judging GSM8K paths is on the hot path of eq. 1 (every sampled path) and eq. 2 (every
 * correction), and a run re-judges whole tables when the user changes a setting. Measured
 * against a bare "last number, parseFloat" loop over the same completions in the same run.
 */
import { gsm8kTask } from '../src/core/task/gsm8k';
import type { Benchmark, BenchmarkResult } from './benchmark';

/** Completions shaped like real reasoning paths: a few steps, annotations, money, an answer line. */
function completions(): Array<{ text: string; gold: string }> {
  const out: Array<{ text: string; gold: string }> = [];
  for (let i = 0; i < 200; i++) {
    const a = 3 + (i % 17);
    const b = 2 + (i % 7);
    const total = a * b + 12;
    const steps = [
      `Step 1: Noor's hens lay ${a} eggs a day and she packs them in boxes of ${b}.`,
      `Step 2: Each box costs $${b}.50, so ${a} * ${b} = <<${a}*${b}=${a * b}>>${a * b} eggs are sold every week.`,
      `Step 3: Her neighbour buys ${b} of the boxes for a total of ${b} * ${b}.50 = <<${b}*${b}.5=${b * b + b / 2}>>${b * b + b / 2} dollars, which leaves the rest for the market.`,
      `Step 4: At the market the price is the same, and nothing is left over at the end of the day.`,
      `Step 5: She also earns $12 from her garden, so in total she has ${a * b} + 12 = ${total} dollars.`,
    ];
    const ending = [
      `The answer is ${total}.`,
      `The answer is $${total.toLocaleString('en-US')}.`,
      `#### ${total}`,
      `So she has ${total} dollars.\n\nQuestion: Tom has ${a} pears and buys ${b} more. How many does he have?`,
      `The final answer is $\\boxed{${total}}$.`,
    ][i % 5];
    out.push({ text: `${steps.join('\n')}\n${ending}`, gold: String(i % 3 === 0 ? total + 1 : total) });
  }
  return out;
}

/** Calls per second of `check` over the completions, for at least `ms` milliseconds. */
function rate(items: Array<{ text: string; gold: string }>, check: (text: string, gold: string) => boolean, ms: number): number {
  let calls = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const { text, gold } of items) if (check(text, gold)) sink++;
    calls += items.length;
    elapsed = performance.now() - start;
  }
  if (sink < 0) throw new Error('unreachable');
  return (calls / elapsed) * 1000;
}

const LAST_NUMBER = /-?\d[\d,]*(?:\.\d+)?/g;

function bareCheck(text: string, gold: string): boolean {
  const numbers = text.match(LAST_NUMBER);
  const last = numbers?.[numbers.length - 1];
  return last !== undefined && parseFloat(last.replaceAll(',', '')) === parseFloat(gold);
}

export const benchmarks: Benchmark[] = [
  {
    name: 'answers-gsm8k: judge rate',
    async run(): Promise<BenchmarkResult[]> {
      const items = completions();
      const judgeCheck = (text: string, gold: string): boolean => gsm8kTask.judge(text, gold).correct;
      rate(items, judgeCheck, 200);
      rate(items, bareCheck, 200);
      const ours = rate(items, judgeCheck, 1000);
      const bare = rate(items, bareCheck, 1000);
      const chars = Math.round(items.reduce((n, x) => n + x.text.length, 0) / items.length);
      return [
        {
          name: 'gsm8k judge (extract + equivalence)',
          value: ours,
          unit: 'checks/s',
          target: 100_000,
          better: 'higher',
          detail: `${(ours / bare).toFixed(2)}× a bare last-number+parseFloat loop (${Math.round(bare).toLocaleString('en-US')}/s); completions of ~${chars} chars`,
        },
      ];
    },
  },
];
