/**
 * Responses kept on disk by a hash of what was asked, so an identical request is paid for once,
 * across runs (DESIGN.md §3, `.mistakebook/cache/`). One JSON file a request, written atomically;
 * the key material is the endpoint's base URL, the model and the body — never the API key.
 */
import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../ids';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What identifies a request. `sample` tells apart the separate requests that stand in for `n`. */
export interface CacheKeyMaterial {
  /** Spelled as the SDK spells it: the field name is part of every stored key's hash, so it never changes. */
  baseURL: string;
  model: string;
  body: unknown;
  sample?: number;
}

export interface CachedResponse {
  key: CacheKeyMaterial;
  /** The endpoint's JSON response, as received. */
  response: unknown;
  requestId?: string;
  storedAt: string;
}

/** Equal requests hash equal whatever order their fields were set in (canonical JSON). */
export function cacheKey(material: CacheKeyMaterial): string {
  return sha256Hex(canonicalJson(material));
}

export class ResponseCache {
  constructor(readonly dir: string) {}

  /** Two-level layout (`ab/abcdef….json`) so a 100k-request run does not make one huge folder. */
  fileFor(hash: string): string {
    return join(this.dir, hash.slice(0, 2), `${hash}.json`);
  }

  /** The stored response, or undefined when there is none or the file is unreadable (then it is refetched). */
  async get(hash: string): Promise<CachedResponse | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileFor(hash), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const v = JSON.parse(text) as Partial<CachedResponse>;
      return v.key !== undefined && v.response !== undefined && typeof v.storedAt === 'string' ? (v as CachedResponse) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes to a temporary file and renames it into place, so a crash never leaves a half file. */
  async put(hash: string, entry: CachedResponse): Promise<void> {
    const file = this.fileFor(hash);
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(entry));
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
}
