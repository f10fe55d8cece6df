/**
 * Who is rating in this window, and how the review of several raters is set up: the settings
 * `mistakebook.raterName` (asked on first use, offering `git config user.name`), `blindRating` and
 * `ratingInForce`. Read on each use: switching the rater name switches the rater at once.
 */
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { isRatingRule, type RatingRule } from '../core/runs/ratingBook';
import { checkRaterName, describeRaterFile } from '../core/store/raters';
import { GENERAL_DEFAULTS } from './settingsDefaults';
import { runsFolder } from './workspace';

export interface ReviewSettings {
  /** Empty when not set yet. */
  raterName: string;
  blind: boolean;
  rule: RatingRule;
}

export const REVIEW_SETTINGS = ['mistakebook.raterName', 'mistakebook.blindRating', 'mistakebook.ratingInForce'] as const;

export function reviewSettings(): ReviewSettings {
  const c = vscode.workspace.getConfiguration('mistakebook', runsFolder()?.uri);
  const rule = c.get<string>('ratingInForce', GENERAL_DEFAULTS.ratingInForce);
  return {
    raterName: c.get<string>('raterName', GENERAL_DEFAULTS.raterName).trim(),
    blind: c.get<boolean>('blindRating', GENERAL_DEFAULTS.blindRating),
    rule: isRatingRule(rule) ? rule : 'agreed',
  };
}

/** `git config user.name` of the workspace, or undefined. */
function gitUserName(cwd: string | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 5000 }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
}

/**
 * The rater's name: the setting, else (first use) asked with `git config user.name` offered, and
 * saved to the user settings. Undefined when the user cancels. A name that must change to become a
 * file name is said once.
 */
export async function raterName(output?: { log(line: string): void }): Promise<string | undefined> {
  const set = reviewSettings().raterName;
  if (set !== '') return checkRaterName(set);
  const offered = await gitUserName(runsFolder()?.uri.fsPath);
  const typed = await vscode.window.showInputBox({
    title: 'Your name as a rater',
    prompt: 'Saved with every rating you give (setting mistakebook.raterName); your ratings go to ratings/<name>.jsonl of each run.',
    value: offered ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        checkRaterName(v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (typed === undefined) return undefined;
  const name = checkRaterName(typed);
  await vscode.workspace.getConfiguration('mistakebook').update('raterName', name, vscode.ConfigurationTarget.Global);
  const note = describeRaterFile(name);
  if (note !== undefined) output?.log(`Mistakebook: ${note}`);
  return name;
}
