/**
 * The experiment's two sets for local training: dataset entries in the shapes two common open
 * trainers read, written beside the JSONL files (chat format, `{"messages": [...]}` a line).
 *   LLaMA-Factory: `dataset_info.json`, one entry per set (sharegpt formatting with OpenAI role tags);
 *     point `dataset_dir` at this folder and use `dataset: mistakebook_cot` or `mistakebook_lema`.
 *   Axolotl: `axolotl-<set>.yml`, a `datasets:` block (chat_template over `messages`, training on
 *     the assistant turns only) to paste into a config, with paths relative to this folder.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomicWrite';

export interface TrainerSet {
  /** cot or lema. */
  name: string;
  /** The JSONL file's name in the folder. */
  file: string;
  examples: number;
}

export function llamaFactoryDatasetInfo(sets: readonly TrainerSet[]): string {
  const info: Record<string, unknown> = {};
  for (const s of sets) {
    info[`mistakebook_${s.name}`] = {
      file_name: s.file,
      formatting: 'sharegpt',
      columns: { messages: 'messages' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
    };
  }
  return `${JSON.stringify(info, null, 2)}\n`;
}

export function axolotlDatasets(set: TrainerSet, experimentId: string): string {
  return [
    `# Mistakebook ${experimentId}: the ${set.name} set (${set.examples} examples). Paste into an Axolotl config;`,
    '# the path is relative to this folder, so run Axolotl from here or make it absolute.',
    'datasets:',
    `  - path: ./${set.file}`,
    '    ds_type: json',
    '    type: chat_template',
    '    field_messages: messages',
    '    message_property_mappings:',
    '      role: role',
    '      content: content',
    '    roles_to_train: ["assistant"]',
    '',
  ].join('\n');
}

/** Writes the entries for both sets into `dir`; returns the files written. */
export async function writeTrainerFiles(dir: string, sets: readonly TrainerSet[], experimentId: string): Promise<string[]> {
  const written = [join(dir, 'dataset_info.json')];
  await writeFileAtomic(written[0] as string, llamaFactoryDatasetInfo(sets));
  for (const s of sets) {
    const file = join(dir, `axolotl-${s.name}.yml`);
    await writeFileAtomic(file, axolotlDatasets(s, experimentId));
    written.push(file);
  }
  return written;
}
