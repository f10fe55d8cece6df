/**
 * How well a critic finds the earliest wrong step, scored as ProcessBench scores it: accuracy on the
 * erroneous solutions (the step named is the labelled one), accuracy on the correct ones (the critic
 * says no step is wrong), and their harmonic mean, F1. Each accuracy carries its n and 95% interval.
 */
import { rateEstimate } from '../stats/interval';
import type { RateEstimate } from '../stats/report';

/** One judged solution: the true first wrong step (null: none) and the critic's (null: none; undefined: no readable answer). */
export interface CriticItem {
  truth: number | null;
  predicted: number | null | undefined;
}

export interface CriticFigures {
  erroneous: RateEstimate;
  correct: RateEstimate;
  /** 2ab / (a + b) of the two accuracies; 0 when both are 0 or a side has no solutions. */
  f1: number;
}

export class CriticTally {
  private erroneousRight = 0;
  private erroneousN = 0;
  private correctRight = 0;
  private correctN = 0;

  add(item: CriticItem): void {
    if (item.truth === null) {
      this.correctN++;
      if (item.predicted === null) this.correctRight++;
    } else {
      this.erroneousN++;
      if (item.predicted === item.truth) this.erroneousRight++;
    }
  }

  figures(): CriticFigures {
    const erroneous = rateEstimate(this.erroneousRight, this.erroneousN);
    const correct = rateEstimate(this.correctRight, this.correctN);
    return { erroneous, correct, f1: f1Of(erroneous, correct) };
  }
}

export function criticFigures(items: Iterable<CriticItem>): CriticFigures {
  const tally = new CriticTally();
  for (const item of items) tally.add(item);
  return tally.figures();
}

function f1Of(a: RateEstimate, b: RateEstimate): number {
  if (a.n === 0 || b.n === 0) return 0;
  const sum = a.value + b.value;
  return sum === 0 ? 0 : (2 * a.value * b.value) / sum;
}
