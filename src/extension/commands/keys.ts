/** The one key prompt: a model's key from secret storage, asked for (and stored) when a non-local endpoint has none. */
import * as vscode from 'vscode';
import type { ModelRole } from '../../core/store/runInfo';
import type { Context } from '../context';
import { isLocalEndpoint } from '../secrets';

/** undefined: no key needed (a local server); null: the researcher backed out. */
export async function keyFor(ctx: Pick<Context, 'keys' | 'output'>, endpoint: string, role: ModelRole): Promise<string | undefined | null> {
  let key = await ctx.keys.get(endpoint);
  if (key === undefined && !isLocalEndpoint(endpoint)) {
    key = await vscode.window.showInputBox({
      title: `API key for ${endpoint} (${role})`,
      prompt: 'Stored in VS Code secret storage, never in settings or run files.',
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined || key === '') return null;
    await ctx.keys.set(endpoint, key);
  }
  // The output channel cuts every key it was handed out of its lines.
  if (key !== undefined) ctx.output.rememberSecret(key);
  return key;
}

/** Keys for each model of a run; undefined when the researcher backed out of a prompt. */
export async function keysForModels(
  ctx: Pick<Context, 'keys' | 'output'>,
  models: Partial<Record<ModelRole, { endpoint: string }>>,
): Promise<Partial<Record<ModelRole, string>> | undefined> {
  const keys: Partial<Record<ModelRole, string>> = {};
  for (const [role, spec] of Object.entries(models) as [ModelRole, { endpoint: string }][]) {
    const key = await keyFor(ctx, spec.endpoint, role);
    if (key === null) return undefined;
    if (key !== undefined) keys[role] = key;
  }
  return keys;
}
