/**
 * LaTeX → MathJSON through @cortex-js/compute-engine. Only its parser is used, without
 * canonicalization: in 0.27 the canonical form already computes (`\frac{10^{1000}}{3}` becomes
 * NaN), and its evaluation cannot be stopped (`.N()` of `10^{10^{10}}` exhausts the heap; the
 * engine's time limit is only consulted by Factorial). Values are computed by ./evaluate, whose
 * cost is bounded by the size of the expression.
 */
import { ComputeEngine } from '@cortex-js/compute-engine';

/** A MathJSON expression as the parser writes it: numbers, symbols, `'strings'`, `[head, ...args]`. */
export type MathJson = number | string | { readonly num: string } | readonly MathJson[];

/**
 * Longer expressions are not parsed. A parse cannot be interrupted and its cost grows faster than
 * its length on implicit products (`2x2x…`: ~40 ms for 40 characters, ~300 ms for 400), so this
 * cap bounds how far one parse can overrun a check's budget. Lists, tuples and matrices are split
 * before parsing, so the cap applies to one item; MATH answers' items are far shorter.
 */
const MAX_PARSED_LENGTH = 200;

/** Parsed expressions kept; the cache is emptied when full (gold answers repeat across a run). */
const CACHE_SIZE = 20_000;

const cache = new Map<string, MathJson | null>();
let engine: ComputeEngine | undefined;

/** The expression a LaTeX string denotes, or null when it does not parse cleanly. */
export function parseLatex(latex: string): MathJson | null {
  const cached = cache.get(latex);
  if (cached !== undefined || cache.has(latex)) return cached ?? null;
  const parsed = latex.length > MAX_PARSED_LENGTH ? null : toMathJson(theEngine().parse(latex, { canonical: false }).json);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(latex, parsed);
  return parsed;
}

/**
 * Creates the engine and runs the parser once over common constructs. The first parse of each
 * construct is slow (~20 ms: lazy dictionary set-up and JIT), which is not a cost of any one check.
 */
export function prepareCas(): void {
  if (engine) return;
  const ce = theEngine();
  ce.parse('\\frac{\\sqrt{2}}{2}x^2+\\sin(\\pi y)-\\log_2 8\\cdot e^{i}+\\binom{5}{2}', { canonical: false });
}

function theEngine(): ComputeEngine {
  if (engine) return engine;
  engine = new ComputeEngine();
  // \binom is missing from the 0.27 dictionary; MATH answers use it.
  engine.latexDictionary = [
    ...engine.latexDictionary,
    {
      latexTrigger: '\\binom',
      kind: 'expression',
      parse: (parser) => {
        const n = parser.parseGroup();
        const k = parser.parseGroup();
        return n === null || k === null ? null : ['Binomial', n, k];
      },
    },
  ];
  return engine;
}

/** The parser's JSON checked into our type; null when it holds an error or anything unexpected. */
function toMathJson(json: unknown): MathJson | null {
  if (typeof json === 'number' || typeof json === 'string') return json;
  if (Array.isArray(json)) {
    if (json[0] === 'Error' || json.length === 0) return null;
    const items: MathJson[] = [];
    for (const item of json) {
      const checked = toMathJson(item);
      if (checked === null) return null;
      items.push(checked);
    }
    return items;
  }
  if (typeof json === 'object' && json !== null) {
    const record = json as Record<string, unknown>;
    const num = record['num'];
    if (typeof num === 'string') return { num };
    if (typeof record['sym'] === 'string') return record['sym'];
    if (typeof record['str'] === 'string') return `'${record['str']}'`;
    if (Array.isArray(record['fn'])) return toMathJson(record['fn']);
  }
  return null;
}
