/**
 * The fake M_r: solves the questions its answer key knows, step by step, ending "The answer is N.",
 * and for a fixed share of samples miscalculates one step so the path ends on a wrong answer.
 */
import { formatNumber, parseNumber } from './arithmetic';
import { unitHash } from './hash';
import { corruptSolution, solutionSteps } from './mistakes';
import type { Script } from './scripts';

export interface ReasonerOptions {
  /** Share of samples that go wrong, in [0, 1]; which ones is fixed by question and sample index. Default 0.3. */
  wrongRate?: number;
}

/** The text after the last `Question:` up to `Answer:`, or the whole prompt when it has no `Question:`. */
export function lastQuestion(prompt: string): string {
  const at = prompt.lastIndexOf('Question:');
  const rest = at < 0 ? prompt : prompt.slice(at + 'Question:'.length);
  const answerAt = rest.search(/\n\s*Answer:/);
  return (answerAt < 0 ? rest : rest.slice(0, answerAt)).trim();
}

export function reasoner(options: ReasonerOptions = {}): Script {
  const wrongRate = options.wrongRate ?? 0.3;
  return (request, context) => {
    const entry = context.answerKey.lookup(lastQuestion(request.prompt));
    if (!entry) return 'I do not recognise this question, so this is a guess.\nThe answer is 0.';
    const seed = context.seed ?? '';
    const wrong = unitHash('reasoner', entry.question, seed, context.sampleIndex) < wrongRate;
    const steps = entry.goldSolution === undefined ? [] : solutionSteps(entry.goldSolution);
    if (!wrong) {
      const worked = steps.length > 0 ? steps : [`Working through the problem step by step gives ${entry.goldAnswer}.`];
      return [...worked, `The answer is ${entry.goldAnswer}.`].join('\n');
    }
    const corrupted = corruptSolution(
      steps,
      entry.goldAnswer,
      unitHash('reasoner-step', entry.question, seed, context.sampleIndex),
      unitHash('reasoner-slip', entry.question, seed, context.sampleIndex),
    );
    if (corrupted) return [...corrupted.steps, `The answer is ${corrupted.answer}.`].join('\n');
    return wrongGuess(entry.goldAnswer);
  };
}

/** A short wrong path for questions with no usable worked solution. */
function wrongGuess(goldAnswer: string): string {
  const gold = parseNumber(goldAnswer);
  if (gold === undefined) {
    const wrong = goldAnswer === '0' ? '1' : '0';
    return `Working through the problem step by step gives ${wrong}.\nThe answer is ${wrong}.`;
  }
  const half = Math.floor(gold / 2);
  const wrong = formatNumber(gold + 1);
  return `Split the total into ${formatNumber(half)} and ${formatNumber(gold - half)}.\nAdding them, ${formatNumber(half)} + ${formatNumber(gold - half)} = ${wrong}.\nThe answer is ${wrong}.`;
}
