import { resolve } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import { saveRating } from '../core/review/rate';
import { newRating, type RatingValue } from '../core/store/ratings';
import { choice, parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';
import { raterFrom } from './raterArg';

export const RATING_CHOICES: readonly RatingValue[] = ['excellent', 'good', 'poor'];

export function ids(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** What `rate` and `adjudicate` both take: the run, the corrections, the rating, a note and who judges. */
export async function judgementArgs(
  args: string[],
  role: 'rater' | 'adjudicator',
  io: CliIo,
): Promise<{ workspaceDir: string; runId: string; corrections: string[]; rating: RatingValue; note: string | undefined; who: string }> {
  const { values } = parseCommandLine(
    args,
    { workspace: { type: 'string' }, run: { type: 'string' }, correction: { type: 'string', multiple: true }, rating: { type: 'string' }, note: { type: 'string' }, [role]: { type: 'string' } },
    0,
  );
  if (values.run === undefined) throw new UsageError('missing --run ID');
  const corrections = ids(values.correction);
  if (corrections.length === 0) throw new UsageError('missing --correction ID');
  const rating = choice('rating', values.rating, RATING_CHOICES);
  if (rating === undefined) throw new UsageError(`missing --rating (${RATING_CHOICES.join(', ')})`);
  const workspaceDir = resolve(values.workspace ?? '.');
  const given = (values as Record<string, unknown>)[role];
  const who = await raterFrom(typeof given === 'string' ? given : undefined, workspaceDir, io, role);
  return { workspaceDir, runId: values.run, corrections, rating, note: values.note, who };
}

export const rateCommand: Command = {
  path: ['rate'],
  summary: "Rate corrections of a run as a named rater (their own ratings/<rater>.jsonl)",
  help: `Usage: mistakebook rate --run ID --correction ID --rating R [options]

Saves a rating of each named correction in the run's ratings/<rater>.jsonl:
one file per rater, so several people's ratings merge in git. A rater name
that is not safe as a file name is stored under a safe form with a hash of
the name (said on stderr); the name itself is kept in each rating.

Options:
  --workspace DIR    the workspace holding .mistakebook (default: .)
  --run ID           the run
  --correction ID    the corrections to rate (repeat or comma-separate)
  --rating R         ${RATING_CHOICES.join(', ')}
  --note TEXT        why (saved with each rating)
  --rater NAME       who rates (default: git config user.name)
  -h, --help         show this help
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { workspaceDir, runId, corrections, rating, note, who: rater } = await judgementArgs(args, 'rater', io);
    const diagnostics: Diagnostic[] = [];
    for (const id of corrections) {
      await saveRating({ workspaceDir, runId }, newRating(id, rating, note?.trim(), new Date(), rater), (d) => diagnostics.push(d));
    }
    for (const d of diagnostics) await write(io.stderr, `${formatDiagnostic(d)}\n`);
    await write(io.stdout, `${rater} rated ${corrections.length} correction${corrections.length === 1 ? '' : 's'} ${rating}\n`);
    return 0;
  },
};
