/** Option values shared by the `run` commands. */
import { UsageError } from './command';

/** A whole number ≥ 1. */
export function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a whole number ≥ 1 (got '${text}')`);
  return value;
}

export function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number (got '${text}')`);
  return value;
}

/** The workspace: --workspace, or the current directory. */
export function workspaceOf(value: string | undefined): string {
  return value ?? process.cwd();
}

export const DEFAULT_KEY_ENV = 'MISTAKEBOOK_API_KEY';

export const KEY_OPTIONS = { 'api-key-env': { type: 'string' }, 'corrector-api-key-env': { type: 'string' } } as const;

/** The key in `name`; unset means none is sent (local servers need none), unless the name was asked for. */
function keyFrom(name: string | undefined): string | undefined {
  const key = process.env[name ?? DEFAULT_KEY_ENV];
  if (key === undefined || key === '') {
    if (name !== undefined) throw new UsageError(`the environment variable ${name} is not set`);
    return undefined;
  }
  return key;
}

/** The models' keys, from environment variables only: a key given as a flag would end up in shell history and `ps`. */
export function apiKeysFrom(values: { 'api-key-env'?: string | undefined; 'corrector-api-key-env'?: string | undefined }): { reasoner?: string; corrector?: string } {
  const reasoner = keyFrom(values['api-key-env']);
  const corrector = values['corrector-api-key-env'] === undefined ? reasoner : keyFrom(values['corrector-api-key-env']);
  return { ...(reasoner === undefined ? {} : { reasoner }), ...(corrector === undefined ? {} : { corrector }) };
}
