import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { Context } from '../context';
import { normaliseBaseUrl } from '../secrets';

/**
 * Mistakebook: Set API Key — stores the key of one endpoint in SecretStorage. From the palette it
 * asks which endpoint (the reasoner's, the corrector's, or another) and for the key; tests and
 * other extensions pass both. An empty key removes the stored one.
 */
export async function setApiKey(ctx: Context, baseUrl?: unknown, key?: unknown): Promise<boolean> {
  const keys = ctx.keys;
  const endpoint = (typeof baseUrl === 'string' ? baseUrl : undefined) ?? (await chooseEndpoint());
  if (endpoint === undefined) return false;
  const value =
    (typeof key === 'string' ? key : undefined) ??
    (await vscode.window.showInputBox({
      title: `API key for ${normaliseBaseUrl(endpoint)}`,
      prompt: 'Kept in VS Code secret storage (the OS keychain on desktop), never in settings or run files. Leave empty to remove the stored key.',
      password: true,
      ignoreFocusOut: true,
    }));
  if (value === undefined) return false;
  if (value.trim() === '') {
    await keys.delete(endpoint);
    void vscode.window.showInformationMessage(`Mistakebook: removed the API key of ${normaliseBaseUrl(endpoint)}.`);
    return true;
  }
  await keys.set(endpoint, value.trim());
  void vscode.window.showInformationMessage(`Mistakebook: API key saved for ${normaliseBaseUrl(endpoint)}.`);
  return true;
}

async function chooseEndpoint(): Promise<string | undefined> {
  const s = readSettings();
  const byUrl = new Map<string, string[]>();
  for (const role of ['reasoner', 'corrector'] as const) {
    const url = normaliseBaseUrl(s[role].baseUrl);
    byUrl.set(url, [...(byUrl.get(url) ?? []), role]);
  }
  const other = { label: '$(add) Another endpoint…', description: '', url: undefined };
  const picked = await vscode.window.showQuickPick(
    [...[...byUrl].map(([url, roles]) => ({ label: url, description: roles.join(' and '), url })), other],
    { title: 'Set the API key of which endpoint?' },
  );
  if (picked === undefined) return undefined;
  if (picked.url !== undefined) return picked.url;
  return vscode.window.showInputBox({
    title: 'Endpoint base URL',
    placeHolder: 'https://api.openai.com/v1',
    validateInput: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'A base URL such as https://api.openai.com/v1 or http://localhost:8000/v1'),
  });
}
