/** What Assign Review splits: a run's verified corrections that no rater has rated, in the run's order. */
import { correctionIdsOf, type LoadedRun, type MistakeWithCorrections } from '../runs/loadRun';

/** Whether a correction of a mistake is verified (eq. 2); by default read from the mistake's records. */
export type IsVerified = (mistake: MistakeWithCorrections, correctionId: string) => boolean;

const fromRecords: IsVerified = (m, id) => m.corrections.find((c) => c.id === id)?.verified === true;

export function unratedVerified(run: LoadedRun, isVerified: IsVerified = fromRecords): string[] {
  const out: string[] = [];
  for (const m of run.mistakes) {
    for (const id of correctionIdsOf(m)) {
      const rated = run.book === undefined ? run.ratings.has(id) : run.book.ratingsOf(id).size > 0;
      if (!rated && isVerified(m, id)) out.push(id);
    }
  }
  return out;
}
