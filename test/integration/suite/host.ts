/** What every integration suite needs from the extension host: our extension, activated, and patience. */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { MistakebookApi } from '../../../src/extension/main';

export const EXTENSION_ID = 'mistakebook.mistakebook';

/** The extension's API; activating an active extension just returns it. */
export async function activated(): Promise<MistakebookApi> {
  const ext = vscode.extensions.getExtension<MistakebookApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed in this VS Code`);
  return ext.activate();
}

/** The workbench applies some changes (tabs, views) a moment after the command returns. */
export async function eventually<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
