import { resolve } from 'node:path';
import { version } from '../../package.json';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostic';
import {
  DEFAULT_TEMPLATES,
  describeExport,
  EXPORT_CONTENTS,
  EXPORT_FORMATS,
  exportFineTuningData,
  type ExportTemplates,
} from '../core/export';
import { RATING_RULES } from '../core/runs/ratingBook';
import { TASK_IDS } from '../core/task';
// Step-level truth: process labels (--format prm) and the error-type filter.
import { describeProcessLabels, exportProcessLabels } from '../core/export/processLabels';
import { ERROR_TYPES } from '../core/truth/errorTypes';
import { readUserText } from '../core/io/userFile';
import { choice, parseCommandLine, UsageError, type Command } from './command';
import { write, type CliIo } from './io';

const RATINGS = ['good', 'excellent'] as const;
const SHOWN_DIAGNOSTICS = 20;

/** A comma list ("a,b") or repeated flags, flattened. */
function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function whole(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number ≥ 0 (got '${value}')`);
  return Number(value);
}

async function readTemplates(file: string | undefined): Promise<Partial<ExportTemplates>> {
  if (file === undefined) return {};
  let value: unknown;
  try {
    // Read as every user file is: a regular file (a FIFO or a folder is refused by name), size-limited, UTF-8.
    value = JSON.parse(await readUserText(file, { maxBytes: 1024 * 1024, what: 'export templates file' }));
  } catch (e) {
    throw new UsageError(`--templates ${file}: ${(e as Error).message}; it should be a JSON object with some of ${Object.keys(DEFAULT_TEMPLATES).join(', ')}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`--templates ${file}: expected a JSON object`);
  const templates: Partial<ExportTemplates> = {};
  for (const [key, text] of Object.entries(value)) {
    if (!(key in DEFAULT_TEMPLATES)) throw new UsageError(`--templates ${file}: unknown key '${key}'; the keys are ${Object.keys(DEFAULT_TEMPLATES).join(', ')}`);
    if (typeof text !== 'string') throw new UsageError(`--templates ${file}: '${key}' must be text`);
    templates[key as keyof ExportTemplates] = text;
  }
  return templates;
}

