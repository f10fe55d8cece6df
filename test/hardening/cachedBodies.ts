/** What a run has already paid for: the request bodies in its response cache, hashed as the fake server hashes them. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** sha256 of each cached request body (the SDK sends JSON.stringify of the body, which the cache keeps as is). */
export function cachedBodies(cacheDir: string): Set<string> {
  const out = new Set<string>();
  if (!existsSync(cacheDir)) return out;
  for (const sub of readdirSync(cacheDir)) {
    for (const name of readdirSync(join(cacheDir, sub))) {
      if (!name.endsWith('.json')) continue;
      const entry = JSON.parse(readFileSync(join(cacheDir, sub, name), 'utf8')) as { key: { body: unknown } };
      out.add(createHash('sha256').update(JSON.stringify(entry.key.body)).digest('hex'));
    }
  }
  return out;
}
