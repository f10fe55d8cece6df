/** Naming and tagging a run: written into its run.json, which stages re-read before each update, so a stage running meanwhile keeps the name. */
import { join } from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { RUN_INFO_FILE, runDir } from './layout';
import { checkRunId } from './runId';
import { readRunInfo, type RunInfo } from './runInfo';

export interface RunLabel {
  /** Empty: the run has no name (views show its reasoner and start time). */
  name: string;
  tags: readonly string[];
}

/** Tags as typed: "ablation, v2  #prompt-b" → ["ablation", "v2", "prompt-b"], each once. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[,\s]+/)
    .map((t) => t.replace(/^#/, '').trim())
    .filter((t) => t !== '');
  return [...new Set(tags)];
}

export async function labelRun(workspaceDir: string, runId: string, label: RunLabel): Promise<RunInfo> {
  checkRunId(runId);
  const file = join(runDir(workspaceDir, runId), RUN_INFO_FILE);
  const info = await readRunInfo(file);
  const name = label.name.replace(/\s+/g, ' ').trim();
  const next: RunInfo = { ...info };
  delete next.name;
  delete next.tags;
  if (name !== '') next.name = name.slice(0, 120);
  if (label.tags.length > 0) next.tags = [...new Set(label.tags.map((t) => t.trim()).filter((t) => t !== ''))].slice(0, 20);
  await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
