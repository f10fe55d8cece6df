/**
 * Several raters in the mistake view (issue 18): who reviews (the setting `mistakebook.raterName`),
 * whether others' ratings wait until they have rated (`blindRating`), and their share of the run's
 * review assignment, read when the run is (re)loaded.
 */
import type { Diagnostic } from '../../../core/diagnostic';
import { shareOf, type ReviewAssignment } from '../../../core/review/assign';
import type { ViewReviewer } from '../../../core/review/raterView';
import type { LoadedRun } from '../../../core/runs/loadRun';
import { readAssignment } from '../../../core/store/assignmentFile';
import { runDir } from '../../../core/store/layout';
import { reviewSettings } from '../../raters';

export class ReviewerState {
  private assignment: ReviewAssignment | undefined;

  /** Reads the run's assignment; a damaged one is reported and treated as none. */
  async load(run: LoadedRun, onDiagnostic: (d: Diagnostic) => void): Promise<void> {
    const dir = runDir(run.workspaceDir, run.run.id);
    this.assignment = await readAssignment(dir).catch((e: unknown) => {
      onDiagnostic({ file: dir, line: 1, severity: 'warning', message: (e as Error).message });
      return undefined;
    });
  }

  /** The reviewer now, or undefined before a rater name is set (the view then shows the rating in force). */
  current(): ViewReviewer | undefined {
    const { raterName, blind } = reviewSettings();
    if (raterName === '') return undefined;
    const share = shareOf(this.assignment, raterName);
    return { rater: raterName, blind, ...(share === undefined ? {} : { share }) };
  }
}
