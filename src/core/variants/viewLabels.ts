/**
 * The variant of each correction as the mistake view names it: the variant id the row carries (or
 * the original one's), and "model · prompt file (or short sha) · id". The original variant comes
 * from run.json; the prompt files of added ones from the run's variants.jsonl, read again only when
 * it changed (it holds a few rows).
 */
import { readFileSync, statSync } from 'node:fs';
import type { CorrectionRecord } from '../pipeline/records';
import { runDir, tableFile } from '../store/layout';
import type { RunInfo } from '../store/runInfo';
import { originalOf } from './readVariants';
import { variantLabel, variantOf, type VariantRecord } from './variant';

const promptFiles = new Map<string, { stamp: string; files: Map<string, string> }>();

/** Variant id → prompt file of the variants a run added; empty when it has none or they cannot be read. */
function addedPromptFiles(workspaceDir: string, runId: string): ReadonlyMap<string, string> {
  const file = tableFile(runDir(workspaceDir, runId), 'variants');
  let stamp: string;
  try {
    const s = statSync(file);
    stamp = `${s.size}:${s.mtimeMs}:${s.ino}`;
  } catch {
    return new Map();
  }
  const cached = promptFiles.get(file);
  if (cached?.stamp === stamp) return cached.files;
  const files = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    try {
      const v = JSON.parse(line) as Partial<VariantRecord>;
      if (typeof v.id === 'string' && typeof v.prompt?.file === 'string' && !files.has(v.id)) files.set(v.id, v.prompt.file);
    } catch {
      // a torn or damaged line: the store's readers report it; a label just goes without the file name
    }
  }
  promptFiles.set(file, { stamp, files });
  return files;
}

export function correctionVariantNamer(info: Readonly<RunInfo>, workspaceDir: string): (c: CorrectionRecord) => { variant?: string; variantLabel?: string } {
  let original: ReturnType<typeof originalOf>;
  try {
    original = originalOf(info);
  } catch {
    original = undefined; // a run.json the stages cannot use still shows its corrections
  }
  const originalId = original?.id ?? '';
  const added = addedPromptFiles(workspaceDir, info.id);
  return (c) => {
    const variant = variantOf(c, originalId);
    if (variant === '') return {};
    const file = variant === originalId && c.promptSha256 === original?.prompt.sha256 ? original.prompt.file : added.get(variant);
    return { variant, variantLabel: variantLabel({ id: variant, model: { model: c.model }, prompt: { sha256: c.promptSha256, ...(file === undefined ? {} : { file }) } }) };
  };
}
