/** Where exports go unless the user says otherwise: `<workspace>/exports`. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export const EXPORT_FOLDER = 'exports';

/** The default export folder, created if missing, so a save dialog opened in it need not offer to make it. */
export async function ensureExportFolder(workspaceDir: string): Promise<string> {
  const folder = join(workspaceDir, EXPORT_FOLDER);
  await mkdir(folder, { recursive: true });
  return folder;
}
