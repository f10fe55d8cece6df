/** Option values shared by the `run` commands. */
import { join } from 'node:path';
import { RUN_INFO_FILE, runDir } from '../core/store/layout';
import { readRunInfo } from '../core/store/runInfo';
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

export const DEFAULT_KEY_ENV = 'OPENAI_API_KEY';
/** Read before the default when set: the name earlier versions used, meant for this tool alone. */
export const OWN_KEY_ENV = 'MISTAKEBOOK_API_KEY';

/** How the stage commands' help describes where the key comes from. */
export const KEY_HELP = `environment variable holding the key (default
                                $${OWN_KEY_ENV} when set, else $${DEFAULT_KEY_ENV}
                                for https endpoints only; neither: no key);
                                'none' sends no key`;

/** The --api-key-env value that sends no key whatever the environment holds. */
const NO_KEY = 'none';

export const KEY_OPTIONS = { 'api-key-env': { type: 'string' }, 'corrector-api-key-env': { type: 'string' } } as const;

const set = (name: string): string | undefined => (process.env[name] === '' ? undefined : process.env[name]);

/**
 * The key in `name`. Without a name: $MISTAKEBOOK_API_KEY (set for this tool), else $OPENAI_API_KEY — but
 * that one only for an https endpoint, so an OpenAI key is never sent in clear text to a lab server that
 * needs none (a local vLLM or Ollama); naming the variable sends it anywhere.
 */
function keyFrom(name: string | undefined, endpoint: string | undefined): string | undefined {
  if (name === NO_KEY) return undefined;
  if (name === undefined) return set(OWN_KEY_ENV) ?? (endpoint?.startsWith('https://') ? set(DEFAULT_KEY_ENV) : undefined);
  const key = set(name);
  if (key === undefined) throw new UsageError(`the environment variable ${name} is not set`);
  return key;
}

/** The models' keys, from environment variables only: a key given as a flag would end up in shell history and `ps`. */
export function apiKeysFrom(
  values: { 'api-key-env'?: string | undefined; 'corrector-api-key-env'?: string | undefined },
  endpoints: { reasoner?: string | undefined; corrector?: string | undefined },
): { reasoner?: string; corrector?: string } {
  const reasoner = keyFrom(values['api-key-env'], endpoints.reasoner);
  const corrector = keyFrom(values['corrector-api-key-env'] ?? values['api-key-env'], endpoints.corrector ?? endpoints.reasoner);
  return { ...(reasoner === undefined ? {} : { reasoner }), ...(corrector === undefined ? {} : { corrector }) };
}

/** apiKeysFrom for the endpoints of a stored run (run.json). */
export async function apiKeysForRun(
  values: { 'api-key-env'?: string | undefined; 'corrector-api-key-env'?: string | undefined },
  workspaceDir: string,
  runId: string,
  /** A correction variant's own corrector endpoint, instead of the run's. */
  correctorEndpoint?: string,
): Promise<{ reasoner?: string; corrector?: string }> {
  const info = await readRunInfo(join(runDir(workspaceDir, runId), RUN_INFO_FILE)).catch(() => undefined);
  return apiKeysFrom(values, { reasoner: info?.models.reasoner?.endpoint, corrector: correctorEndpoint ?? info?.models.corrector?.endpoint });
}
