/**
 * Export's question about correction variants (issue 16): asked only when a chosen run has more
 * than one, so an ablation's set does not mix two prompts' corrections of the same mistake by
 * accident. All are picked at first; keeping them all exports every variant, as before.
 */
import * as vscode from 'vscode';
import { RunStore } from '../../core/store/runStore';
import { readVariants, variantLabel, type Variant } from '../../core/variants';

/** Variant ids to export, undefined for all (or nothing to ask), null when the user backed out. */
export async function askVariants(workspaceDir: string, runIds: readonly string[], log: (line: string) => void): Promise<string[] | undefined | null> {
  const byId = new Map<string, { variant: Variant; runs: string[] }>();
  let several = false;
  for (const runId of runIds) {
    let variants: Variant[];
    try {
      const store = await RunStore.open(workspaceDir, runId, { onDiagnostic: (d) => log(`${d.file}:${d.line}: ${d.message}`) });
      variants = await readVariants(store).finally(() => store.close());
    } catch (e) {
      log(`Mistakebook: the variants of run ${runId} could not be read: ${(e as Error).message}`);
      continue;
    }
    if (variants.length > 1) several = true;
    for (const v of variants) {
      const seen = byId.get(v.id);
      if (seen === undefined) byId.set(v.id, { variant: v, runs: [runId] });
      else seen.runs.push(runId);
    }
  }
  if (!several) return undefined;
  const items = Array.from(byId.values(), ({ variant, runs }) => ({
    label: variantLabel(variant),
    description: variant.original ? 'the run’s own corrector and prompt' : 'added with Correct with Another Prompt…',
    detail: `runs: ${runs.join(', ')}`,
    picked: true,
    id: variant.id,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Export Fine-tuning Data: correction variants (a run has several)',
    placeHolder: 'Corrections of the picked variants are exported; keep one for an ablation',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (picked === undefined || picked.length === 0) return null;
  return picked.length === items.length ? undefined : picked.map((p) => p.id);
}
