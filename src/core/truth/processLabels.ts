/**
 * Process labels of a solution, PRM800K / Math-Shepherd style: 1 for each step before the first
 * wrong one, 0 for that step, and nothing after it (what follows a wrong step has no clean label).
 * A solution with no wrong step is 1 for every step.
 */
export function processLabels(stepCount: number, firstWrong: number | null): number[] {
  if (firstWrong === null) return Array.from({ length: stepCount }, () => 1);
  if (!Number.isInteger(firstWrong) || firstWrong < 1 || firstWrong > stepCount) {
    throw new RangeError(`the first wrong step is Step ${firstWrong}, but the solution has Steps 1–${stepCount}`);
  }
  const labels = Array.from({ length: firstWrong - 1 }, () => 1);
  labels.push(0);
  return labels;
}