export const exportCommand: Command = {
  path: ['export'],
  summary: 'Write fine-tuning data (CoT, corrections or both) from runs, with a manifest',
  help: `Usage: mistakebook export --output FILE [options]

Collects CoT data (the dataset's gold solutions and correct augmented paths)
and correction data (mistake → incorrect step, explanation, corrected steps)
from the runs in WORKSPACE/.mistakebook/runs and writes one training file,
shuffled under a seed, plus its manifest FILE.manifest.json: counts per
source and filter, duplicates removed, the seed and the sha256 of every
input, with paths relative to the manifest (the output) and to WORKSPACE
(the inputs). Exact duplicates (the same prompt and completion once white
space is collapsed) are written once and counted.

Options:
  --output FILE          where to write the examples
  --workspace DIR        the workspace holding .mistakebook (default: .)
  --format F             ${EXPORT_FORMATS.join(', ')} (default prompt-completion),
                         or prm: process labels, one JSONL line per mistake
                         with a verified correction: {question, steps,
                         labels, source, model, runId, pathId}; labels are 1
                         for each step before the first wrong one, 0 for it,
                         none after; from your step label where there is
                         one (source human), else the corrector's (corrector)
  --include-correct-paths  (prm) correct paths too, every step 1 (source answer)
  --error-type T         only corrections (prm: mistakes) whose error type is
                         T (repeat): ${ERROR_TYPES.join(', ')}
  --variant V            only corrections of this correction variant (repeat):
                         an id or its start, or original (each run's own
                         corrector and prompt); see mistakebook compare
  --content C            ${EXPORT_CONTENTS.join(', ')} (default both)
  --run ID               only these runs (repeat or comma-separate; default all)
  --model M              only outputs written by these models
  --task T               only runs of these tasks: ${TASK_IDS.join(', ')}
  --include-unverified   keep parsed corrections whose answer is still wrong
  --min-rating R         only corrections whose rating in force is at least R:
                         ${RATINGS.join(', ')}
  --rating-rule RULE     the rating in force when raters disagree: agreed
                         (default: adjudicated, else all raters agree, else
                         none) or majority; the manifest records it
  --size N               exactly N examples, chosen under the seed
  --size-like C          as many examples as --content C would give (the
                         equal-size control of an ablation)
  --seed N               shuffle and sampling seed (default 0)
  --test-set FILE        refuse to export any question of this dataset (repeat)
  --templates FILE       JSON object overriding ${Object.keys(DEFAULT_TEMPLATES).join(', ')}
  --force                replace FILE and its manifest if they exist
  -h, --help             show this help

Exit code: 0 written, 1 refused (FILE or its manifest exists without --force,
test-set overlap, too few examples, nothing left after the filters), 2 for a
wrong command line.
`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseCommandLine(
      args,
      {
        output: { type: 'string' },
        workspace: { type: 'string' },
        format: { type: 'string' },
        content: { type: 'string' },
        run: { type: 'string', multiple: true },
        model: { type: 'string', multiple: true },
        task: { type: 'string', multiple: true },
        'include-unverified': { type: 'boolean' },
        'min-rating': { type: 'string' },
        'rating-rule': { type: 'string' },
        size: { type: 'string' },
        'size-like': { type: 'string' },
        seed: { type: 'string' },
        'test-set': { type: 'string', multiple: true },
        templates: { type: 'string' },
        force: { type: 'boolean' },
        'include-correct-paths': { type: 'boolean' },
        'error-type': { type: 'string', multiple: true },
        variant: { type: 'string', multiple: true },
      },
      0,
    );
    if (values.output === undefined) throw new UsageError('missing --output: the file to write the examples to');
    const errorTypes = list(values['error-type']).map((t) => choice('error-type', t, ERROR_TYPES) ?? 'other');
    const variants = list(values.variant);
    if (values.format === 'prm') {
      const result = await exportProcessLabels({
        workspaceDir: resolve(values.workspace ?? '.'),
        output: resolve(values.output),
        overwrite: values.force === true,
        runs: list(values.run),
        models: list(values.model),
        errorTypes,
        includeCorrectPaths: values['include-correct-paths'] === true,
        ...(variants.length === 0 ? {} : { variants }),
        toolVersion: version,
        onDiagnostic: (d) => void write(io.stderr, `${formatDiagnostic(d)}\n`),
      });
      await write(io.stdout, `wrote ${describeProcessLabels(result.manifest)} to ${result.output}\nmanifest: ${result.manifestPath}\n`);
      return 0;
    }
    if (values['include-correct-paths'] === true) throw new UsageError('--include-correct-paths goes with --format prm');
    const tasks = list(values.task).map((t) => choice('task', t, TASK_IDS) ?? 'gsm8k');
    const size = whole('size', values.size);
    const sizeLike = choice('size-like', values['size-like'], EXPORT_CONTENTS);
    if (size !== undefined && sizeLike !== undefined) throw new UsageError('give --size or --size-like, not both');
    const minRating = choice('min-rating', values['min-rating'], RATINGS);
    const ratingRule = choice('rating-rule', values['rating-rule'], RATING_RULES);
    const workspace = resolve(values.workspace ?? '.');
    const diagnostics: Diagnostic[] = [];
    try {
      const result = await exportFineTuningData({
        workspaceDir: workspace,
        output: resolve(values.output),
        overwrite: values.force === true,
        format: choice('format', values.format, EXPORT_FORMATS) ?? 'prompt-completion',
        content: choice('content', values.content, EXPORT_CONTENTS) ?? 'both',
        filters: {
          runs: list(values.run),
          models: list(values.model),
          tasks,
          verifiedOnly: values['include-unverified'] !== true,
          ...(minRating === undefined ? {} : { minRating }),
          ...(ratingRule === undefined ? {} : { ratingRule }),
          ...(errorTypes.length === 0 ? {} : { errorTypes }),
          ...(variants.length === 0 ? {} : { variants }),
        },
        templates: await readTemplates(values.templates),
        seed: whole('seed', values.seed) ?? 0,
        ...(size === undefined ? {} : { size }),
        ...(sizeLike === undefined ? {} : { sizeLike }),
        testSets: (values['test-set'] ?? []).map((f) => resolve(f)),
        toolVersion: version,
        onDiagnostic: (d) => diagnostics.push(d),
      });
      await write(
        io.stdout,
        `wrote ${describeExport(result.manifest)} to ${result.output}\n` +
          `manifest: ${result.manifestPath}\n` +
          (result.replaced.length > 0 ? `replaced: ${result.replaced.join(', ')}\n` : ''),
      );
      return 0;
    } finally {
      // Refusals (an existing file, test-set overlap, too few examples) are thrown and printed by the CLI's main with exit code 1.
      for (const d of diagnostics.slice(0, SHOWN_DIAGNOSTICS)) await write(io.stderr, `${formatDiagnostic(d)}\n`);
      if (diagnostics.length > SHOWN_DIAGNOSTICS) await write(io.stderr, `… and ${diagnostics.length - SHOWN_DIAGNOSTICS} more problems\n`);
    }
  },
};
